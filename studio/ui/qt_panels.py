"""The panels docked into the main window: each entry names a function `install(context)`.

An installer is handed the window's `AppContext` (studio.ui.qt_app_context), never the
window. The generation hub comes first: the script, storyboard, score and clips panels
submit their jobs through it (`context.generation`). Each installer docks its panel with
`context.docks.add(...)` and registers its actions in `context.actions`; it must be safe
to call once per window.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

if TYPE_CHECKING:
    from studio.ui.qt_app_context import AppContext

log = logging.getLogger(__name__)

INSTALLERS = (
    "studio.ui.qt_generation:install_generation",
    "studio.ui.storyboard.qt_install:install_storyboard",
    "studio.ui.cast.qt_install:install_cast",
    "studio.ui.clips.qt_install:install_clips",
    "studio.ui.taste.qt_install:install_taste",
    "studio.ui.score.qt_install:install_score",
    "studio.ui.script.qt_install:install_script",
    "studio.ui.playback.qt_install:install_playback",
    "studio.ui.qt_interchange:install_interchange",
)


def install_panels(
    context: AppContext, then: Callable[[], None] | None = None, staged: bool = False
) -> None:
    """Install every panel, then call `then`. `staged` installs one panel per turn of the
    event loop, so input is never kept waiting by all of them at once (together they
    held the loop for over half a second at start-up)."""
    entries = list(INSTALLERS)

    def install_next() -> None:
        while entries:
            _install(context, entries.pop(0))
            if staged and entries:
                QTimer.singleShot(0, install_next)
                return
        if then is not None:
            then()

    install_next()


def _install(context: AppContext, entry: str) -> None:
    module_name, _, function = entry.partition(":")
    getattr(importlib.import_module(module_name), function)(context)


def preload() -> None:
    """(any thread) Import what the panels are built from, so the GUI thread finds it
    imported when it installs them: the engine, the reel's rules, and the panels' own
    modules. Importing defines classes and creates no widget, so it is safe off the GUI
    thread; importing them on the GUI thread held input for up to half a second."""
    for name in PRELOADED + tuple(entry.partition(":")[0] for entry in INSTALLERS):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the GUI thread's own import will say what is wrong
            log.debug("preloading %s failed", name, exc_info=True)


PRELOADED = (
    "studio.engine.engine",
    "studio.engine.discovery",
    "studio.workflows.landing",
    "studio.workflows.reel.requests",
    "studio.workflows.storyboard.storyboard",
    "studio.workflows.clips.clips",
    "studio.workflows.score.refit",
    "studio.workflows.score.fit",
    "studio.workflows.score.prompt",
    "studio.screenplay",
)
