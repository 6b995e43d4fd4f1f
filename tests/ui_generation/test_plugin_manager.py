"""The plugin manager lists broken plugins with their errors; toggling one is saved."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from studio.engine import discover
from studio.engine.discovery import BROKEN, DISABLED, LOADED
from studio.errors import UserError
from studio.settings import SettingsFile
from studio.ui.qt_plugins import COLUMNS, PluginManager

GOOD = """
from studio.plugins.api import Generator, Kind, Text


class Echo(Generator):
    id = "test.echo"
    name = "Echo"
    version = "2.3.4"
    output = Kind.TEXT
    accepts = (Kind.IMAGE,)

    def generate(self, request, ctx):
        return Text(request.prompt)
"""


@pytest.fixture
def plugin_folder(tmp_path):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "echo.py").write_text(GOOD)
    (folder / "moon.py").write_text('raise ImportError("needs the moon")\n')
    return folder


def _discover(folder, settings_file):
    return discover(
        repo_dir=folder,
        user_dirs=[],
        entry_points=False,
        settings=SettingsFile(settings_file),
    )


def _cell(dialog, row, column):
    return dialog.table.item(row, COLUMNS.index(column)).text()


def test_the_manager_lists_a_broken_plugin_with_its_error(plugin_folder, tmp_path, qtbot):
    dialog = PluginManager(_discover(plugin_folder, tmp_path / "settings.json"))
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 2
    broken = next(r for r in range(2) if _cell(dialog, r, "Status") == BROKEN)
    assert _cell(dialog, broken, "ID") == "moon"
    assert "ImportError: needs the moon" in _cell(dialog, broken, "Error")
    assert not dialog.table.item(broken, 0).flags() & Qt.ItemFlag.ItemIsUserCheckable
    dialog.table.selectRow(broken)
    assert "needs the moon" in dialog.details.toPlainText()
    assert "1 broken" in dialog.note.text()

    good = dialog.row_of("test.echo")
    assert [_cell(dialog, good, c) for c in ("Name", "Version", "Kind", "Accepts", "Status")] == [
        "Echo",
        "2.3.4",
        "text",
        "image",
        LOADED,
    ]
    assert _cell(dialog, good, "Source") == "repo: echo.py"


def test_toggling_a_plugin_is_saved_through_the_registry(plugin_folder, tmp_path, qtbot):
    settings_file = tmp_path / "settings.json"
    registry = _discover(plugin_folder, settings_file)
    dialog = PluginManager(registry)
    qtbot.addWidget(dialog)
    row = dialog.row_of("test.echo")
    with qtbot.waitSignal(dialog.toggled) as toggled:
        dialog.set_enabled(row, False)
    assert toggled.args == ["test.echo", False]
    assert _cell(dialog, row, "Status") == DISABLED
    assert json.loads(settings_file.read_text())["engine"] == {"disabled": ["test.echo"]}
    with pytest.raises(UserError, match="disabled"):
        registry.get("test.echo")

    again = _discover(plugin_folder, settings_file)  # as the next start of the app sees it
    assert again.record("test.echo").status == DISABLED
    reopened = PluginManager(again)
    qtbot.addWidget(reopened)
    row = reopened.row_of("test.echo")
    assert reopened.table.item(row, 0).checkState() == Qt.CheckState.Unchecked
    reopened.set_enabled(row, True)
    assert json.loads(settings_file.read_text())["engine"] == {"disabled": []}
    assert again.get("test.echo").name == "Echo"


def test_broken_plugins_come_first_with_their_error_shown(plugin_folder, tmp_path, qtbot):
    (plugin_folder / "aaa.py").write_text(GOOD.replace("test.echo", "aaa.first"))
    registry = discover(
        repo_dir=False, user_dirs=[plugin_folder], entry_points=False,
        settings=SettingsFile(tmp_path / "p.json"),
    )  # fmt: skip
    dialog = PluginManager(registry)
    qtbot.addWidget(dialog)
    assert _cell(dialog, 0, "Status") == BROKEN  # before "aaa.first", though it sorts later
    assert "ImportError: needs the moon" in dialog.details.toPlainText()  # selected, readable
