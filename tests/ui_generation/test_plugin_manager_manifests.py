"""The plugin manager and manifest plugins: listed before import, broken after a failed one."""

from __future__ import annotations

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


@pytest.fixture
def window(qtbot, tmp_path):
    from studio.ui.qt_app import create_app
    from studio.ui.qt_main_window import MainWindow

    create_app()
    window = MainWindow()
    window.ask_before_closing = False
    qtbot.addWidget(window)
    window.show()
    yield window
    window.close()


def test_first_use_in_the_editor_imports_plugins_on_the_discovery_thread(window, qtbot):
    from studio.ui.qt_generation import install_generation

    hub = install_generation(window.context)
    with qtbot.waitSignal(hub.engine_ready, timeout=30000):
        hub.when_ready(lambda engine: None)
    # The panels' pickers read every class's Params on the GUI thread: nothing left to import.
    listed = [r for r in hub.registry if r.manifest is not None]
    assert listed and all(r.imported for r in listed if r.status == LOADED)
