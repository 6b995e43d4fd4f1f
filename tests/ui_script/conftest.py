"""Fixtures for the Script panel's tests: a real main window with a project, and its panel."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from studio.model.files import create_project  # noqa: E402
from tests.ui_window import shown_window  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "resources/sample/sample.fountain"


@pytest.fixture(autouse=True)
def ui_home(tmp_path, monkeypatch) -> Path:
    """Settings and recent projects go to a temp folder, never $HOME."""
    home = tmp_path / "home"
    monkeypatch.setenv("STORYREEL_HOME", str(home))
    return home


@pytest.fixture
def window(qtbot, tmp_path):
    window = shown_window(qtbot)
    window.set_document(create_project(tmp_path / "Film"))
    window.docks["Script"].show()
    window.docks["Script"].raise_()
    yield window
    window.close()


@pytest.fixture
def panel(window):
    from studio.ui.script.qt_panel import ScriptPanel

    panel = window.findChild(ScriptPanel, "script_panel")
    assert panel is not None and panel in window.session_panels
    return panel


def set_script(qtbot, panel, text: str) -> None:
    """Put `text` in the editor as the writer would paste it, and wait for its parse."""
    with qtbot.waitSignal(panel.parser.parsed, timeout=5000):
        panel.editor.selectAll()
        panel.editor.insertPlainText(text)
    wait_parsed(qtbot, panel)


def wait_parsed(qtbot, panel) -> None:
    """Until the navigator shows a parse of the text as it is now."""
    qtbot.waitUntil(
        lambda: (
            panel.parser.latest is not None and panel.parser.latest.revision == panel._source()[1]
        ),
        timeout=5000,
    )


def type_text(qtbot, editor, text: str) -> None:
    """Real key presses; QTest has no key for "\\n", so a line end is a Return press."""
    from PySide6.QtCore import Qt

    for n, line in enumerate(text.split("\n")):
        if n:
            qtbot.keyClick(editor, Qt.Key.Key_Return)
        if line:
            qtbot.keyClicks(editor, line)
