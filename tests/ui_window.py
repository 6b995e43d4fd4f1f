"""The real main window for UI tests, shown as the app shows it (one place for all suites)."""

from __future__ import annotations

import time


def shown_window(qtbot, size=(1400, 900), registry=None, warm_up=False):
    """A shown MainWindow that closes without asking; `registry` installs generation with
    those plugins (no discovery), `warm_up` starts its worker processes."""
    from studio.ui.qt_app import create_app
    from studio.ui.qt_generation import install_generation
    from studio.ui.qt_main_window import MainWindow

    create_app()
    window = MainWindow()
    window.ask_before_closing = False
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    if registry is not None:
        install_generation(window.context, registry)
    if warm_up:
        window.warm_up()
    return window


def settle(app, until=lambda: True, seconds: float = 30.0) -> None:
    """(screenshot scripts) Run the event loop until `until()` or `seconds`, then a little
    more, so what was asked for is painted."""
    end = time.monotonic() + seconds
    while time.monotonic() < end and not until():
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)


def editor_child_env(home) -> dict[str, str]:
    """The environment of an editor started as a child process: this checkout, no screen,
    its own STORYREEL_HOME."""
    import os
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    return dict(
        os.environ, PYTHONPATH=str(root), QT_QPA_PLATFORM="offscreen", STORYREEL_HOME=str(home)
    )
