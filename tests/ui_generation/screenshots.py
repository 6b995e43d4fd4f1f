"""Screenshots of the Jobs dock, the plugin manager and a parameter form, taken offscreen.

QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui_generation.screenshots docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtWidgets import QApplication

from studio.engine import Engine, discover
from studio.engine.jobs import JobState
from studio.plugins.api import Request
from studio.settings import SettingsFile
from studio.ui.qt_bridge import EngineBridge
from studio.ui.qt_jobs import JobsDock
from studio.ui.qt_plugins import PluginManager
from studio.ui.qt_style import apply_style
from tests.ui_generation.generators import Broken, Steps, StepsParams
from tests.ui_window import settle


def jobs_dock(app: QApplication, out: Path, home: Path) -> Path:
    registry = discover(user_dirs=[], settings=SettingsFile(home / "settings.json"))
    engine = Engine(registry, devices=["cpu"], cpu_workers=3)
    bridge = EngineBridge()
    bridge.attach(engine)
    dock = JobsDock(bridge)
    dock.set_can_place(True)
    dock.resize(640, 520)
    dock.show()
    media = home / "media"
    card = engine.submit(
        "builtin.title-card",
        Request(prompt="THE LAST OBSERVATORY", width=640, height=360),
        media_dir=media,
    )
    score = engine.submit(
        "builtin.temp-score", Request(prompt="tense night chase", duration=3.0), media_dir=media
    )
    failed = engine.submit(Broken, Request(prompt="a storyboard frame of the dome at dusk"))
    settle(app, lambda: all(j.state.finished for j in (card, score, failed)))
    cancelled = engine.submit(Steps, Request(prompt="slow dissolve", params=StepsParams(steps=900)))
    settle(app, lambda: cancelled.state is JobState.RUNNING)
    cancelled.cancel()
    running = engine.submit(
        Steps, Request(prompt="the telescope turns", params=StepsParams(steps=100, delay=0.05))
    )
    settle(app, lambda: running.fraction > 0.4)
    path = out / "jobs-dock.png"
    dock.grab().save(str(path))
    engine.close()
    return path


def plugin_manager(app: QApplication, out: Path, home: Path) -> Path:
    user = home / "user-plugins"
    user.mkdir()
    (user / "moonlight.py").write_text("import moon_sdk  # not installed\n")
    registry = discover(user_dirs=[user], settings=SettingsFile(home / "settings.json"))
    registry.set_enabled("music.musicgen", False)
    dialog = PluginManager(registry)
    dialog.resize(1150, 540)
    dialog.show()
    dialog.table.selectRow(len(registry.records) - 1)
    settle(app)
    path = out / "plugin-manager.png"
    dialog.grab().save(str(path))
    return path


def param_form(app: QApplication, out: Path) -> Path:
    from plugins.diffusers_image.params import DiffusersImageParams
    from studio.ui.qt_params import ParamForm

    form = ParamForm(DiffusersImageParams)
    form.resize(620, form.sizeHint().height())
    form.show()
    form.editors["steps"].spin.setValue(250)  # shows the inline validation message
    settle(app)
    path = out / "param-form.png"
    form.grab().save(str(path))
    return path


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as home:
        os.environ["STORYREEL_HOME"] = home
        app = QApplication.instance() or QApplication([])
        apply_style(app)
        for path in (
            jobs_dock(app, out, Path(home)),
            plugin_manager(app, out, Path(home)),
            param_form(app, out),
        ):
            print(path)


if __name__ == "__main__":
    main()
