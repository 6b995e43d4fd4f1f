"""`storyreel search PATH QUERY`: a project's assets ranked by the meaning of their prompts."""

from __future__ import annotations

import argparse
import json

from studio.errors import UserError
from studio.model import MediaKind


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "search",
        help="find assets by meaning (prompts; pictures too with a CLIP model configured)",
    )
    cmd.add_argument("path", help="the project folder")
    cmd.add_argument("query", help='what to look for, e.g. "foggy harbour at dawn"')
    cmd.add_argument("--json", action="store_true", help='print [{"asset", "score"}], best first')
    cmd.add_argument(
        "--kind", action="append", choices=[k.value for k in MediaKind], help="only this kind"
    )
    cmd.add_argument("--scene", help="only assets of this scene (number, heading or id)")
    cmd.add_argument("--generator", help="only assets made by this generator id")
    cmd.add_argument("--limit", type=int, default=20, help="how many results (default 20)")
    cmd.set_defaults(handler=cmd_search)


def cmd_search(args: argparse.Namespace) -> int:
    from studio.model.files import load_project
    from studio.settings import SettingsFile
    from studio.taste.embeddings import embed_assets, sources
    from studio.taste.models import EmbeddingModelError, clip_model, text_model
    from studio.taste.results import Filters, find_scene
    from studio.taste.search import search

    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    if not args.query.strip():
        raise UserError("the query is empty")
    doc = load_project(args.path)
    project = doc.project
    if args.scene and find_scene(project, args.scene) is None:
        raise UserError(f"no scene {args.scene!r} in {doc.path}")
    kinds = frozenset(MediaKind(k) for k in args.kind) if args.kind else None
    filters = Filters(kinds, args.scene, args.generator)
    try:
        clip = clip_model(SettingsFile().read().taste.clip_model)
        embeddings = embed_assets(sources(project, doc.path), doc.path, text_model(), clip)
        hits = search(project, embeddings, args.query, filters, args.limit)
    except EmbeddingModelError as exc:
        raise UserError(str(exc)) from None
    if args.json:
        print(json.dumps([{"asset": h.asset, "score": round(h.score, 4)} for h in hits]))
        return 0
    for hit in hits:
        asset = project.assets[hit.asset]
        print(f"{hit.score:.3f}  {hit.asset}  {asset.name}")
    return 0
