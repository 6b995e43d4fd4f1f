"""A screenshot of the Score panel on the sample project with a generated take selected.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui_score.screenshot docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tests.ui_window import settle


def take(out: Path) -> Path:
    from studio.sample_project import ensure_sample_project
    from studio.ui.qt_app import create_app
    from studio.ui.qt_main_window import MainWindow
    from studio.workflows.score.prompt import scene_range

    app = create_app()
    window = MainWindow()
    window.ask_before_closing = False
    window.resize(1600, 1000)
    window.show()
    window.open_project(ensure_sample_project())
    dock = window.docks["Score"]
    dock.setFloating(True)
    dock.resize(1280, 760)
    dock.show()
    panel = dock.widget()
    session = window.session
    spans = [scene_range(session.project, scene.id) for scene in session.project.scenes]
    start = min(span[0] for span in spans if span)
    end = max(span[1] for span in spans if span)
    panel.range.set_range(start, min(end, start + 12 * 24))  # twelve seconds: a curve to see
    panel.find_generators()
    settle(app, lambda: panel.choice.form is not None)
    panel.generate()
    settle(app, lambda: bool(panel.takes) and panel.takes[-1].path is not None)
    settle(app, lambda: bool(panel.loudness_label.text()))
    panel.views.set_cursor(panel.views.seconds * 0.3)
    audio = next(c for t in session.project.tracks if t.kind.value == "audio" for c in t.clips)
    session.select([audio.id])
    settle(app)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "score.png"
    dock.grab().save(str(path))
    window.close()
    return path


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")
    # A fresh sample project and settings, so the screenshot never shows a user's own files.
    with tempfile.TemporaryDirectory() as home:
        os.environ["STORYREEL_HOME"] = home
        print(take(out))


if __name__ == "__main__":
    main()
