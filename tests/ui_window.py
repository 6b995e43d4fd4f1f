"""The real main window for UI tests, shown as the app shows it (one place for all suites)."""

from __future__ import annotations


def shown_window(qtbot, size=(1400, 900), registry=None, warm_up=False):
    """A shown MainWindow that closes without asking; `registry` installs generation with
    those plugins (no discovery), `warm_up` starts its worker processes."""
    from studio.ui.app import create_app
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
        install_generation(window, registry)
    if warm_up:
        window.warm_up()
    return window
