"""Screenshots of a new user's path to a first generation with a downloaded model, for
docs/models.md: the welcome, the Models window, a model that is not installed, its download
(from a fake Hub on 127.0.0.1 serving a tiny random-weight Stable Diffusion), the model
choice, and the first takes.

xvfb-run -a -s "-screen 0 1600x1000x24" \
    .venv/bin/python -m tests.models.screenshots docs/screenshots
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from tests.ui_window import settle

HOME = Path(tempfile.mkdtemp(prefix="storyreel-model-shots-"))
os.environ["STORYREEL_HOME"] = str(HOME / "home")
os.environ["HF_HOME"] = str(HOME / "hf")  # before huggingface_hub reads it
os.environ["HF_HUB_OFFLINE"] = "0"
os.environ.pop("HF_HUB_CACHE", None)
REPO = "storyreel-tests/tiny-sd"


def main(out: Path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from studio.engine import discover
    from studio.engine.models.machine import detect
    from studio.model import Settings
    from studio.model.files import create_project
    from studio.settings import SettingsFile
    from studio.testing import build_tiny_sd
    from studio.testing.hub_server import FakeHub
    from studio.ui.models.qt_models_window import ModelsWindow
    from studio.ui.models.qt_welcome import WelcomeDialog
    from studio.ui.qt_app import create_app
    from studio.ui.qt_generation import NOT_INSTALLED_BOX, install_generation
    from studio.ui.qt_main_window import MainWindow
    from studio.workflows.storyboard import storyboard

    out.mkdir(parents=True, exist_ok=True)
    tiny = build_tiny_sd(HOME / "tiny-sd")
    os.environ["HF_HUB_OFFLINE"] = "0"  # the builder turned it on for itself
    import huggingface_hub.constants

    huggingface_hub.constants.HF_HUB_OFFLINE = False
    app = create_app()
    window = MainWindow()
    window.ask_before_closing = False
    window.resize(1500, 950)
    window.show()
    registry = discover(
        repo_dir=True, user_dirs=[], entry_points=False, settings=SettingsFile(HOME / "p.json")
    )
    install_generation(window.context, registry)
    doc = create_project(HOME / "Lighthouse", Settings(width=320, height=180))
    for text, frames in (("The keeper climbs the stairs", 48), ("A gull on the rail", 24)):
        edit, _ = storyboard.add_shot(doc.project, text, duration=frames)
        doc.apply(edit)
    window.set_document(doc)
    settle(app, seconds=1)

    welcome = WelcomeDialog(window, detect())
    welcome.show()
    settle(app, seconds=1)
    welcome.grab().save(str(out / "models-welcome.png"))
    welcome.close()

    with FakeHub() as hub:
        os.environ["HF_ENDPOINT"] = hub.url
        hub.add_folder(REPO, tiny)
        panel = window.docks["Storyboard"].widget()
        window.docks["Storyboard"].show()
        panel.shots.setCurrentRow(0)
        panel.hub.when_ready(lambda _engine: None)
        settle(app, lambda: panel.hub.engine is not None, seconds=60)
        panel.box.generator.choose("diffusers.image")
        settle(app, lambda: panel.box.generator.form is not None, seconds=30)
        form = panel.box.generator.form
        form.set_values({"model": REPO, "steps": 4, "guidance": 1.0})
        panel.box.variations.click()
        box = window.findChild(QMessageBox, NOT_INSTALLED_BOX)
        settle(app, lambda: box is not None and box.isVisible(), seconds=5)
        box.grab().save(str(out / "models-not-installed.png"))
        box.open_button.click()
        models = window.findChild(ModelsWindow)
        settle(app, lambda: models is not None and models.isVisible(), seconds=5)
        hub.delay_per_chunk = 0.05  # slow enough to be seen mid-way
        huggingface_hub.constants.DOWNLOAD_CHUNK_SIZE = 16 * 1024
        models.resize(1100, 600)
        models.download_button.click()
        settle(app, lambda: models.progress.value() > 400, seconds=60)
        models.grab().save(str(out / "models-window.png"))
        hub.delay_per_chunk = 0.0
        settle(app, lambda: models.runner is None, seconds=60)
        models.close()
        placed = []
        panel.takes_placed.connect(lambda shot, takes: placed.append(takes))
        panel.box.variations.click()
        settle(app, lambda: bool(placed), seconds=120)
        window.docks["Storyboard"].show()
        window.docks["Storyboard"].raise_()
        settle(app, seconds=3)
        window.grab().save(str(out / "models-first-generation.png"))
        combo = form.editor("model")
        from PySide6.QtWidgets import QScrollArea

        area = combo.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:
            area.ensureWidgetVisible(combo, 50, 120)
        settle(app, seconds=1)
        combo.showPopup()
        settle(app, seconds=1)
        corner = combo.mapToGlobal(combo.rect().topLeft())
        app.primaryScreen().grabWindow(
            0, corner.x() - 150, corner.y() - 40, combo.width() + 170, 110
        ).save(str(out / "models-choice.png"))
        combo.hidePopup()
    window.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots"))
