"""Writing in the Script panel: the navigator follows, undo is the project's, files in and out."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from studio.screenplay import parse, read_fdx
from tests.ui_script.conftest import SAMPLE, set_script, type_text, wait_parsed


def test_typing_a_scene_heading_adds_it_to_the_navigator(qtbot, panel):
    set_script(qtbot, panel, "INT. HALL - DAY\n\nMira waits.\n")
    assert [r.heading for r in panel.navigator.rows] == ["INT. HALL - DAY"]
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    with qtbot.waitSignal(panel.parser.parsed, timeout=5000):
        type_text(qtbot, panel.editor, "\nEXT. CLIFF - NIGHT\n\nWind.")
    wait_parsed(qtbot, panel)
    rows = panel.navigator.rows
    assert [r.heading for r in rows] == ["INT. HALL - DAY", "EXT. CLIFF - NIGHT"]
    assert panel.navigator.scene_view.model().rowCount() == 2
    # The cursor is in the new scene, so the navigator marks it.
    assert panel.navigator.scene_view.currentIndex().row() == 1


def test_clicking_a_scene_and_a_character_jumps_to_it(qtbot, panel):
    set_script(qtbot, panel, SAMPLE.read_text())
    view = panel.navigator.scene_view
    index = view.model().index(2, 0)
    view.clicked.emit(index)
    assert panel.editor.textCursor().block().text() == "INT. LAMP ROOM - CONTINUOUS"
    assert panel.navigator.characters.count() == 1
    panel.editor.go_to_line(0)
    panel.navigator.characters.itemClicked.emit(panel.navigator.characters.item(0))
    assert panel.editor.textCursor().block().text() == "MIRA"


def test_a_typing_burst_is_one_undo_step_and_ctrl_z_in_the_editor_undoes_it(qtbot, panel, window):
    doc = window.session.doc
    set_script(qtbot, panel, "INT. HALL - DAY\n")
    before = doc.project.script.text
    panel.editor.moveCursor(panel.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.editor, "Mira waits by the door.")
    assert doc.project.script.text == before + "Mira waits by the door."  # saved as typed
    assert doc.undo_label() == "Edit script"
    qtbot.keyClick(panel.editor, "z", qtbot_modifier())
    assert doc.project.script.text == before  # the whole burst at once
    assert panel.editor.toPlainText() == before  # the editor follows the document
    qtbot.keyClick(panel.editor, "z", qtbot_modifier(shift=True))
    assert panel.editor.toPlainText() == before + "Mira waits by the door."


def qtbot_modifier(shift: bool = False):
    from PySide6.QtCore import Qt

    mods = Qt.KeyboardModifier.ControlModifier
    return mods | Qt.KeyboardModifier.ShiftModifier if shift else mods


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01", "not a text file"), (b"", "is empty")],
    ids=["binary", "empty"],
)
def test_importing_a_file_that_is_no_screenplay_says_why_and_changes_nothing(
    qtbot, panel, window, tmp_path, content, message
):
    set_script(qtbot, panel, "INT. HALL - DAY\n")
    doc = window.session.doc
    label, text = doc.undo_label(), doc.project.script.text
    bad = tmp_path / "bad.fountain"
    bad.write_bytes(content)
    panel.files.import_file(bad)
    qtbot.waitUntil(lambda: panel.files.work.pending == 0, timeout=5000)
    assert message in panel.notice.text() and "Nothing imported" in panel.notice.text()
    assert (doc.undo_label(), doc.project.script.text) == (label, text)
    assert panel.editor.toPlainText() == text


def test_importing_windows_1252_says_which_encoding_was_used(qtbot, panel, window, tmp_path):
    old = tmp_path / "old.fountain"
    old.write_bytes("INT. CAFÉ - DAY\n\nAnn orders a crème brûlée.\n".encode("cp1252"))
    panel.files.import_file(old)
    qtbot.waitUntil(lambda: panel.files.work.pending == 0, timeout=5000)
    assert "Windows-1252" in panel.notice.text()
    assert "CAFÉ" in window.session.doc.project.script.text


def test_import_replaces_the_script_in_one_undo_step(qtbot, panel, window, tmp_path):
    doc = window.session.doc
    set_script(qtbot, panel, "INT. HALL - DAY\n")
    before = doc.project.script.text
    panel.files.import_file(SAMPLE)
    qtbot.waitUntil(lambda: panel.files.work.pending == 0, timeout=5000)
    wait_parsed(qtbot, panel)
    assert doc.project.script.text == SAMPLE.read_text()
    assert len(panel.navigator.rows) == 4
    assert doc.undo_label() == "Import sample.fountain"
    window.session.undo()
    assert panel.editor.toPlainText() == before


def test_export_writes_fountain_fdx_and_pdf(qtbot, panel, tmp_path):
    set_script(qtbot, panel, SAMPLE.read_text())
    for suffix in (".fountain", ".fdx", ".pdf"):
        panel.files.export_file(tmp_path / f"out{suffix}")
    qtbot.waitUntil(lambda: panel.files.work.pending == 0, timeout=15000)
    assert (tmp_path / "out.fountain").read_text() == SAMPLE.read_text()
    fdx = read_fdx((tmp_path / "out.fdx").read_bytes())
    assert [s.heading for s in fdx.scenes] == [s.heading for s in parse(SAMPLE.read_text()).scenes]
    assert len(PdfReader(tmp_path / "out.pdf").pages) >= 2  # a title page, then the script
    assert "Exported out.pdf" in panel.notice.text() or panel.notice.text().startswith("Exported")
