"""Linked clips on the real canvas: a drag takes the link along, Alt moves one alone,
Edit ▸ Link/Unlink, and linked names are underlined."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.ui.driving import clip_named, drag, point


def link_b_with_tone(editor) -> None:
    editor.session.set_snapping(False)
    editor.session.select([clip_named(editor, "card-b").id, clip_named(editor, "tone").id])
    editor.actions["link"].trigger()
    assert clip_named(editor, "card-b").link == clip_named(editor, "tone").link is not None


def test_a_drag_moves_the_linked_sound_too_and_alt_moves_one_alone(editor):
    link_b_with_tone(editor)
    canvas = editor.timeline.canvas
    editor.session.select([])
    drag(canvas, point(editor, "V1", 100), point(editor, "V1", 110), steps=5)
    assert (clip_named(editor, "card-b").start, clip_named(editor, "tone").start) == (82, 10)
    alt = Qt.KeyboardModifier.AltModifier
    drag(canvas, point(editor, "V1", 110), point(editor, "V1", 120), steps=5, modifiers=alt)
    assert (clip_named(editor, "card-b").start, clip_named(editor, "tone").start) == (92, 10)


def test_unlink_lets_each_clip_go_its_own_way(editor):
    link_b_with_tone(editor)
    editor.actions["unlink"].trigger()
    assert clip_named(editor, "card-b").link is None and clip_named(editor, "tone").link is None
    editor.session.undo()
    assert clip_named(editor, "card-b").link is not None  # one undo step


def test_linked_names_are_underlined(editor, qtbot):
    canvas = editor.timeline.canvas

    def name_row_ink() -> int:
        image = canvas.grab().toImage()
        spot = point(editor, "A1", 0)
        top = spot.y() - editor.timeline.geo.heights[0] // 2
        return sum(
            image.pixelColor(x, y).lightness() > 150
            for y in range(top, spot.y())
            for x in range(spot.x() + 2, spot.x() + 60)
        )

    plain = name_row_ink()
    link_b_with_tone(editor)
    editor.session.select([])
    qtbot.wait(10)
    assert name_row_ink() > plain  # the tone's name gained its underline
