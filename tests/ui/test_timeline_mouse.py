"""Moving, trimming, snapping and selecting clips with the mouse on the real canvas."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.driving import clip_named, drag, point, status, track


def no_snapping(window) -> None:
    window.session.set_snapping(False)


def test_drag_moves_a_clip_as_one_undo_step(editor):
    no_snapping(editor)
    canvas = editor.timeline.canvas
    drag(canvas, point(editor, "V1", 100), point(editor, "V1", 130), steps=10)
    card_b = clip_named(editor, "card-b")
    assert card_b.start == 102
    editor.session.undo()
    assert clip_named(editor, "card-b").start == 72  # ten mouse moves, one undo step
    editor.session.redo()
    assert clip_named(editor, "card-b").start == 102


def test_drag_moves_a_clip_to_another_track_of_the_same_kind(editor):
    no_snapping(editor)
    drag(editor.timeline.canvas, point(editor, "V1", 100), point(editor, "V2", 100))
    assert [c.name for c in track(editor, "V2").clips] == ["card-b"]
    assert [c.name for c in track(editor, "V1").clips] == ["card-a"]


def test_drag_onto_a_track_of_another_kind_is_refused_with_the_reason(editor):
    no_snapping(editor)
    drag(editor.timeline.canvas, point(editor, "V1", 100), point(editor, "A2", 100))
    assert [c.name for c in track(editor, "V1").clips] == ["card-a", "card-b"]
    assert "cannot move from video track" in status(editor)
    assert not editor.session.doc.can_undo() or editor.session.doc.undo_label() != "Move"


def test_trimming_the_end_edge_by_mouse(editor):
    no_snapping(editor)
    drag(editor.timeline.canvas, point(editor, "V1", 143.8), point(editor, "V1", 120))
    card_b = clip_named(editor, "card-b")
    assert (card_b.start, card_b.duration) == (72, 48)
    editor.session.undo()
    assert clip_named(editor, "card-b").duration == 72


def test_trimming_the_start_edge_keeps_the_end(editor):
    no_snapping(editor)
    drag(editor.timeline.canvas, point(editor, "V1", 0.3), point(editor, "V1", 10))
    card_a = clip_named(editor, "card-a")
    assert (card_a.start, card_a.end, card_a.source_in) == (10, 72, 10)


def test_trim_past_the_media_is_refused_and_changes_nothing(editor):
    no_snapping(editor)
    tone = clip_named(editor, "tone")
    assert tone.duration == 24
    drag(editor.timeline.canvas, point(editor, "A1", 23.8), point(editor, "A1", 40))
    assert clip_named(editor, "tone").duration == 24
    assert "past the end of its media" in status(editor)


def test_a_drag_snaps_to_a_clip_edge_and_not_when_snapping_is_off(editor):
    canvas = editor.timeline.canvas
    # Tone [0, 24) dragged 70 frames: its start lands 2 frames (8 px) from card B's start.
    drag(canvas, point(editor, "A1", 10), point(editor, "A1", 80))
    assert clip_named(editor, "tone").start == 72
    editor.session.undo()
    QTest.keyClick(canvas, Qt.Key.Key_N)  # snapping off
    assert not editor.session.snapping
    drag(canvas, point(editor, "A1", 10), point(editor, "A1", 80))
    assert clip_named(editor, "tone").start == 70


def test_trim_snaps_to_the_playhead(editor):
    editor.session.set_playhead(100)
    drag(editor.timeline.canvas, point(editor, "V1", 143.8), point(editor, "V1", 101))
    assert clip_named(editor, "card-b").end == 100


def test_rubber_band_selects_the_clips_it_touches(editor):
    canvas = editor.timeline.canvas
    drag(canvas, point(editor, "V2", 30), point(editor, "V1", 60))
    assert editor.session.selection == {clip_named(editor, "card-a").id}
    drag(canvas, point(editor, "V2", 10), point(editor, "A1", 80))
    names = {editor.session.project.clip(c).name for c in editor.session.selection}
    assert names == {"card-a", "card-b", "tone"}


def test_click_ctrl_click_and_shift_click_select(editor):
    canvas = editor.timeline.canvas
    left = Qt.MouseButton.LeftButton
    QTest.mouseClick(canvas, left, Qt.KeyboardModifier.NoModifier, point(editor, "V1", 30))
    a, b, tone = (clip_named(editor, n).id for n in ("card-a", "card-b", "tone"))
    assert editor.session.selection == {a}
    QTest.mouseClick(canvas, left, Qt.KeyboardModifier.ShiftModifier, point(editor, "A1", 10))
    assert editor.session.selection == {a, tone}
    QTest.mouseClick(canvas, left, Qt.KeyboardModifier.ControlModifier, point(editor, "V1", 30))
    assert editor.session.selection == {tone}
    QTest.mouseClick(canvas, left, Qt.KeyboardModifier.NoModifier, point(editor, "V2", 300))
    assert editor.session.selection == set()
    assert b not in editor.session.selection


def test_dragging_a_multi_selection_moves_every_clip(editor):
    no_snapping(editor)
    canvas = editor.timeline.canvas
    editor.session.select(c.id for c in track(editor, "V1").clips)
    drag(canvas, point(editor, "V1", 30), point(editor, "V1", 50))
    assert [c.start for c in track(editor, "V1").clips] == [20, 92]


def test_a_locked_track_refuses_moves(editor, qtbot):
    header = editor.timeline.headers.headers[track(editor, "V1").id]
    qtbot.mouseClick(header.buttons["locked"], Qt.MouseButton.LeftButton)
    assert track(editor, "V1").locked
    no_snapping(editor)
    drag(editor.timeline.canvas, point(editor, "V1", 100), point(editor, "V1", 130))
    assert clip_named(editor, "card-b").start == 72
    assert "locked" in status(editor)


def test_ctrl_wheel_zooms_about_the_pointer(editor):
    canvas = editor.timeline.canvas
    geo = editor.timeline.geo
    at = point(editor, "V1", 50)
    before = geo.x_to_frame(at.x())
    event = QWheelEvent(
        QPointF(at), QPointF(canvas.mapToGlobal(at)), QPoint(), QPoint(0, 120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(canvas, event)
    assert geo.px_per_frame == 5.0
    assert abs(geo.x_to_frame(at.x()) - before) < 0.01


def test_at_a_shared_cut_the_clip_under_the_pointer_is_trimmed(editor):
    no_snapping(editor)
    canvas = editor.timeline.canvas
    drag(canvas, point(editor, "V1", 72.5), point(editor, "V1", 80))  # just inside card B
    assert (clip_named(editor, "card-a").end, clip_named(editor, "card-b").start) == (72, 80)
    drag(canvas, point(editor, "V1", 71.5), point(editor, "V1", 76))  # just inside card A
    assert clip_named(editor, "card-a").end == 76
