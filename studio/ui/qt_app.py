"""Starting the editor: the application object, the style, the window, the first project."""

from __future__ import annotations

import sys
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from studio.ui.qt_main_window import MainWindow
from studio.ui.qt_style import apply_style

WELCOME_AFTER_MS = 800  # the first run's welcome waits until the editor is drawn


def _welcome(window) -> None:
    from studio.ui.models.qt_welcome import welcome_if_first_run  # on use: not at start-up

    welcome_if_first_run(window)


def create_app() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Storyreel")
    app.setOrganizationName("Storyreel")
    apply_style(app)
    return app


def run_app(
    path: str | None = None,
    after_shown: Callable[[], None] | None = None,
    early_sample: Future[Path] | None = None,
) -> int:
    """Show the window at once, then open `path` (or the sample project) from the event loop."""
    from studio.ui.qt_signals import end_editor_on_signals

    app = create_app()
    _window = start_editor(path, early_sample)  # held: a window nobody refers to is deleted
    _ending = end_editor_on_signals(_window)  # a kill or Ctrl+C closes it as its window does
    if after_shown is not None:
        after_shown()
    return app.exec()


def start_editor(path: str | None = None, early_sample: Future[Path] | None = None) -> MainWindow:
    """The window shown, its worker processes and first project on their way (the event
    loop does the rest). `early_sample`: the sample's build begun before Qt was imported."""
    window = MainWindow(panels="later")
    window.show()
    QTimer.singleShot(0, window.warm_up)
    QTimer.singleShot(WELCOME_AFTER_MS, lambda: _welcome(window))
    if path:
        QTimer.singleShot(0, lambda: window.open_project(path))
    else:
        QTimer.singleShot(0, lambda: window.open_sample(early_sample))
    return window
