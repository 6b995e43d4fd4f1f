"""`storyreel reel frames|clips|score|voices`: the reel's journey without the editor.

The same requests as the Storyboard, Clips and Score panels (studio.workflows.reel.requests),
the same landing (studio.workflows.landing): each take lands in the project's media/ and in
its shot's span or over its score range, and the project is saved after each take.
"""

from __future__ import annotations

import argparse
import contextlib
import secrets
import sys

from studio.cli_commands import voices
from studio.cli_commands.running import add_cluster_option, cluster_of
from studio.errors import StoryreelError, UserError

BUILTIN_PREFIX = "builtin."  # the app's own generators (plugins/builtin)
# Each step's generator without --generator: quick built-ins, no model needed.
DEFAULT_GENERATORS = {
    "frames": "builtin.title-card",
    "clips": "builtin.ken-burns",
    "score": "builtin.temp-score",
}


def register(sub: argparse._SubParsersAction) -> None:
    reel = sub.add_parser("reel", help="generate the reel's frames, clips and score")
    steps = reel.add_subparsers(dest="step", metavar="STEP", required=True)

    frames = steps.add_parser("frames", help="a storyboard frame for each shot")
    _common(frames, DEFAULT_GENERATORS["frames"])
    _shots(frames, "shots without a frame or clip")
    frames.add_argument("--style", default=None, help="style preset (default: pencil-storyboard)")
    frames.set_defaults(handler=cmd_frames)

    clips = steps.add_parser("clips", help="a clip for each shot, from its frame")
    _common(clips, DEFAULT_GENERATORS["clips"])
    _shots(clips, "shots without a clip")
    clips.add_argument(
        "--from",
        dest="source",
        choices=("frame", "text"),
        default="frame",
        help="animate each shot's frame (default), or make the clip from text alone",
    )
    clips.add_argument("--camera", default="static", help="static, pan, dolly or handheld")
    clips.set_defaults(handler=cmd_clips)

    score = steps.add_parser("score", help="music fitted to the reel, a scene, or a range")
    _common(score, DEFAULT_GENERATORS["score"])
    where = score.add_mutually_exclusive_group()
    where.add_argument("--all", action="store_true", help="the whole reel (the default)")
    where.add_argument("--scene", metavar="N", help="a scene, by its number in the script")
    where.add_argument(
        "--range", nargs=2, type=float, metavar=("START", "END"), help="seconds on the timeline"
    )
    score.add_argument("--prompt", default=None, help="default: fused from the scenes' moods")
    score.set_defaults(handler=cmd_score)

    voices.register(steps)  # `reel voices` (studio.cli_commands.voices)


def _common(parser: argparse.ArgumentParser, default: str) -> None:
    parser.add_argument("project", metavar="PROJECT")
    parser.add_argument("--generator", default=default, metavar="ID", help=f"default: {default}")
    parser.add_argument(
        "--param", action="append", default=[], metavar="K=V", help="a generator parameter"
    )
    parser.add_argument("--seed", type=int, default=None, help="default: random, printed")
    add_cluster_option(parser)


def _shots(parser: argparse.ArgumentParser, missing: str) -> None:
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--shots", metavar="1,3-5", help="shots by their place in the story")
    which.add_argument("--missing", action="store_true", help=f"only {missing} (the default)")


def cmd_frames(args: argparse.Namespace) -> int:
    from studio.workflows.landing import Target
    from studio.workflows.reel import reel
    from studio.workflows.reel.requests import FRAME_STYLE, shot_frame_request

    with _prepared(args) as (doc, engine, cls, params, seed):
        project = doc.project
        if args.shots:
            shots = _parse(project, args.shots)
        else:
            shots = [
                s
                for s in project.shots
                if reel.shot_picture(project, s.id) is None and not reel.shows_video(project, s.id)
            ]
        wanted = [
            (
                f"shot {project.shots.index(s) + 1}",
                Target(shot_id=s.id),
                shot_frame_request(
                    project, doc.path, s, cls, params, seed + n, args.style or FRAME_STYLE
                ),
            )
            for n, s in enumerate(shots)
        ]
        return _run(doc, engine, cls, wanted, "every shot has a frame")


def cmd_clips(args: argparse.Namespace) -> int:
    from studio.workflows.clips import clips
    from studio.workflows.landing import Target

    with _prepared(args) as (doc, engine, cls, params, seed):
        project = doc.project
        shots = _parse(project, args.shots) if args.shots else clips.shots_without_clip(project)
        off = [s for s in shots if clips.shot_slot(project, s.id) is None]
        if off:
            raise UserError(f"{_numbers(project, off)} not on the timeline: break the script down")
        if args.source == "frame":
            bare = clips.shots_without_frame(project, shots)
            if bare:
                raise UserError(
                    f"{_numbers(project, bare)} no storyboard frame to animate: make frames "
                    "first (`storyreel reel frames`), or pass --from text"
                )
        requests = clips.clip_requests(
            project, doc.path, params=params, seed=seed, camera=args.camera, shots=shots
        )
        number = {s.id: n for n, s in enumerate(project.shots, start=1)}
        wanted = [
            (f"shot {number[r.shot_id]}", Target(shot_id=r.shot_id), r.request) for r in requests
        ]
        if args.source == "text":
            import dataclasses

            wanted = [(w, t, dataclasses.replace(r, inputs=())) for w, t, r in wanted]
        return _run(doc, engine, cls, wanted, "every shot has a clip")


