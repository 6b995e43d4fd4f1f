"""Screenshots of playback and the render dialog on the sample project (not a test).

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui_playback.make_screenshots docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path


def pump(app, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def main(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("STORYREEL_HOME", tempfile.mkdtemp(prefix="storyreel-shots-"))
    from studio.sample_project import ensure_sample_project
    from studio.ui.qt_app import create_app
    from studio.ui.qt_interchange import show_render_dialog
    from studio.ui.qt_main_window import MainWindow

    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    window = MainWindow()
    window.ask_before_closing = False
    window.resize(1600, 1000)
    window.show()
    window.warm_up()
    window.open_project(ensure_sample_project())
    window.timeline.fit()
    pump(app, 4.0)
    window.session.set_playhead(60)
    pump(app, 1.5)
    window.transport.play(1.0)
    pump(app, 2.5)  # mid-playback: frames, the playhead and the drop count moving
    window.grab().save(str(out / "playback.png"))
    window.transport.stop()
    print("playback:", window.viewer.status_text())

    dialog = show_render_dialog(window.context)
    dialog.path.setText(str(Path(tempfile.mkdtemp()) / "Sample.mp4"))
    dialog.scale.setCurrentIndex(1)  # half size
    dialog.render_button.click()
    end = time.monotonic() + 60
    while dialog.bar.value() < 300 and dialog.run.running and time.monotonic() < end:
        pump(app, 0.05)
    dialog.grab().save(str(out / "render-dialog.png"))
    dialog.cancel()
    while dialog.run.running:
        pump(app, 0.05)
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
