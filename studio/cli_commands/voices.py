"""`storyreel reel voices`: the script's dialogue voiced, each character in their own voice.

The same requests and landing as the Script panel's Voice buttons (studio.workflows.voices.voices,
studio.workflows.landing): only lines never voiced or changed since are voiced, each take
lands on the Dialogue track and the project is saved after each; `--fit-shots` then grows
the shots to their lines as one more undo step.
"""

from __future__ import annotations

import argparse
import secrets
import sys

from studio.errors import StoryreelError, UserError


def register(steps: argparse._SubParsersAction) -> None:
    voices = steps.add_parser("voices", help="voice the script's dialogue on a Dialogue track")
    voices.add_argument("project", metavar="PROJECT")
    where = voices.add_mutually_exclusive_group()
    where.add_argument("--all", action="store_true", help="the whole script (the default)")
    where.add_argument("--scene", metavar="N", help="a scene, by its number in the script")
    voices.add_argument(
        "--again", action="store_true", help="voice current lines too, not only changed ones"
    )
    voices.add_argument(
        "--fit-shots",
        action="store_true",
        help="then grow each shot to hold its lines, moving the later shots",
    )
    voices.add_argument("--seed", type=int, default=None, help="default: random, printed")
    voices.set_defaults(handler=cmd_voices)


def cmd_voices(args: argparse.Namespace) -> int:
    from studio.engine import discover
    from studio.model.files import load_project
    from studio.workflows.landing import Target
    from studio.workflows.voices.dialogue import plan_lines
    from studio.workflows.voices.voices import (
        line_request,
        line_take,
        to_voice,
        voice_of,
        voice_params,
    )

    doc = load_project(args.project)
    project = doc.project
    if not project.scenes:
        raise UserError("the project has no scenes: break the script down first")
    planned = plan_lines(project)
    if args.scene:
        scene = next((s for s in project.scenes if s.number == args.scene), None)
        if scene is None:
            numbers = ", ".join(s.number for s in project.scenes) or "none"
            raise UserError(f"--scene: no scene {args.scene} (the scenes are {numbers})")
        planned = [p for p in planned if p.scene_id == scene.id]
    unplaced = {p.scene_id for p in planned if p.shot_id is None}
    if unplaced:
        numbers = ", ".join(s.number for s in project.scenes if s.id in unplaced)
        raise UserError(f"scene {numbers} has no shots on the timeline: break the script down")
    registry = discover()
    seed = secrets.randbelow(2**31) if args.seed is None else args.seed
    print(f"voices: seed {seed}", file=sys.stderr)
    wanted = []
    for n, p in enumerate(to_voice(planned, everything=args.again)):
        voice = voice_of(project, p.speech.character)
        cls = registry.get(voice.generator)
        request = line_request(project, p.speech.text, voice_params(cls, voice), seed + n)
        what = f"{p.speech.character}: {p.speech.text[:40]}"
        wanted.append((what, cls, Target(line=line_take(project, p)), request))
    if not wanted:
        print("every line is voiced and up to date", file=sys.stderr)
        _relayout(doc)  # its shots may have moved since
    else:
        _run(doc, registry, wanted)
    if args.fit_shots:
        _fit(doc)
    return 0


def _run(doc, registry, wanted) -> None:
    """Run each request, land each take and save after each (as `storyreel reel frames`)."""
    from studio.cli_commands.running import land_and_save, progress_printer, wait_for
    from studio.engine import Engine

    failed = 0
    with Engine(registry) as engine:
        for number, (what, cls, target, request) in enumerate(wanted, start=1):
            head = f"[{number}/{len(wanted)}] {what}"
            unsubscribe = engine.subscribe(progress_printer(head))
            job = engine.submit(cls, request, media_dir=doc.path / "media", target=target)
            wait_for(job)
            unsubscribe()
            failed += not land_and_save(doc, job, head)
    if failed:
        raise StoryreelError(f"{failed} of {len(wanted)} line(s) were not voiced")


def _relayout(doc) -> None:
    from studio.model.files import save_project
    from studio.workflows.voices.voices import relayout_edit

    edit = relayout_edit(doc.project)
    if edit is not None and doc.apply(edit):
        save_project(doc)
        print("the lines are laid out again under their shots", file=sys.stderr)


def _fit(doc) -> None:
    from studio.model.files import save_project
    from studio.workflows.voices.voices import fit_shots

    project = doc.project
    fitting = fit_shots(project)
    for shot_id in fitting.short:
        shot = project.item("shots", shot_id)
        number = project.shots.index(shot) + 1
        print(f"shot {number} shows a clip too short for its lines", file=sys.stderr)
    if fitting.edit is None:
        print("every shot already holds its lines", file=sys.stderr)
        return
    result = doc.apply(fitting.edit)
    if not result:
        raise UserError(f"cannot time the shots to their dialogue: {result.reason}")
    save_project(doc)
    print(f"{fitting.grown} shot(s) grown to their dialogue", file=sys.stderr)
