"""Screenshots of the Cast & Places panel on the sample project, for the docs (under Xvfb).

xvfb-run -a -s "-screen 0 1600x1000x24" \
    .venv/bin/python -m studio.ui.cast.screenshot docs/screenshots
"""

from __future__ import annotations

from pathlib import Path


def take(out: Path) -> list[Path]:
    from studio.sample_project import ensure_sample_project
    from studio.ui.qt_app import create_app
    from studio.ui.qt_main_window import MainWindow
    from studio.ui.screenshot import settle

    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    window = MainWindow(panels="later")
    window.ask_before_closing = False
    window.resize(1600, 1000)
    window.show()
    settle(app, window)
    window.open_project(ensure_sample_project())
    settle(app, window)
    dock = window.docks["Cast & Places"]
    dock.show()
    dock.raise_()
    # Floated and tall enough to show the whole panel, the fused prompt under the strip too
    # (docked above the timeline it scrolls).
    dock.setFloating(True)
    dock.resize(1000, 640)
    panel = dock.widget()
    mira = next(e for e in window.session.project.elements if e.name == "MIRA")
    panel.select_element(mira.id)
    panel.appearances.setCurrentRow(1)
    settle(app, window, 5)
    files = [out / "cast.png", out / "cast-graph.png"]
    dock.grab().save(str(files[0]))
    panel.tabs.setCurrentIndex(1)
    settle(app, window, 2)
    dock.grab().save(str(files[1]))
    window.close()
    return files


def main() -> None:
    from studio.ui.screenshot import run_screenshots

    run_screenshots("Screenshots of the Cast & Places panel", lambda out, _home: take(out))


if __name__ == "__main__":
    main()
