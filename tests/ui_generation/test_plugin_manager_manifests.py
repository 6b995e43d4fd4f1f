"""The plugin manager and manifest plugins: listed before import, broken after a failed one."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt

from studio.engine import discover
from studio.engine.discovery import BROKEN, LOADED
from studio.errors import UserError
from studio.settings import SettingsFile
from studio.ui.qt_plugins import COLUMNS, PluginManager

MANIFEST = """
api_version = "1.4"

[[generator]]
id = "test.moon"
name = "Moon"
version = "1.0"
output = "image"
entry = ".:Moon"
"""


def _cell(dialog, row, column):
    return dialog.table.item(row, COLUMNS.index(column)).text()


def test_a_manifest_plugin_is_listed_and_enabled_until_its_import_fails(tmp_path, qtbot):
    package = tmp_path / "plugins" / "moon"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('raise ImportError("needs the moon")\n')
    (package / "storyreel-plugin.toml").write_text(MANIFEST)
    registry = discover(
        repo_dir=tmp_path / "plugins",
        user_dirs=[],
        entry_points=False,
        settings=SettingsFile(tmp_path / "settings.json"),
        isolate=False,
    )
    dialog = PluginManager(registry)
    qtbot.addWidget(dialog)
    assert [_cell(dialog, 0, c) for c in ("ID", "Name", "Kind", "Status")] == [
        "test.moon",
        "Moon",
        "image",
        LOADED,
    ]
    assert dialog.table.item(0, 0).flags() & Qt.ItemFlag.ItemIsUserCheckable

    with pytest.raises(UserError, match="needs the moon"):
        registry.get("test.moon")  # first use
    dialog.fill()
    assert _cell(dialog, 0, "Status") == BROKEN
    assert _cell(dialog, 0, "Error") == "import failed: ImportError: needs the moon"
    assert not dialog.table.item(0, 0).flags() & Qt.ItemFlag.ItemIsUserCheckable


RECORDER_MANIFEST = """
api_version = "1.4"

[[generator]]
id = "test.recorder"
name = "Recorder"
version = "1.0"
output = "image"
entry = ".:Recorder"
"""

# Each import appends "PID THREAD" to imported.txt beside the plugin (the probe process too).
RECORDER = """
import os, threading
from pathlib import Path

from pydantic import BaseModel

from studio.plugins.api import Generator, Kind

with open(Path(__file__).with_name("imported.txt"), "a") as log:
    log.write(f"{os.getpid()} {threading.current_thread().name}\\n")


class Recorder(Generator):
    id = "test.recorder"
    name = "Recorder"
    output = Kind.IMAGE
    api_version = "1.4"

    class Params(BaseModel):
        shade: int = 3

    def generate(self, request, ctx):
        raise RuntimeError("not run in this test")
"""


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    """The editor on a one-shot project, discovering the repo's plugins and a recorder."""
    from studio.model.files import create_project
    from studio.workflows.storyboard import storyboard
    from tests.ui_window import shown_window

    package = tmp_path / "user-plugins" / "recorder"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(RECORDER)
    (package / "storyreel-plugin.toml").write_text(RECORDER_MANIFEST)
    monkeypatch.setenv("STORYREEL_PLUGIN_PATH", str(package.parent))
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))
    window = shown_window(qtbot, size=None)
    doc = create_project(tmp_path / "Board")
    assert doc.apply(storyboard.add_shot(doc.project, "A gull on the rail", duration=24)[0])
    window.set_document(doc)
    yield window
    window.close()


def test_the_editor_imports_only_the_chosen_generator_off_the_gui_thread(window, qtbot, tmp_path):
    from studio.ui.qt_generation import install_generation

    imported = tmp_path / "user-plugins" / "recorder" / "imported.txt"
    hub = install_generation(window.context)
    panel = window.docks["Storyboard"].widget()
    window.docks["Storyboard"].show()
    panel.shots.setCurrentRow(0)
    with qtbot.waitSignal(panel.takes_placed, timeout=60000):
        panel.box.generate.click()  # the default, the built-in title card
    picker = panel.box.generator
    assert picker.generator_id() == "builtin.title-card"
    assert picker.combo.findData("test.recorder") >= 0  # listed from its manifest
    assert not imported.exists()  # ... and never imported: it was not chosen
    assert not hub.registry.record("test.recorder").imported
    assert not hub.registry.record("diffusers.image").imported

    assert picker.choose("test.recorder")
    qtbot.waitUntil(lambda: picker.form is not None, timeout=30000)
    assert picker.params().shade == 3
    here = [line.split() for line in imported.read_text().splitlines()]
    assert [t for pid, t in here if int(pid) == os.getpid()] == ["storyreel-plugin-import"]
    assert [pid for pid, _thread in here].count(str(os.getpid())) == 1
