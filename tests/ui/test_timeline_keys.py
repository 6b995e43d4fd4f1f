"""Keyboard editing and transport: S, razor, delete, copy/paste, undo/redo, J/K/L, M, arrows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.driving import clip_named, point, status, track

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def key(window, k, mods=Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(window.timeline.canvas, k, mods)


def test_s_splits_at_the_playhead_and_undo_redo_take_it_back(editor):
    editor.session.set_playhead(30)
    key(editor, Qt.Key.Key_S)
    starts = [(c.start, c.duration) for c in track(editor, "V1").clips]
    assert starts == [(0, 30), (30, 42), (72, 72)]
    key(editor, Qt.Key.Key_Z, CTRL)
    assert [c.start for c in track(editor, "V1").clips] == [0, 72]
    key(editor, Qt.Key.Key_Z, CTRL | SHIFT)
    assert [c.start for c in track(editor, "V1").clips] == [0, 30, 72]


def test_s_with_a_selection_splits_only_the_selected_clip(editor):
    editor.session.set_playhead(10)
    editor.session.select([clip_named(editor, "tone").id])
    key(editor, Qt.Key.Key_S)
    assert len(track(editor, "A1").clips) == 2
    assert len(track(editor, "V1").clips) == 2


def test_s_where_there_is_nothing_says_so(editor):
    editor.session.set_playhead(500)
    key(editor, Qt.Key.Key_S)
    assert "No clip runs across" in status(editor)


def test_s_with_a_clip_selected_elsewhere_splits_what_is_under_the_playhead(editor):
    editor.session.set_playhead(100)  # over card-b only
    editor.session.select([clip_named(editor, "card-a").id])  # ends at 72: not under it
    key(editor, Qt.Key.Key_S)
    assert [c.start for c in track(editor, "V1").clips] == [0, 72, 100]
    assert "Split card-b at" in status(editor)


def test_the_razor_tool_splits_where_clicked(editor):
    editor.session.set_snapping(False)
    key(editor, Qt.Key.Key_C)
    assert editor.timeline.canvas.tool == "razor"
    QTest.mouseClick(
        editor.timeline.canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0),
        point(editor, "V1", 100),
    )  # fmt: skip
    assert [c.start for c in track(editor, "V1").clips] == [0, 72, 100]
    key(editor, Qt.Key.Key_V)
    assert editor.timeline.canvas.tool == "select"


def test_delete_and_ripple_delete(editor):
    editor.session.select([clip_named(editor, "card-a").id])
    key(editor, Qt.Key.Key_Delete, SHIFT)
    assert [(c.name, c.start) for c in track(editor, "V1").clips] == [("card-b", 0)]
    editor.session.select([clip_named(editor, "card-b").id])
    key(editor, Qt.Key.Key_Delete)
    assert track(editor, "V1").clips == []


def test_cut_and_paste_at_the_playhead(editor):
    editor.session.select([clip_named(editor, "card-a").id])
    key(editor, Qt.Key.Key_X, CTRL)
    assert [c.name for c in track(editor, "V1").clips] == ["card-b"]
    editor.session.set_playhead(200)
    key(editor, Qt.Key.Key_V, CTRL)
    assert [(c.name, c.start) for c in track(editor, "V1").clips] == [
        ("card-b", 72),
        ("card-a", 200),
    ]
    key(editor, Qt.Key.Key_V, CTRL)  # the same place again overlaps: refused, says why
    assert "would overlap" in status(editor)


def test_copy_paste_makes_new_clips(editor):
    editor.session.select([clip_named(editor, "card-b").id])
    key(editor, Qt.Key.Key_C, CTRL)
    editor.session.set_playhead(144)
    key(editor, Qt.Key.Key_V, CTRL)
    clips = track(editor, "V1").clips
    assert [c.start for c in clips] == [0, 72, 144]
    assert len({c.id for c in clips}) == 3


def test_m_adds_a_marker_and_moves_snap_to_it(editor):
    editor.session.set_playhead(50)
    key(editor, Qt.Key.Key_M)
    assert [m.frame for m in editor.session.project.markers] == [50]
    key(editor, Qt.Key.Key_M)
    assert "already a marker" in status(editor)


def test_home_end_and_arrows_move_the_playhead(editor):
    key(editor, Qt.Key.Key_End)
    assert editor.session.playhead == 144
    key(editor, Qt.Key.Key_Left)
    assert editor.session.playhead == 143
    key(editor, Qt.Key.Key_Left, SHIFT)
    assert editor.session.playhead == 119
    key(editor, Qt.Key.Key_Home)
    assert editor.session.playhead == 0
    key(editor, Qt.Key.Key_Right)
    assert editor.session.playhead == 1
    assert editor.timecode_label.text() == "00:00:00:01"


def test_l_plays_k_stops_j_plays_backward_space_toggles(editor, qtbot):
    key(editor, Qt.Key.Key_L)
    assert editor.transport.rate == 1.0
    qtbot.waitUntil(lambda: editor.session.playhead >= 3, timeout=2000)
    key(editor, Qt.Key.Key_L)
    assert editor.transport.rate == 2.0
    key(editor, Qt.Key.Key_K)
    assert not editor.transport.playing
    stopped = editor.session.playhead
    key(editor, Qt.Key.Key_J)
    assert editor.transport.rate == -1.0
    qtbot.waitUntil(lambda: editor.session.playhead < stopped, timeout=2000)
    key(editor, Qt.Key.Key_Space)
    assert not editor.transport.playing
    key(editor, Qt.Key.Key_Space)
    assert editor.transport.rate == 1.0
    key(editor, Qt.Key.Key_K)


def test_zoom_keys_and_fit(editor):
    geo = editor.timeline.geo
    key(editor, Qt.Key.Key_Plus)
    assert geo.px_per_frame == 6.0
    key(editor, Qt.Key.Key_Minus)
    assert geo.px_per_frame == 4.0
    key(editor, Qt.Key.Key_Backslash)
    right = geo.frame_to_x(editor.session.project.duration)
    assert editor.timeline.canvas.width() * 0.5 < right <= editor.timeline.canvas.width()
