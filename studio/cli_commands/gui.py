"""`storyreel` (no command) and `storyreel open PATH`: start the editor window."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("open", help="open a project in the editor")
    cmd.add_argument("path", help="the project folder")
    cmd.set_defaults(handler=lambda args: launch(args.path))


def launch(path: str | None) -> int:
    # Qt is imported only here, so the headless commands never load it.
    from studio.ui.app import run_app

    return run_app(path)
