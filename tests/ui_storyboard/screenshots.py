"""Screenshots of the storyboard and clips panels on the sample project, taken offscreen.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui_storyboard.screenshots docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from tests.ui_window import settle

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("STORYREEL_HOME", tempfile.mkdtemp(prefix="storyreel-shots-"))


def main(out: Path) -> None:
    from studio.engine import discover
    from studio.sample_project import ensure_sample_project
    from studio.settings import SettingsFile
    from studio.ui.qt_app import create_app
    from studio.ui.qt_generation import install_generation
    from studio.ui.qt_main_window import MainWindow

    app = create_app()
    home = Path(os.environ["STORYREEL_HOME"])
    window = MainWindow()
    window.ask_before_closing = False
    window.resize(1500, 950)
    window.show()
    registry = discover(user_dirs=[], entry_points=False, settings=SettingsFile(home / "p.json"))
    install_generation(window.context, registry)
    assert window.open_project(ensure_sample_project(home))

    board = window.docks["Storyboard"]
    board.setFloating(True)  # a docked panel shares the window; floating shows all of it
    board.resize(1100, 760)
    board.show()
    panel = board.widget()
    placed: list = []
    panel.takes_placed.connect(lambda shot, takes: placed.append(takes))
    panel.shots.setCurrentRow(1)
    panel.box.generate.click()
    settle(app, lambda: len(placed) == 1)
    panel.box.style.setCurrentIndex(panel.box.style.findData("cinematic-still"))
    panel.box.generate.click()
    settle(app, lambda: len(placed) == 2)
    settle(app, lambda: not window.pictures.busy())
    board.grab().save(str(out / "storyboard.png"))

    clips_dock = window.docks["Clips"]
    clips_dock.setFloating(True)
    clips_dock.resize(1100, 760)
    clips_dock.show()
    clips = clips_dock.widget()
    added: list = []
    clips.take_added.connect(lambda shot, take: added.append(take))
    clips.shots.setCurrentRow(1)
    clips.box.camera.setCurrentIndex(clips.box.camera.findData("dolly"))
    clips.box.generate.click()
    settle(app, lambda: len(added) == 1, 60)
    clips.takes.click_take(added[0])
    settle(app, lambda: clips.player.playing)
    clips.use_button.click()
    settle(app, lambda: not window.pictures.busy())
    time.sleep(0.3)
    settle(app)
    clips_dock.grab().save(str(out / "clips.png"))
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
