"""`storyreel plugins` and `storyreel generate`: list generators, run one through the engine."""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path

from studio.cli_commands.running import add_cluster_option, cluster_of
from studio.errors import StoryreelError, UserError

_KIND_BY_SUFFIX = {
    **dict.fromkeys((".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff"), "image"),
    **dict.fromkeys((".wav", ".flac", ".mp3", ".ogg", ".m4a", ".aif", ".aiff"), "audio"),
    **dict.fromkeys((".mp4", ".mov", ".mkv", ".webm", ".avi"), "video"),
    ".txt": "text",
}


def register(sub: argparse._SubParsersAction) -> None:
    plugins = sub.add_parser("plugins", help="list generator plugins and their status")
    plugins.add_argument("--json", action="store_true", help="print a JSON list")
    plugins.set_defaults(handler=cmd_plugins)

    gen = sub.add_parser("generate", help="run one generator and write its output")
    gen.add_argument("generator", metavar="ID", help="generator id, e.g. builtin.title-card")
    gen.add_argument("--prompt", required=True, metavar="TEXT")
    gen.add_argument("--negative", default="", metavar="TEXT", help="negative prompt")
    gen.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a generator parameter (repeatable); `storyreel plugins` names the generators",
    )
    gen.add_argument("--seed", type=int, default=None, help="default: a random seed, printed")
    gen.add_argument("--size", default=None, metavar="WxH", help="default: project or 1280x720")
    gen.add_argument(
        "--duration",
        type=float,
        default=None,
        metavar="SECONDS",
        help="length of audio or video (default 4)",
    )
    gen.add_argument("--fps", default=None, help="frame rate (default: project or 24)")
    gen.add_argument(
        "--input",
        action="append",
        default=[],
        metavar="FILE",
        help="conditioning media: image, audio, video or .txt (repeatable)",
    )
    gen.add_argument("--out", required=True, metavar="FILE", help="the file to write")
    gen.add_argument("--project", default=None, metavar="PATH", help="place the take here")
    gen.add_argument(
        "--at",
        type=float,
        default=None,
        metavar="SECONDS",
        help="where on the project's timeline (with --project)",
    )
    add_cluster_option(gen)
    gen.set_defaults(handler=cmd_generate)


def cmd_plugins(args: argparse.Namespace) -> int:
    from studio.engine.discovery import discover

    records = list(discover())
    if args.json:
        json.dump([r.to_json() for r in records], sys.stdout, indent=2)
        print()
        return 0
    rows = [("ID", "VERSION", "OUTPUT", "ACCEPTS", "STATUS", "SOURCE")]
    rows += [
        (r.id, r.version or "-", r.output or "-", ",".join(r.accepts) or "-", r.status, r.source)
        for r in records
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    for row in rows:
        print("  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)), row[5]]))
    for r in records:
        if r.error:
            print(f"{r.id}: {r.error}")
    return 0


def cmd_generate(args: argparse.Namespace) -> int:
    from studio.cli_commands.running import progress_printer, wait_for
    from studio.engine import Engine, JobState, discover
    from studio.engine.params import parse_params
    from studio.plugins.api import Kind, Request
    from studio.workflows.score.fit import fitted

    if (args.project is None) != (args.at is None):
        raise UserError("--project and --at go together")
    registry = discover()
    cls = registry.get(args.generator)
    params = parse_params(cls.Params, args.param)
    if cls.output is Kind.AUDIO:
        # Any length: the Score panel's fitter runs the model in overlapping parts.
        cls = fitted(cls)
    doc = _load_project(args.project)
    settings = doc.project.settings if doc is not None else None
    width, height = _size(args.size, settings)
    fps = _fps(args.fps, settings)
    duration = 4.0 if args.duration is None else args.duration
    if duration <= 0:
        raise UserError("--duration must be positive")
    seed = secrets.randbelow(2**31) if args.seed is None else args.seed
    request = Request(
        prompt=args.prompt,
        negative_prompt=args.negative,
        params=params,
        seed=seed,
        width=width,
        height=height,
        duration=duration,
        fps=float(fps),
        sample_rate=settings.sample_rate if settings else 48000,
        inputs=tuple(_media(f) for f in args.input),
    )
    out = Path(args.out)
    print(f"{cls.id}: seed {seed}", file=sys.stderr)
    with Engine(registry, cluster=cluster_of(args)) as engine:
        engine.subscribe(progress_printer(cls.id))
        job = engine.submit(cls, request, out=out)
        wait_for(job)
    if job.worker is not None:
        print(f"{cls.id}: ran on {job.worker}", file=sys.stderr)
    if job.state is JobState.FAILED:
        raise StoryreelError(f"{cls.id} failed: {job.error}")
    if job.state is not JobState.DONE:
        raise StoryreelError(f"{cls.id} was cancelled")
    if doc is not None:
        _place(doc, job, args.at)
    print(job.path)
    return 0


def _load_project(path: str | None):
    if path is None:
        return None
    from studio.model.files import load_project

    return load_project(path)


def _size(text: str | None, settings) -> tuple[int, int]:
    if text is None:
        return (settings.width, settings.height) if settings else (1280, 720)
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise UserError(f"--size must look like 1280x720, got {text!r}") from None
    if width <= 0 or height <= 0 or width > 16384 or height > 16384:
        raise UserError(f"--size must be between 1x1 and 16384x16384, got {text!r}")
    return width, height


def _fps(text: str | None, settings):
    from studio.model.time import parse_rate

    if text is None:
        return settings.fps if settings else 24
    try:
        return parse_rate(text)
    except ValueError as exc:
        raise UserError(f"--fps: {exc}") from None


def _media(file: str):
    from studio.plugins.api import Kind, Media

    path = Path(file)
    if not path.is_file():
        raise UserError(f"--input: no such file: {file}")
    kind = _KIND_BY_SUFFIX.get(path.suffix.lower())
    if kind is None:
        raise UserError(f"--input: {path.name} is not an image, audio, video or .txt file")
    if kind == "text":
        return Media(Kind.TEXT, path, text=path.read_text(encoding="utf-8"))
    return Media(Kind(kind), path)


def _place(doc, job, at: float) -> None:
    """Land the take in the project (a copy in its media/, with its provenance) and place
    it at `at` seconds, as the editor's Generate dialog does; the --out file stays."""
    from studio.model.files import save_project
    from studio.model.time import seconds_to_frames
    from studio.workflows.landing import Target, land

    if at < 0:
        raise UserError("--at must not be negative")
    land(doc, job, Target(at=seconds_to_frames(at, doc.project.settings.fps)), keep_source=True)
    save_project(doc)
