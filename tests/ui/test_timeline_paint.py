"""Painting: only visible clips are looked at; dense zoomed-out rows still show selection."""

from __future__ import annotations

import pytest

from studio.model import Asset, Clip, Document, MediaKind, Project, Track, TrackKind
from studio.ui.timeline.qt_clip_painter import SELECTED_EDGE


def long_project(clips_per_track: int = 2000) -> Project:
    still = Asset("a1", MediaKind.IMAGE, "still", "/nonexistent/still.png", offline=True)
    tracks = []
    for t in range(3):
        clips = [
            Clip(f"c{t}-{i}", "a1", i * 30, 24, 0, f"clip {i}") for i in range(clips_per_track)
        ]
        tracks.append(Track(f"t{t}", TrackKind.VIDEO, f"V{t + 1}", clips))
    project = Project(tracks=tracks)
    project.assets = {still.id: still}
    project.reindex()
    return project


def test_a_zoomed_in_paint_looks_only_at_the_visible_clips(window):
    window.set_document(Document(long_project()))
    panel, canvas = window.timeline, window.timeline.canvas
    panel.geo.px_per_frame = 4.0
    panel.hbar.setValue(40_000)
    canvas.repaint()
    per_row = canvas.width() / (30 * 4.0) + 2
    assert 0 < canvas.last_paint_clips <= 3 * per_row


def test_a_zoomed_out_paint_merges_clips_and_marks_the_selected_one(window):
    window.set_document(Document(long_project()))
    panel, canvas = window.timeline, window.timeline.canvas
    panel.fit()  # 60,000 frames in about a thousand pixels: clips are fractions of a pixel
    assert panel.geo.px_per_frame * 30 < 1
    window.session.select(["c1-1000"])
    canvas.repaint()
    assert canvas.last_paint_clips >= 3 * 1900
    geo = panel.geo
    row = 1
    x = round(geo.frame_to_x(1000 * 30))
    image = canvas.grab().toImage()
    assert image.pixelColor(x, geo.row_top(row) + 1) == SELECTED_EDGE
    assert image.pixelColor(x, geo.row_top(0) + 1) != SELECTED_EDGE


@pytest.mark.parametrize("zoom", [4.0, 4.37])  # whole and fractional pixels per frame
@pytest.mark.parametrize(("track", "frame"), [("V1", 80), ("A1", 9), ("A1", 14)])
def test_a_narrow_repaint_draws_what_the_full_paint_does(editor, qtbot, track, frame, zoom):
    """The playhead passing repaints a strip; the label there once was elided to the strip
    ("still" drawn as "..ll" over the old text)."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QPainter

    from tests.ui.driving import point

    canvas = editor.timeline.canvas
    editor.timeline.geo.px_per_frame = zoom
    editor.timeline.update_all()
    qtbot.waitUntil(lambda: not editor.pictures.busy(), timeout=10000)  # the tone's peaks
    full = canvas.grab().toImage()
    spot = point(editor, track, frame)  # card-b near its name; the tone's waveform
    strip = QRect(spot.x() - 4, 0, 8, canvas.height())
    partial = full.copy()
    painter = QPainter(partial)
    painter.setClipRect(strip)
    session = editor.session
    canvas.clip_painter.paint(painter, strip, session.project, canvas.geo, session.selection)
    painter.end()
    assert partial.copy(strip) == full.copy(strip)


@pytest.mark.parametrize("zoom", [0.37, 1.3, 2.71, 4.37, 9.9])
def test_playback_strips_repaint_what_the_full_paint_drew(editor, qtbot, zoom):
    """Playback repaints a 5 px strip around the old and the new playhead (update_frame_column)
    through paintEvent; every such strip must match the full paint, or stripes of the wrong
    colour stay behind (a thumbnail at a fractional place was rounded differently)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QRegion

    canvas = editor.timeline.canvas
    editor.timeline.geo.px_per_frame = zoom
    editor.timeline.update_all()
    qtbot.waitUntil(lambda: not editor.pictures.busy(), timeout=10000)
    full = canvas.grab().toImage()
    wrong = []
    for x in range(8, min(canvas.width(), 420), 3):  # clear of the playhead at frame 0
        strip = QRect(x - 2, 0, 5, canvas.height())
        partial = full.copy()
        canvas.render(partial, QPoint(x - 2, 0), QRegion(strip))
        if partial.copy(strip) != full.copy(strip):
            wrong.append(x)
    assert not wrong


def test_a_full_name_cache_lets_go_of_the_oldest_name_only(window, monkeypatch):
    """Clearing 5,000 laid-out names at once cost a scroll step 8 ms; the oldest goes."""
    from PySide6.QtGui import QFontMetrics

    from studio.ui.timeline import qt_clip_painter

    monkeypatch.setattr(qt_clip_painter, "NAME_CACHE", 3)
    painter = window.timeline.canvas.clip_painter
    painter._names.clear()
    metrics = QFontMetrics(window.font())
    first = painter._label(metrics, "shot 1", 80)
    for name in ("shot 2", "shot 3"):
        painter._label(metrics, name, 80)
    assert painter._label(metrics, "shot 1", 80) is first  # used again: now the newest
    painter._label(metrics, "shot 4", 80)
    assert list(painter._names) == [("shot 3", 80), ("shot 1", 80), ("shot 4", 80)]
