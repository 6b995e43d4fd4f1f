"""`storyreel script scenes|breakdown`: list a screenplay's scenes; break it down into a project."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from studio.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    script = sub.add_parser("script", help="screenplays: list scenes, break down into shots")
    commands = script.add_subparsers(dest="script_command", metavar="ACTION", required=True)

    scenes = commands.add_parser("scenes", help="list a screenplay's scenes with their lengths")
    scenes.add_argument("path", help="a .fountain or .fdx file, or a project folder")
    scenes.add_argument(
        "--json",
        action="store_true",
        help='print [{"number", "heading", "line", "estimated_seconds"}]; "line" counts '
        "from 1 in the file itself (in an .fdx, the line of the scene's <Paragraph>)",
    )
    scenes.set_defaults(handler=cmd_scenes)

    breakdown = commands.add_parser(
        "breakdown",
        help="create or update a project's scenes, shots and storyboard placeholders",
    )
    breakdown.add_argument("path", help="the project folder")
    breakdown.add_argument(
        "--file",
        metavar="FILE.fountain",
        help="the screenplay to break down (it becomes the project's script); "
        "default: the project's own script",
    )
    breakdown.set_defaults(handler=cmd_breakdown)


def _is_project(path: Path) -> bool:
    return path.is_dir() and (path / "project.json").exists()


def read_text(path: str | Path) -> str:
    """A screenplay file's Fountain text, or a project's script.

    The file goes through the same checks as every screenplay reader (a regular file, at
    most 64 MB); text that was not UTF-8 is read as Windows-1252 and the user is told so.
    """
    from studio.screenplay import read_fdx, write_fountain
    from studio.screenplay.source import decode_screenplay, read_screenplay_bytes

    path = Path(path)
    if _is_project(path):
        from studio.model.files import load_project

        return load_project(path).project.script.text
    if path.is_dir():
        raise UserError(f"{path} is a folder but not a project (no project.json)")
    data = read_screenplay_bytes(path)
    if path.suffix.lower() == ".fdx":
        return write_fountain(read_fdx(data, name=path.name))
    decoded = decode_screenplay(data, path.name)
    if decoded.guessed:
        print(
            f"storyreel script: note: {path.name} is not UTF-8; read it as {decoded.encoding}",
            file=sys.stderr,
        )
    return decoded.text


def read_screenplay(path: str | Path):
    """A screenplay whose lines are those of the file given: an .fdx is read as it is,
    not through its Fountain text, so each scene's line is where the user finds it."""
    from studio.screenplay import parse, read_fdx
    from studio.screenplay.source import read_screenplay_bytes

    path = Path(path)
    if path.suffix.lower() == ".fdx" and not path.is_dir():
        return read_fdx(read_screenplay_bytes(path), name=path.name)
    return parse(read_text(path))


def cmd_scenes(args: argparse.Namespace) -> int:
    from studio.workflows.script.breakdown import scene_summaries

    rows = scene_summaries(read_screenplay(args.path))
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print("no scenes (scene headings begin INT., EXT., EST., I/E or a forcing '.')")
        return 0
    for row in rows:
        whole = round(row["estimated_seconds"])
        print(
            f"{row['number']:>4}  line {row['line']:<6} {whole // 60}:{whole % 60:02d}  "
            f"{row['heading']}"
        )
    return 0


def cmd_breakdown(args: argparse.Namespace) -> int:
    from studio.model.files import load_project, save_project
    from studio.screenplay import parse
    from studio.workflows.script.breakdown import break_down

    doc = load_project(args.path)
    text = read_text(args.file) if args.file else doc.project.script.text
    screenplay = parse(text)
    if not screenplay.scenes:
        where = args.file or f"the script of {doc.path.name}"
        raise UserError(f"{where} has no scenes to break down")
    result = break_down(doc, screenplay, script_text=text)
    if not result:
        raise UserError(f"the breakdown was refused: {result.reason}")
    save_project(doc)
    project = doc.project
    print(
        f"{len(project.scenes)} scene(s), {len(project.shots)} shot(s); "
        f"storyboard placeholders on the timeline; saved {doc.path}"
    )
    return 0
