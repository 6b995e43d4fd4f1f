"""Screenshots of the editor on the sample project, for the docs (run under Xvfb).

xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python -m studio.ui.screenshot docs/screenshots
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def settle(app, window, seconds: float = 20.0) -> None:
    """Let thumbnails, waveforms and the viewer's frame arrive."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        idle = not window.work.pending and not window.pictures.busy()
        if idle and not window.viewer_work.pending:
            break
        time.sleep(0.02)
    for _ in range(20):
        app.processEvents()
        time.sleep(0.01)


def take(out: Path) -> list[Path]:
    from studio.sample_project import ensure_sample_project
    from studio.ui.qt_app import create_app
    from studio.ui.qt_main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    window = MainWindow(panels="later")  # as run_app starts it
    window.ask_before_closing = False
    window.resize(1600, 1000)
    window.show()
    settle(app, window)  # the panels dock after the first frame
    window.open_project(ensure_sample_project())
    window.warm_up()
    session = window.session
    settle(app, window)
    window.timeline.fit()
    shots = sorted(session.project.all_clips(), key=lambda c: c.start)
    picked = next(c for c in shots if c.name.startswith("shot-03"))
    session.select([picked.id])
    session.set_playhead(picked.start + picked.duration // 2)
    window.asset_bin.list.setCurrentRow(0)
    settle(app, window)
    files = [out / "main-window.png"]
    window.grab().save(str(files[0]))

    # The timeline up close: thumbnails, the score's waveform, a marker, a drop preview.
    window.timeline.zoom(2.5)  # about the playhead
    settle(app, window)
    files.append(out / "timeline.png")
    window.docks["Timeline"].grab().save(str(files[-1]))

    window.set_tool("razor")
    window.docks["Media"].setFloating(False)
    files.append(out / "asset-bin.png")
    window.asset_bin.search.setText("shot")
    window.asset_bin.list.setCurrentRow(1)
    settle(app, window, 2)
    window.docks["Media"].grab().save(str(files[-1]))
    window.close()
    return files


def main() -> None:
    run_screenshots("Screenshots of the editor for the docs", lambda out, _home: take(out))


def run_screenshots(description: str, take_all: Callable[[Path, Path], list[Path]]) -> None:
    """A screenshot script's command line, `python -m MODULE [OUT]`: `take_all(out, home)`
    in a fresh STORYREEL_HOME, so screenshots never show a user's own files; prints each."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("out", type=Path, nargs="?", default=Path("docs/screenshots"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["STORYREEL_HOME"] = home
        for path in take_all(args.out, Path(home)):
            print(path)


if __name__ == "__main__":
    main()
