"""`storyreel relink`: point an asset (offline or not) at another media file."""

from __future__ import annotations

import argparse
from pathlib import Path

from studio.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    relink = sub.add_parser(
        "relink", help="point a project's asset at another file (for media that moved)"
    )
    relink.add_argument("path", help="the project folder")
    relink.add_argument("asset_id", metavar="ASSET_ID", help="the asset (see `info --json`)")
    relink.add_argument("file", metavar="FILE", help="the media file to use from now on")
    relink.set_defaults(handler=cmd_relink)


def cmd_relink(args: argparse.Namespace) -> int:
    from studio.media.relink import relink_edit
    from studio.model.files import load_project, save_project

    doc = load_project(args.path)
    asset = doc.project.assets.get(args.asset_id)
    if asset is None:
        known = ", ".join(sorted(doc.project.assets)[:5]) or "none"
        raise UserError(f"there is no asset {args.asset_id} (assets: {known})")
    result = doc.apply(relink_edit(doc.path, asset, Path(args.file)))
    if not result:
        raise UserError(f"cannot relink {asset.name or asset.id}: {result.reason}")
    save_project(doc)
    print(f"{asset.id}\t{asset.path}")
    return 0
