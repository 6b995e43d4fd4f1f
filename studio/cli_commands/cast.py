"""`storyreel cast list|show|add-ref|describe|continuity`: a project's characters, places, props."""

from __future__ import annotations

import argparse
import json

from studio.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    cast = sub.add_parser("cast", help="cast and places: characters, places, props, references")
    commands = cast.add_subparsers(dest="cast_command", metavar="ACTION", required=True)

    listing = commands.add_parser("list", help="every character, place and prop, with counts")
    listing.add_argument("path", help="the project folder")
    listing.add_argument("--json", action="store_true", help="print the elements as JSON")
    listing.set_defaults(handler=cmd_list)

    show = commands.add_parser("show", help="one element: description, references, shots")
    show.add_argument("path", help="the project folder")
    show.add_argument("name", help="the element's name, an alias, or its id")
    show.add_argument("--json", action="store_true", help="print the element as JSON")
    show.set_defaults(handler=cmd_show)

    add_ref = commands.add_parser("add-ref", help="add a reference picture to an element")
    add_ref.add_argument("path", help="the project folder")
    add_ref.add_argument("name", help="the element's name, an alias, or its id")
    add_ref.add_argument("picture", help="an image or video file, or a project asset's id")
    add_ref.add_argument("--crop", metavar="L,T,W,H", help="keep only this part (pixels)")
    add_ref.add_argument(
        "--at", type=float, default=0.0, metavar="SECONDS", help="a video's frame at this time"
    )
    add_ref.add_argument("--main", action="store_true", help="make it the main reference")
    add_ref.add_argument("--json", action="store_true", help="print the element as JSON")
    add_ref.set_defaults(handler=cmd_add_ref)

    describe = commands.add_parser(
        "describe", help="set an element's description (its shots' takes become out of date)"
    )
    describe.add_argument("path", help="the project folder")
    describe.add_argument("name", help="the element's name, an alias, or its id")
    describe.add_argument("text", help="what it looks like, in words a model knows")
    describe.set_defaults(handler=cmd_describe)

    check = commands.add_parser(
        "continuity", help="the shots that drift furthest from each element's references"
    )
    check.add_argument("path", help="the project folder")
    check.add_argument("name", nargs="?", help="only this element")
    check.add_argument("--clip-model", help="a CLIP model folder (default: the taste setting)")
    check.add_argument("--json", action="store_true", help="print the reports as JSON")
    check.set_defaults(handler=cmd_continuity)


def _open(path: str):
    """The project, with its story graph brought in line with its script (a project saved
    before the graph existed gets one here; nothing is saved unless a command edits)."""
    from studio.model.files import load_project
    from studio.workflows.cast.graph import SyncElements

    doc = load_project(path)
    doc.apply(SyncElements())
    return doc


def element_data(project, element) -> dict:
    """An element as JSON-able data: shots by their number in the story, counting from 1."""
    number = {s.id: n for n, s in enumerate(project.shots, start=1)}
    scenes = {s.id: s for s in project.scenes}
    return {
        "id": element.id,
        "kind": element.kind.value,
        "name": element.name,
        "description": element.description,
        "aliases": list(element.aliases),
        "references": [
            {"asset": a, "name": project.assets[a].name, "path": project.assets[a].path}
            for a in element.references
            if a in project.assets
        ],
        "scenes": [
            {"id": s, "number": scenes[s].number, "heading": scenes[s].heading}
            for s in element.scenes
            if s in scenes
        ],
        "shots": [{"id": s, "number": number[s]} for s in element.shots if s in number],
        "outdated_shots": [
            number[s] for s in element.shots if s in number and _outdated(project, s)
        ],
    }


def _outdated(project, shot_id: str) -> bool:
    """Whether the take a shot shows was made before its cast was described anew."""
    shot = project.item("shots", shot_id)
    return shot.picked is not None and shot.picked in shot.outdated


def cmd_list(args: argparse.Namespace) -> int:
    project = _open(args.path).project
    rows = [element_data(project, e) for e in project.elements]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    if not rows:
        print("no characters or places yet (break the script down: storyreel script breakdown)")
        return 0
    for row in rows:
        refs = len(row["references"])
        print(
            f"{row['kind']:<9} {row['name']:<28} {len(row['scenes'])} scene(s), "
            f"{len(row['shots'])} shot(s), {refs} reference(s)"
            + ("" if row["description"] else ", no description")
        )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from studio.workflows.cast.edits import find_element

    project = _open(args.path).project
    row = element_data(project, find_element(project, args.name))
    _print_element(row, args.json)
    return 0