def cmd_score(args: argparse.Namespace) -> int:
    from studio.model.time import seconds_to_frames
    from studio.workflows.landing import Target
    from studio.workflows.reel.requests import score_request
    from studio.workflows.score.fit import fitted
    from studio.workflows.score.prompt import fuse_score_prompt, scene_range
    from studio.workflows.score.refit import cut_record

    with _prepared(args) as (doc, engine, cls, params, seed):
        project = doc.project
        fps = project.settings.fps
        if args.range:
            start, end = (seconds_to_frames(s, fps) for s in args.range)
            follows = ""
        elif args.scene:
            scene = next((s for s in project.scenes if s.number == args.scene), None)
            if scene is None:
                numbers = ", ".join(s.number for s in project.scenes) or "none"
                raise UserError(f"--scene: no scene {args.scene} (the scenes are {numbers})")
            span = scene_range(project, scene.id)
            if span is None:
                raise UserError(f"scene {args.scene} has no shots on the timeline")
            (start, end), follows = span, f"scene:{scene.id}"
        else:
            start, end, follows = 0, project.duration, "reel"
        if not 0 <= start < end:
            raise UserError("the range to score is empty: the timeline has nothing there")
        prompt = args.prompt or fuse_score_prompt(project, start, end).text()
        target = Target(
            score=(start, end), follows=follows, fitted_to=cut_record(project, start, end)
        )
        request = score_request(project, start, end, prompt, params, seed)
        return _run(doc, engine, fitted(cls), [("score", target, request)], "")


@contextlib.contextmanager
def _prepared(args: argparse.Namespace):
    """(doc, engine, generator class, params, seed) for a reel command, the engine's
    worker starting at once: its process's start and imports overlap loading the project
    and fusing the requests (for quick generators, most of the command's own cost)."""
    from studio.engine import Engine, discover
    from studio.engine.params import parse_params
    from studio.model.files import load_project

    registry = discover()
    cls = registry.get(args.generator)
    params = parse_params(cls.Params, args.param)
    cluster = cluster_of(args)
    isolation = "thread" if cluster is None and runs_in_command(registry, cls) else None
    engine = Engine(registry, cluster=cluster, isolation=isolation)
    try:
        engine.warm_up(cls)
        doc = load_project(args.project)
        seed = secrets.randbelow(2**31) if args.seed is None else args.seed
        print(f"{cls.id}: seed {seed}", file=sys.stderr)
        yield doc, engine, cls, params, seed
    finally:
        # Every take is saved: the worker is told to end, not waited for (60 ms).
        engine.close(wait=False)


def runs_in_command(registry, cls) -> bool:
    """Whether a generator runs in the command's own process rather than a worker: the
    app's own built-ins, numpy code with no model and nothing a plugin brings, whose
    crash could only end this command (each take before it is saved). A worker's start
    and greeting cost them 0.25-0.3 s, a third of a quick step (bench/bench_reel.py).
    The editor runs them in a worker all the same: there a thread would hold the GIL
    against the GUI thread."""
    from studio.engine.discovery import ships_with_app

    record = registry.record(cls.id)
    return (
        cls.runs_on == "cpu"
        and record is not None
        and record.where is not None
        and ships_with_app(record.where)
        and cls.id.startswith(BUILTIN_PREFIX)
    )


def _parse(project, text: str):
    from studio.workflows.reel.requests import parse_shots

    return parse_shots(project, text)


def _numbers(project, shots) -> str:
    numbers = ", ".join(str(project.shots.index(s) + 1) for s in shots)
    return f"shot {numbers} has" if len(shots) == 1 else f"shots {numbers} have"


def _run(doc, engine, cls, wanted, nothing: str) -> int:
    """Queue every request at once (a cluster spreads them over its GPUs), then land each
    take in the order asked and save after each: a take that landed stays even if a later
    one fails or the run is interrupted."""
    from studio.cli_commands.running import land_and_save, progress_printer, wait_for

    if not wanted:
        print(nothing or "nothing to generate", file=sys.stderr)
        return 0
    failed = 0
    # Each job's label by its target (known before it is submitted: a quick job may report
    # before submit returns).
    heads = {id(t): f"[{n}/{len(wanted)}] {what}" for n, (what, t, _r) in enumerate(wanted, 1)}
    engine.subscribe(progress_printer(lambda job: heads.get(id(job.target))))
    jobs = [
        engine.submit(cls, request, media_dir=doc.path / "media", target=target)
        for _what, target, request in wanted
    ]
    # Landing a take probes its file: that code is imported while the first job runs,
    # not after it.
    import studio.workflows.importer  # noqa: F401

    for job in jobs:
        head = heads[id(job.target)]
        wait_for(job)
        if job.worker is not None:
            print(f"{head}: ran on {job.worker}", file=sys.stderr)
        failed += not land_and_save(doc, job, head)
    if failed:
        raise StoryreelError(f"{failed} of {len(wanted)} take(s) were not made")
    return 0
