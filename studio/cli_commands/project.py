"""`storyreel new`, `import` and `info`: project commands that need no GUI."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from studio.errors import UserError
from studio.model import Settings
from studio.model.files import check_inside, create_project, load_project
from studio.model.time import format_rate, parse_rate, seconds_to_frames


def register(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser("new", help="create an empty project folder (Name.storyreel)")
    new.add_argument("path", help="where to create it; .storyreel is added if missing")
    new.add_argument("--fps", default="24", help="frame rate: 24, 25, 30, 23.976 or 24000/1001")
    new.add_argument("--size", default="1920x1080", help="frame size WxH (default 1920x1080)")
    new.add_argument("--sample-rate", type=int, default=48000, help="audio sample rate in Hz")
    new.add_argument(
        "--from",
        dest="from_otio",
        metavar="FILE.otio",
        help="start from an OpenTimelineIO timeline (its rate is used)",
    )
    new.set_defaults(handler=cmd_new)

    imp = sub.add_parser("import", help="import media files and place them on the timeline")
    imp.add_argument("path", help="the project folder")
    imp.add_argument("files", nargs="+", metavar="FILE", help="images, video or audio")
    imp.add_argument("--at", type=float, default=None, metavar="SECONDS", help="where to start")
    imp.add_argument(
        "--link", action="store_true", help="reference the files where they are (default: copy)"
    )
    imp.set_defaults(handler=cmd_import)

    info = sub.add_parser("info", help="describe a project")
    info.add_argument("path", help="the project folder")
    info.add_argument("--json", action="store_true", help="print JSON (frames as integers)")
    info.set_defaults(handler=cmd_info)


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in text.lower().split("x"))
    except ValueError:
        raise UserError(f"size must look like 1920x1080, got {text!r}") from None
    if width <= 0 or height <= 0 or width % 2 or height % 2:
        raise UserError(f"size must be positive even numbers, got {text!r}")
    return width, height


def cmd_new(args: argparse.Namespace) -> int:
    target = Path(args.path)
    if target.suffix != ".storyreel":
        target = target.with_name(target.name + ".storyreel")
    if target.exists() and not target.is_dir():
        raise UserError(f"{target} already exists and is a file, not a project folder")
    if args.from_otio:
        from studio.media.otio_io import project_from_otio

        if not Path(args.from_otio).is_file():
            raise UserError(f"no such file: {args.from_otio}")
        doc, warnings = project_from_otio(args.path, args.from_otio)
        for line in warnings:  # what was dropped or approximated, one line each
            print(f"warning: {line}", file=sys.stderr)
        print(doc.path)
        return 0
    try:
        fps = parse_rate(args.fps)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    width, height = parse_size(args.size)
    if args.sample_rate <= 0:
        raise UserError("sample rate must be positive")
    settings = Settings(fps=fps, width=width, height=height, sample_rate=args.sample_rate)
    settings.still_frames = seconds_to_frames(3, fps)
    doc = create_project(args.path, settings)
    print(doc.path)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from studio.workflows.importer import import_files

    doc = load_project(args.path)
    if not args.link:
        check_inside(doc.path, doc.path / "media")  # copies go nowhere outside the project
    at = None
    if args.at is not None:
        if args.at < 0:
            raise UserError("--at must not be negative")
        at = seconds_to_frames(args.at, doc.project.settings.fps)
    # A bad file is reported and skipped; the good ones are copied, placed and saved all
    # together or not at all.
    clip_ids, failed = import_files(doc, args.files, at_frame=at, copy=not args.link, save=True)
    for item in failed:
        print(f"storyreel import: skipped {item.source}: {item.error}", file=sys.stderr)
    for clip_id in clip_ids:
        clip = doc.project.clip(clip_id)
        track = doc.project.track_of(clip_id)
        print(f"{track.name}\t{clip.start}\t{clip.duration}\t{clip.name}")
    return 1 if failed else 0


def project_summary(doc) -> dict:
    project = doc.project
    s = project.settings
    return {
        "schema": 1,
        "name": project.name,
        "fps": format_rate(s.fps),
        "width": s.width,
        "height": s.height,
        "sample_rate": s.sample_rate,
        "duration_frames": project.duration,
        "tracks": [
            {
                "id": t.id,
                "kind": t.kind.value,
                "name": t.name,
                "clips": [
                    {
                        "id": c.id,
                        "asset": c.asset_id,
                        "start": c.start,
                        "duration": c.duration,
                        "source_in": c.source_in,
                    }
                    for c in t.clips
                ],
            }
            for t in project.tracks
        ],
        "offline": sorted(a.id for a in project.assets.values() if a.offline),
    }


def cmd_info(args: argparse.Namespace) -> int:
    from studio.model.serialize import SCHEMA
    from studio.model.time import timecode

    doc = load_project(args.path)
    summary = project_summary(doc)
    summary["schema"] = SCHEMA
    if args.json:
        json.dump(summary, sys.stdout, indent=2)
        print()
        return 0
    p = doc.project
    print(
        f"{p.name}  {p.settings.width}x{p.settings.height}  {summary['fps']} fps  "
        f"{p.settings.sample_rate} Hz  {timecode(p.duration, p.settings.fps)}"
    )
    for track in p.tracks:
        print(f"  {track.name:<4} {track.kind.value:<5} {len(track.clips)} clips")
    for asset in p.assets.values():
        if asset.offline:
            print(f"  offline: {asset.name} ({asset.path})")
    return 0