def _print_element(row: dict, as_json: bool) -> None:
    if as_json:
        print(json.dumps(row, ensure_ascii=False))
        return
    print(f"{row['name']} ({row['kind']}, {row['id']})")
    if row["aliases"]:
        print(f"  also: {', '.join(row['aliases'])}")
    print(f"  description: {row['description'] or '(none)'}")
    for n, ref in enumerate(row["references"]):
        print(f"  reference{' (main)' if n == 0 else ''}: {ref['asset']}  {ref['path']}")
    for scene in row["scenes"]:
        print(f"  scene {scene['number'] or '?'}: {scene['heading']}")
    shots = ", ".join(str(s["number"]) for s in row["shots"])
    print(f"  shots: {shots or '(none)'}")
    if row["outdated_shots"]:
        print(f"  out of date: shot(s) {', '.join(map(str, row['outdated_shots']))}")


def cmd_add_ref(args: argparse.Namespace) -> int:
    from pathlib import Path

    from studio.model.files import media_path, save_project
    from studio.workflows.cast.edits import add_reference, find_element
    from studio.workflows.cast.references import parse_crop, still_from

    doc = _open(args.path)
    project = doc.project
    element = find_element(project, args.name)
    crop = parse_crop(args.crop) if args.crop else None
    known = project.assets.get(args.picture)
    if known is not None and crop is None and args.at == 0.0 and known.kind.value == "image":
        asset = known
    else:
        source = media_path(doc.path, known) if known is not None else Path(args.picture)
        if not source.is_file():
            raise UserError(f"no picture {args.picture} (neither a file nor an asset id)")
        asset = still_from(doc.path, source, crop, args.at)
    result = doc.apply(add_reference(project, element.id, asset, main=args.main))
    if not result:
        raise UserError(f"the reference was refused: {result.reason}")
    save_project(doc)
    row = element_data(project, project.item("elements", element.id))
    if args.json:
        _print_element(row, True)
    else:
        print(f"{element.name}: {len(row['references'])} reference(s); saved {doc.path}")
    return 0


def cmd_describe(args: argparse.Namespace) -> int:
    from studio.model.files import save_project
    from studio.workflows.cast.edits import describe, find_element

    doc = _open(args.path)
    element = find_element(doc.project, args.name)
    outdated_before = {s.id: len(s.outdated) for s in doc.project.shots}
    doc.apply(describe(doc.project, element.id, args.text))
    save_project(doc)
    marked = sum(1 for s in doc.project.shots if len(s.outdated) != outdated_before[s.id])
    print(f"{element.name} described; {marked} shot(s) have takes out of date; saved {doc.path}")
    return 0


def cmd_continuity(args: argparse.Namespace) -> int:
    from studio.settings import SettingsFile
    from studio.taste.models import EmbeddingModelError, clip_model
    from studio.workflows.cast.continuity import continuity
    from studio.workflows.cast.edits import find_element

    doc = _open(args.path)
    project = doc.project
    ids = {find_element(project, args.name).id} if args.name else None
    name = args.clip_model or SettingsFile().read().taste.clip_model
    if not name:
        raise UserError(
            "continuity needs a CLIP model: pass --clip-model FOLDER or choose one in the editor"
        )
    try:
        reports = continuity(project, doc.path, clip_model(name), ids)
    except EmbeddingModelError as exc:
        raise UserError(str(exc)) from None
    number = {s.id: n for n, s in enumerate(project.shots, start=1)}
    rows = [
        {
            "element": r.element_id,
            "name": r.name,
            "against": r.against,
            "shots": [
                {"shot": number[d.shot_id], "asset": d.asset_id, "drift": d.drift} for d in r.shots
            ],
        }
        for r in reports
    ]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return 0
    for row in rows:
        if not row["shots"]:
            continue
        print(f"{row['name']} (against its {row['against']}):")
        for shot in row["shots"]:
            print(f"  shot {shot['shot']:>3}  drift {shot['drift']:.3f}  {shot['asset']}")
    return 0
