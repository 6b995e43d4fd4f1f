"""The Models window, the panels' model choice and the welcome, on a real main window with
a fake Hub: a storyboard generation whose model is not installed offers the Models window,
which downloads it, and the same generation then lands its takes."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from studio.engine import discover
from studio.engine.models import inventory
from studio.engine.models.machine import Machine
from studio.model import Settings
from studio.model.files import create_project
from studio.settings import SettingsFile
from studio.ui.models.qt_model_field import ADD, ModelCombo
from studio.ui.models.qt_models_window import ModelsWindow, open_models_window
from studio.ui.models.qt_welcome import WelcomeDialog, welcome_if_first_run
from studio.ui.qt_generation import NOT_INSTALLED_BOX
from studio.workflows.storyboard import storyboard
from tests.ui_window import shown_window

REPO = "storyreel-tests/tiny-sd"


@pytest.fixture(autouse=True)
def ui_home(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="module")
def registry(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plugin-settings")
    return discover(
        repo_dir=True, user_dirs=[], entry_points=False, settings=SettingsFile(folder / "p.json")
    )


@pytest.fixture
def window(qtbot, tmp_path, registry, hf_home):
    window = shown_window(qtbot, size=None, registry=registry)
    doc = create_project(tmp_path / "Board", Settings(width=320, height=180))
    edit, _ = storyboard.add_shot(doc.project, "The keeper climbs the stairs", duration=48)
    assert doc.apply(edit)
    window.set_document(doc)
    yield window
    window.close()


def test_a_model_not_installed_is_offered_downloaded_then_generates(window, qtbot, hub, tiny_sd):
    hub.add_folder(REPO, tiny_sd)
    panel = window.docks["Storyboard"].widget()
    window.docks["Storyboard"].show()
    panel.shots.setCurrentRow(0)
    panel.hub.when_ready(lambda _engine: None)
    assert panel.box.generator.choose("diffusers.image")
    qtbot.waitUntil(lambda: panel.box.generator.form is not None, timeout=15000)
    form = panel.box.generator.form
    combo = form.editor("model")
    assert isinstance(combo, ModelCombo)
    form.set_values({"model": REPO, "steps": 1, "guidance": 1.0})
    panel.box.count.setValue(1)
    assert REPO not in [s.name for s in inventory.installed_for("diffusers.image")]

    panel.box.variations.click()  # refused before it runs, with the Models window offered
    box = window.findChild(QMessageBox, NOT_INSTALLED_BOX)
    qtbot.waitUntil(lambda: box is not None and box.isVisible(), timeout=5000)
    assert REPO in box.text() and "is not installed" in box.text()
    box.open_button.click()
    assert not box.isVisible()
    models = window.findChild(ModelsWindow)
    qtbot.waitUntil(lambda: models is not None and models.isVisible(), timeout=5000)
    assert models.selected_name() == REPO  # added, ready to download
    assert models.download_button.isEnabled()

    models.download_button.click()
    qtbot.waitUntil(lambda: models.runner is None, timeout=30000)
    assert "is installed" in models.status.text(), models.status.text()
    assert models.item_for(REPO).text(1) == "installed"
    combo.showPopup()  # re-reads what is installed
    combo.hidePopup()
    assert combo.findText(REPO) >= 0 and combo.findText(ADD) == combo.count() - 1

    with qtbot.waitSignal(panel.takes_placed, timeout=60000) as placed:
        panel.box.variations.click()
    _shot, takes = placed.args
    asset = panel.session.project.assets[takes[0]]
    assert asset.provenance["model"] == REPO or asset.provenance["params"]["model"] == REPO


def test_cancel_keeps_what_was_fetched_and_resume_finishes(window, qtbot, hub):
    files = {"config.json": b'{"architectures": ["LlamaForCausalLM"]}'}
    files["model.safetensors"] = _safetensors(2_000_000)
    hub.add_files("org/slow", files)
    hub.delay_per_chunk = 0.05
    models = open_models_window(window, select="org/slow")
    models.download_button.click()
    qtbot.waitUntil(lambda: models.progress.value() > 0, timeout=10000)
    models.cancel_button.click()
    qtbot.waitUntil(lambda: models.runner is None, timeout=10000)
    assert "stopped" in models.status.text()
    assert models.item_for("org/slow").text(1) == "partly downloaded"
    assert models.download_button.text() == "Resume Download"
    hub.delay_per_chunk = 0.0
    models.download_button.click()
    qtbot.waitUntil(lambda: models.runner is None, timeout=10000)
    assert models.item_for("org/slow").text(1) == "installed"
    assert any(r.startswith("bytes=") for _m, _p, r in hub.requests)


def test_offline_the_window_lists_but_does_not_download(window, monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    models = open_models_window(window, select="stabilityai/sd-turbo")
    assert models.offline.isVisible()
    assert not models.download_button.isEnabled()
    titles = [models.tree.topLevelItem(i).text(0) for i in range(models.tree.topLevelItemCount())]
    assert titles[:6] == [
        "Storyboard (images)",
        "Clips (video)",
        "Score (music)",
        "Script (text)",
        "Voices (speech)",
        "Semantic search (embeddings)",
    ]


def test_the_welcome_shows_the_card_and_a_model_per_panel_once(window, qtbot):
    machine = Machine("cuda", "RTX 3060", 12 * 2**30, "2.13.0")
    dialog = WelcomeDialog(window, machine)
    qtbot.addWidget(dialog)
    text = dialog.text.text()
    assert "RTX 3060 (CUDA, 12 GB)" in text and "Title Card" in text
    for title in ("SD-Turbo", "Wan 2.1", "MusicGen small", "Qwen2.5 0.5B"):
        assert title in text
    from studio.engine.models.catalog import PANELS
    from studio.ui.models.qt_welcome import PANEL_NAMES

    assert set(PANEL_NAMES) == set(PANELS)  # every suggestion's row named as its panel is
    cpu = WelcomeDialog(
        window, Machine("none", torch_version="2.13.0+cpu", unused_nvidia_gpu="RTX")
    )
    qtbot.addWidget(cpu)
    assert "whl/cu" in cpu.text.text() and "make" in cpu.text.text()
    first = welcome_if_first_run(window)
    assert first is not None and first.isVisible()
    first.close()
    assert welcome_if_first_run(window) is None


def _safetensors(n: int) -> bytes:
    import json

    header = json.dumps({"w": {"dtype": "U8", "shape": [n], "data_offsets": [0, n]}}).encode()
    return len(header).to_bytes(8, "little") + header + b"\1" * n


def test_the_script_panels_first_writing_action_offers_the_models_window(
    window, qtbot, registry, hf_home
):
    """The issue's first complaint: a writing action with the default text model, not
    downloaded, failed with "We couldn't connect to …"; now it says what to do."""
    from studio.ui.script.qt_panel import ScriptPanel
    from tests.ui_script.conftest import set_script

    window.docks["Script"].show()
    window.docks["Script"].raise_()
    panel = window.findChild(ScriptPanel, "script_panel")
    set_script(qtbot, panel, "INT. LAB - NIGHT\n\nDr. Vale stares at the screen.\n")
    panel.editor.go_to_line(3)
    panel.writer.params = {}  # the generator's default model
    panel.writer.continue_scene()  # the text plugin is imported off the GUI thread first

    def shown():
        box = window.findChild(QMessageBox, NOT_INSTALLED_BOX)
        return box is not None and box.isVisible()

    qtbot.waitUntil(shown, timeout=10000)
    box = window.findChild(QMessageBox, NOT_INSTALLED_BOX)
    assert "Qwen/Qwen2.5-0.5B-Instruct is not installed" in box.text()
    assert "connect" not in box.text()
    box.open_button.click()
    models = window.findChild(ModelsWindow)
    assert models.isVisible() and models.selected_name() == "Qwen/Qwen2.5-0.5B-Instruct"
