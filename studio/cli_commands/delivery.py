"""`storyreel render` and `storyreel export`: deliver a cut as a file or as OpenTimelineIO."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from studio.errors import UserError
from studio.model.time import seconds_to_frames


def register(sub: argparse._SubParsersAction) -> None:
    render = sub.add_parser(
        "render", help="render the timeline to .mp4 (H.264/AAC), .mov (ProRes), .wav or .png"
    )
    render.add_argument("path", help="the project folder")
    render.add_argument(
        "--out", required=True, metavar="FILE", help="the file; its extension picks the format"
    )
    render.add_argument("--size", metavar="WxH", help="frame size (default: the project's)")
    render.add_argument(
        "--range",
        nargs=2,
        type=float,
        metavar=("START", "END"),
        help="render only from START to END seconds",
    )
    render.add_argument(
        "--animatic", action="store_true", help="render the storyboard's shots with the score"
    )
    render.add_argument(
        "--overwrite", action="store_true", help="replace the output file if it exists"
    )
    render.add_argument(
        "--allow-offline",
        action="store_true",
        help='render even when media is offline (it shows as "Media offline" slates)',
    )
    render.add_argument("--quiet", action="store_true", help="print no progress")
    render.set_defaults(handler=cmd_render)

    export = sub.add_parser("export", help="export the timeline as OpenTimelineIO (.otio)")
    export.add_argument("path", help="the project folder")
    export.add_argument("--out", required=True, metavar="FILE.otio", help="the .otio file")
    export.set_defaults(handler=cmd_export)


def cmd_render(args: argparse.Namespace) -> int:
    from studio.cli_commands.project import parse_size
    from studio.media.render import RenderJob, animatic_job, render
    from studio.media.render_checks import (
        check_not_a_source,
        describe_offline,
        existing_outputs,
        offline_media,
    )
    from studio.model.files import load_project
    from studio.model.media_files import describe_outside, media_outside

    doc = load_project(args.path)
    project = doc.project
    size = parse_size(args.size) if args.size else None
    frame_range = None
    if args.range is not None:
        start, end = args.range
        if start < 0 or end <= start:
            raise UserError(f"--range needs 0 <= START < END, got {start:g} {end:g}")
        fps = project.settings.fps
        frame_range = (seconds_to_frames(start, fps), seconds_to_frames(end, fps))
    out = Path(args.out)
    job = RenderJob(project, doc.path, size, frame_range)
    if args.animatic:
        job = animatic_job(job)
    check_not_a_source(project, doc.path, out)
    replaced = existing_outputs(out)
    if replaced and not args.overwrite:
        raise UserError(f"{replaced[0]} exists: pass --overwrite to replace it")
    offline = offline_media(job.project, doc.path, job.frames())
    if offline and not args.allow_offline:
        raise UserError(
            f"{describe_offline(job.project, offline)}; relink them "
            "(storyreel relink) or pass --allow-offline to render slates in their place"
        )
    outside = media_outside(project, doc.path)
    if outside:
        print(f"storyreel render: warning: {describe_outside(outside)}", file=sys.stderr)
    progress = None if args.quiet else _Progress(out.name)
    made = render(job, out, progress)
    if progress is not None:
        progress.done()
    print(made)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from studio.media.otio_io import export_otio
    from studio.model.files import load_project

    out = Path(args.out)
    if out.suffix.lower() != ".otio":
        raise UserError(f"export writes OpenTimelineIO: name the file .otio, not {out.name}")
    doc = load_project(args.path)
    print(export_otio(doc.project, doc.path, out))
    return 0


class _Progress:
    """Percent done on stderr: rewritten in place on a terminal, every 10% otherwise."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.shown = -1
        self.tty = sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        percent = done * 100 // max(1, total)
        step = 1 if self.tty else 10
        if percent // step == self.shown // step:
            return
        self.shown = percent
        end = "\r" if self.tty else "\n"
        print(f"rendering {self.name}: {percent}%", end=end, file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.tty:
            print(file=sys.stderr)
