"""`storyreel` (no command) and `storyreel open PATH`: start the editor window."""

from __future__ import annotations

import argparse
import gc
import os
import sys

from studio.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("open", help="open a project in the editor")
    cmd.add_argument("path", help="the project folder")
    cmd.set_defaults(handler=lambda args: launch(args.path))


def launch(path: str | None) -> int:
    check_display()
    pause_collector()
    early_sample = None
    if not path:  # begun before Qt is imported: the build overlaps making the window
        from studio.ui.first_project import start_sample_early

        early_sample = start_sample_early()
    # Qt is imported only here, so the headless commands never load it.
    from studio.ui.qt_app import run_app

    return run_app(path, after_shown=gc.enable, early_sample=early_sample)


def check_display() -> None:
    """Refuse in one line where Qt would abort the process with no window system to use."""
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        raise UserError(
            "no display to open the editor on (DISPLAY and WAYLAND_DISPLAY are unset); "
            "the other commands work without one (storyreel --help)"
        )


def pause_collector() -> None:
    """No cyclic garbage collection until the window is shown (`gc.enable` after).

    Start-up makes hundreds of thousands of objects that all live on (classes, Qt's
    enums, dataclasses); collecting among them finds nothing, and cost 4% of the
    instructions to the first window (callgrind, docs/benchmarks.md).
    """
    gc.disable()
