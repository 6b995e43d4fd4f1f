"""Shot edits from the storyboard panel: drag to reorder, length, add and remove, selection."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDropEvent

from studio.workflows.storyboard.storyboard import frame_clip

TIMEOUT = 15000


def _place_all(panel, qtbot):
    for row in range(panel.shots.count()):
        panel.shots.setCurrentRow(row)
        with qtbot.waitSignal(panel.takes_placed, timeout=TIMEOUT):
            panel.box.generate.click()


def _drop(shots, row_from, row_to):
    """A drop as Qt delivers it at the end of a drag: the dragged row is current."""
    shots.setCurrentRow(row_from)
    target = shots.visualItemRect(shots.item(row_to)).center()
    mime = shots.mimeData([shots.item(row_from)])
    event = QDropEvent(
        QPointF(target),
        Qt.DropAction.MoveAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # event.source() is the drag's source widget; a synthetic event has none, so stand in.
    event.source = lambda: shots
    shots.dropEvent(event)


def test_dragging_a_shot_reorders_the_shots_and_their_frames(panel, qtbot):
    _place_all(panel, qtbot)
    project = panel.session.project
    a, b, c = (s.id for s in project.shots)
    _drop(panel.shots, 0, 2)
    project = panel.session.project
    assert [s.id for s in project.shots] == [b, c, a]
    starts = {shot: frame_clip(project, shot).start for shot in (a, b, c)}
    assert starts == {b: 0, c: 24, a: 60}
    assert panel.shots.current_shot() == a  # the list follows the document
    assert panel.shots.item(2).text().startswith("3. The keeper climbs")
    panel.session.undo()
    assert [s.id for s in panel.session.project.shots] == [a, b, c]
    assert frame_clip(panel.session.project, a).start == 0


def test_length_changes_the_shot_and_its_frame_in_one_step(panel, qtbot):
    _place_all(panel, qtbot)
    shot_id = panel.session.project.shots[2].id
    panel.shots.setCurrentRow(2)
    panel.editor.length.setValue(2.0)
    project = panel.session.project
    assert project.item("shots", shot_id).duration == 48
    assert frame_clip(project, shot_id).duration == 48
    panel.session.undo()
    assert frame_clip(panel.session.project, shot_id).duration == 36
    assert panel.session.project.item("shots", shot_id).duration == 36

    # The first frame cannot grow into the second: the shot alone changes, and we say so.
    first = panel.session.project.shots[0].id
    panel.shots.setCurrentRow(0)
    panel.editor.length.setValue(3.0)
    project = panel.session.project
    assert project.item("shots", first).duration == 72
    assert frame_clip(project, first).duration == 48
    assert "kept its length" in panel.window().statusBar().currentMessage()


def test_selection_follows_between_panel_and_timeline(panel, qtbot):
    _place_all(panel, qtbot)
    session = panel.session
    project = session.project
    panel.shots.setCurrentRow(1)
    assert session.selection == {frame_clip(project, project.shots[1].id).id}
    session.select([frame_clip(project, project.shots[2].id).id])  # as the timeline does
    assert panel.shots.currentRow() == 2
    assert panel.editor.description.text() == "Storm light"


def test_add_describe_and_remove_a_shot(panel, qtbot):
    session = panel.session
    panel.shots.setCurrentRow(0)
    panel.add_button.click()
    assert len(session.project.shots) == 4 and panel.shots.currentRow() == 1
    panel.editor.description.setText("Close on the lamp")
    panel.editor.description.editingFinished.emit()
    assert session.project.shots[1].description == "Close on the lamp"
    assert "Close on the lamp" in panel.box.prompt.text()
    panel.remove_button.click()
    assert [s.description for s in session.project.shots][1] == "A gull on the rail"


def test_export_writes_the_board_off_the_gui_thread(panel, qtbot, tmp_path):
    from pypdf import PdfReader

    _place_all(panel, qtbot)
    out = tmp_path / "board.pdf"
    with qtbot.waitSignal(panel.exported, timeout=TIMEOUT) as done:
        panel.export_board(out, per_page=2)
    assert done.args == [str(out)]
    reader = PdfReader(out)
    assert len(reader.pages) == 2  # three shots, two panels a page
    assert sum(len(page.images) for page in reader.pages) == 3
    sheet = tmp_path / "board.png"
    with qtbot.waitSignal(panel.exported, timeout=TIMEOUT):
        panel.export_board(sheet)
    assert sheet.stat().st_size > 0
