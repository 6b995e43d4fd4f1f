"""Drops onto the timeline: assets from the bin, files from the file manager, refusals."""

from __future__ import annotations

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent
from PySide6.QtWidgets import QApplication

from tests.ui.driving import asset_mime, file_mime, point, send_drop, status, track


def asset_id(window, name: str) -> str:
    return next(a.id for a in window.session.project.assets.values() if a.name == name)


def bin_mime(window, name: str):
    """The mime data the asset bin itself puts on a drag of the item called `name`."""
    items = window.asset_bin.list
    item = next(
        items.item(r) for r in range(items.count()) if items.item(r).text().startswith(name)
    )
    return items.mimeData([item])


def test_dropping_a_bin_asset_places_it_where_dropped(editor):
    send_drop(editor.timeline.canvas, bin_mime(editor, "card-a"), point(editor, "V2", 40))
    (clip,) = track(editor, "V2").clips
    assert (clip.start, clip.duration, clip.asset_id) == (40, 72, asset_id(editor, "card-a"))
    assert editor.session.selection == {clip.id}
    editor.session.undo()
    assert track(editor, "V2").clips == []


def test_the_drop_position_is_previewed_while_dragging(editor):
    canvas = editor.timeline.canvas
    mime = asset_mime([asset_id(editor, "tone")])
    pos = point(editor, "V2", 40)
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0))
    QApplication.sendEvent(canvas, QDragEnterEvent(QPointF(pos), *args))
    QApplication.sendEvent(canvas, QDragMoveEvent(QPointF(pos), *args))
    (ghost,) = canvas.ghosts
    assert (ghost.start, ghost.duration, ghost.ok) == (40, 24, False)
    assert "cannot go on video track" in ghost.label
    pos = point(editor, "A2", 40)
    QApplication.sendEvent(canvas, QDragMoveEvent(QPointF(pos), *args))
    assert canvas.ghosts[0].ok


def test_a_drop_of_the_wrong_kind_is_refused_with_a_message(editor):
    before = editor.session.project.clip_count()
    send_drop(
        editor.timeline.canvas, asset_mime([asset_id(editor, "tone")]), point(editor, "V2", 40)
    )
    assert editor.session.project.clip_count() == before
    assert "cannot go on video track V2" in status(editor)
    assert editor.timeline.canvas.ghosts == []


def test_a_drop_onto_another_clip_is_refused_with_a_message(editor):
    before = editor.session.project.clip_count()
    mime = asset_mime([asset_id(editor, "card-b")])
    editor.session.set_snapping(False)
    send_drop(editor.timeline.canvas, mime, point(editor, "V1", 50))
    assert editor.session.project.clip_count() == before
    assert "would overlap" in status(editor)


def test_a_file_from_the_file_manager_imports_and_lands_where_dropped(editor, media, qtbot):
    importer = editor.importer
    with qtbot.waitSignal(importer.finished, timeout=10000) as placed:
        send_drop(editor.timeline.canvas, file_mime([media["video"]]), point(editor, "V2", 200))
    (clip_id,) = placed.args[0]
    clip = editor.session.project.clip(clip_id)
    assert editor.session.project.track_of(clip_id).name == "V2"
    assert (clip.start, clip.duration) == (200, 48)
    asset = editor.session.project.assets[clip.asset_id]
    assert (editor.session.doc.path / asset.path).exists()  # copied into media/
    assert any(name.startswith("clip") for name in editor.asset_bin.visible_names())
    editor.session.undo()  # the whole import is one step
    assert clip.asset_id not in editor.session.project.assets


def test_a_sound_file_dropped_on_a_video_track_goes_to_an_audio_track(editor, media, qtbot):
    with qtbot.waitSignal(editor.importer.finished, timeout=10000) as placed:
        send_drop(editor.timeline.canvas, file_mime([media["tone"]]), point(editor, "V2", 100))
    (clip_id,) = placed.args[0]
    assert editor.session.project.track_of(clip_id).kind == "audio"
    assert editor.session.project.clip(clip_id).start == 100
