"""Screenshot of the Script panel with the sample project open, taken offscreen.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui_script.screenshot docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tests.ui_window import settle


def main(out: Path) -> Path:
    os.environ.setdefault("STORYREEL_HOME", tempfile.mkdtemp(prefix="storyreel-shot-"))
    from studio.sample_project import ensure_sample_project
    from studio.ui.qt_app import create_app
    from studio.ui.qt_main_window import MainWindow
    from studio.ui.script.qt_panel import ScriptPanel

    app = create_app()
    window = MainWindow()
    window.ask_before_closing = False
    window.resize(1500, 950)
    window.show()
    window.open_project(ensure_sample_project())
    panel = window.findChild(ScriptPanel, "script_panel")
    dock = window.docks["Script"]
    dock.setFloating(True)  # its own size, whatever the window's layout
    dock.resize(1180, 720)
    dock.show()
    settle(app, lambda: panel.parser.latest is not None)
    panel.breakdown_action.trigger()
    settle(app, lambda: bool(window.session.project.shots))
    lamp = panel.navigator.rows[2]
    panel.editor.go_to_line(lamp.start_line)
    panel.editor.setFocus()
    settle(app)
    out.mkdir(parents=True, exist_ok=True)
    path = out / "script.png"
    dock.grab().save(str(path))
    window.close()
    return path


if __name__ == "__main__":
    print(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
