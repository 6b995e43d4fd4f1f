"""`storyreel storyboard PATH --out FILE.pdf|FILE.png`: print the storyboard."""

from __future__ import annotations

import argparse
from pathlib import Path

from studio.errors import UserError
from studio.model.files import load_project


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser(
        "storyboard", help="export the storyboard as a PDF of panels or a PNG contact sheet"
    )
    cmd.add_argument("path", help="the project folder")
    cmd.add_argument("--out", required=True, metavar="FILE", help="FILE.pdf or FILE.png")
    cmd.add_argument(
        "--per-page", type=int, default=6, help="panels a PDF page: 2, 4, 6, 8, 9 or 12"
    )
    cmd.set_defaults(handler=cmd_storyboard)


def cmd_storyboard(args: argparse.Namespace) -> int:
    from studio.media.storyboard_sheet import write_contact_sheet, write_storyboard_pdf

    out = Path(args.out)
    if out.suffix.lower() not in (".pdf", ".png"):
        raise UserError(f"the storyboard exports as .pdf or .png, not {out.suffix or out.name}")
    doc = load_project(args.path)
    if out.suffix.lower() == ".pdf":
        pages = write_storyboard_pdf(doc.project, doc.path, out, per_page=args.per_page)
        print(f"{out}\t{len(doc.project.shots)} panels on {pages} page(s)")
    else:
        write_contact_sheet(doc.project, doc.path, out)
        print(f"{out}\t{len(doc.project.shots)} panels")
    return 0
