"""Starting the editor: the application object, the style, the window, the first project."""

from __future__ import annotations

import sys
from collections.abc import Callable

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


def run_app(path: str | None = None, after_shown: Callable[[], None] | None = None) -> int:
    """Show the window at once, then open `path` (or the sample project) from the event loop."""
    app = create_app()
    window = MainWindow(panels="later")
    window.show()
    if after_shown is not None:
        after_shown()
    QTimer.singleShot(0, window.warm_up)
    QTimer.singleShot(WELCOME_AFTER_MS, lambda: _welcome(window))
    if path:
        QTimer.singleShot(0, lambda: window.open_project(path))
    else:
        QTimer.singleShot(0, window.open_sample)
    return app.exec()
