"""Scrolling moves the painted pixels and repaints only what moving cannot give: the strip
scrolled into view and the clips whose labels sit against an edge. What is on screen
after a scroll must be what a full paint draws there."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage, QPainter

from studio.model import Asset, Clip, Document, MediaKind, Project, Track, TrackKind
from studio.ui.timeline.qt_canvas import BACKGROUND
from studio.ui.timeline.qt_clip_painter import THUMB_HEIGHT


def named_clips_project() -> Project:
    """Clips long enough for labels, with gaps, on picture and sound tracks."""
    still = Asset("a1", MediaKind.IMAGE, "still", "/nonexistent/still.png", offline=True)
    tone = Asset("a2", MediaKind.AUDIO, "tone", "/nonexistent/tone.wav", offline=True)
    tracks = []
    for t, kind in enumerate((TrackKind.VIDEO, TrackKind.VIDEO, TrackKind.AUDIO)):
        length = 37 + 11 * t
        clips = [
            Clip(f"c{t}-{i}", "a2" if kind is TrackKind.AUDIO else "a1", i * (length + 5),
                 length, 0, f"shot {t}-{i} with a long name")
            for i in range(400)
        ]  # fmt: skip
        tracks.append(Track(f"t{t}", kind, f"T{t + 1}", clips))
    project = Project(tracks=tracks)
    project.assets = {still.id: still, tone.id: tone}
    project.reindex()
    return project


def paint(canvas, image, rect: QRect) -> None:
    painter = QPainter(image)
    painter.setClipRect(rect)
    painter.fillRect(rect, BACKGROUND)
    session = canvas.session
    canvas.clip_painter.paint(painter, rect, session.project, canvas.geo, session.selection)
    painter.end()


@pytest.mark.parametrize("zoom", [4.0, 1.37])
@pytest.mark.parametrize("dx", [24, 7, -31])
def test_a_scrolled_view_shows_what_a_full_paint_draws(window, zoom, dx):
    window.set_document(Document(named_clips_project()))
    assert_scroll_repaints_enough(window, zoom, 1000, dx)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip
@given(
    zoom=st.floats(0.2, 8.0),
    start=st.integers(0, 6000),
    dx=st.integers(-80, 80).filter(lambda d: d != 0),
)
def test_any_scroll_repaints_every_changed_name(window, zoom, start, dx):
    if window.session is None or window.session.project.clip_count() != 1200:
        window.set_document(Document(named_clips_project()))
    assert_scroll_repaints_enough(window, zoom, start, dx)


def assert_scroll_repaints_enough(window, zoom: float, start: int, dx: int) -> None:
    panel, canvas = window.timeline, window.timeline.canvas
    panel.geo.px_per_frame = zoom
    panel._update_scroll_ranges()
    panel.hbar.setValue(start)
    if panel.hbar.value() + dx < 0 or panel.hbar.value() + dx > panel.hbar.maximum():
        return  # nowhere to scroll
    canvas.repaint()
    before = canvas.grab().toImage()
    old = panel.geo.scroll_x

    panel.hbar.setValue(panel.hbar.value() + dx)
    assert panel.geo.scroll_x == old + dx
    # What the screen holds now: the old pixels moved by the scroll, then the strip that
    # came into view and the names at the edges painted over them.
    shown = before.copy()
    shown.fill(0)
    mover = QPainter(shown)
    mover.drawImage(QPoint(-dx, 0), before)
    mover.end()
    width = canvas.width()
    strip = (
        QRect(width - dx, 0, dx, canvas.height()) if dx > 0 else QRect(0, 0, -dx, canvas.height())
    )
    for rect in [strip, *canvas.edge_rects(old)]:
        paint(canvas, shown, rect)

    full = canvas.grab().toImage()
    if shown != full:
        differ = [(x, y) for x in range(full.width()) for y in range(0, full.height(), 2)
                  if shown.pixel(x, y) != full.pixel(x, y)]  # fmt: skip
        raise AssertionError(f"{len(differ)} pixels differ, the first at {differ[:3]}")


def test_scrolling_repaints_far_less_than_the_view(window, qtbot):
    window.set_document(Document(named_clips_project()))
    panel, canvas = window.timeline, window.timeline.canvas
    panel.geo.px_per_frame = 4.0
    panel._update_scroll_ranges()
    panel.hbar.setValue(1000)
    qtbot.wait(100)  # the window's own updates (fit, pictures) done
    painted: list[QRect] = []
    original = canvas.paintEvent
    canvas.paintEvent = lambda event: (painted.extend(event.region()), original(event))
    panel.hbar.setValue(1024)
    qtbot.waitUntil(lambda: bool(painted))
    qtbot.wait(50)
    area = sum(r.width() * r.height() for r in painted)
    assert area < canvas.width() * canvas.height() / 2


@pytest.mark.parametrize("zoom", [4.0, 0.5])
def test_the_screen_after_scrolls_matches_a_full_paint(window, qtbot, zoom):
    """The real thing: Qt moves the window's pixels; what it then shows is compared with
    the canvas painted whole."""
    window.set_document(Document(named_clips_project()))
    panel, canvas = window.timeline, window.timeline.canvas
    panel.geo.px_per_frame = zoom
    panel._update_scroll_ranges()
    panel.hbar.setValue(500)
    qtbot.wait(50)
    scroll_by_steps(panel, qtbot, (24, 24, 24, -7, 31, -50, 3))
    assert screen_of(window, canvas) == canvas.grab().toImage()


def scroll_by_steps(panel, qtbot, steps) -> None:
    """Scroll as wheel steps do, a few ms apart, then let the last paint land."""
    for step in steps:
        panel.canvas.scroll_requested.emit(step, 0)
        qtbot.wait(5)
    qtbot.wait(50)


def saved_with_media(folder):
    """named_clips_project with its still and tone real files, saved: (path, still, tone)."""
    from studio.media import synth
    from studio.model.files import create_project, save_project

    doc = create_project(folder / "Pictures")
    media = doc.path / "media"
    synth.write_card(media / "still.png", (320, 180), "still", (90, 60, 120))
    synth.write_tone(media / "tone.wav", seconds=4.0)
    project = named_clips_project()
    still, tone = project.assets["a1"], project.assets["a2"]
    still.path, still.offline, still.width, still.height = "media/still.png", False, 320, 180
    tone.path, tone.offline = "media/tone.wav", False
    tone.sample_rate, tone.samples, tone.channels = 48000, 4 * 48000, 2
    project.settings = doc.project.settings
    doc.project = project
    save_project(doc)
    return doc.path, still, tone


def screen_of(window, widget) -> QImage:
    corner = widget.mapTo(window, QPoint(0, 0))
    screen = window.screen().grabWindow(
        window.winId(), corner.x(), corner.y(), widget.width(), widget.height()
    )
    return screen.toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_arriving_pictures_repaint_their_clips_not_the_view(window, qtbot, tmp_path):
    """Scrolling through a film, pictures arrive every few frames: each arrival repaints
    the clips painted without them, and the screen then shows what a full paint draws."""
    path, still, tone = saved_with_media(tmp_path)
    assert window.open_project(path)
    panel, canvas = window.timeline, window.timeline.canvas
    qtbot.waitUntil(lambda: canvas.width() > 300)
    painted: list[list[QRect]] = []
    original = canvas.paintEvent
    canvas.paintEvent = lambda event: (painted.append(list(event.region())), original(event))
    panel.geo.px_per_frame = 4.0
    panel._update_scroll_ranges()
    panel.hbar.setValue(500)
    canvas.repaint()  # asks for the pictures: none is ready yet
    assert canvas.clip_painter.awaiting
    painted.clear()
    qtbot.waitUntil(lambda: not window.pictures.busy(), timeout=10000)
    qtbot.waitUntil(lambda: bool(painted))
    qtbot.wait(50)
    view = canvas.width() * canvas.height()
    for region in painted:
        assert sum(r.width() * r.height() for r in region) < view / 2
    assert window.pictures.thumbnail(still, 0.0, THUMB_HEIGHT) is not None
    assert screen_of(window, canvas) == canvas.grab().toImage()


def test_pictures_and_waveforms_move_with_their_clips(window, qtbot, tmp_path):
    """A scroll repaints only the names of the clips at the edges: the thumbnails and
    waveforms under them must be what a full paint draws, moved."""
    path, still, tone = saved_with_media(tmp_path)
    assert window.open_project(path)
    panel, canvas = window.timeline, window.timeline.canvas
    qtbot.waitUntil(lambda: canvas.width() > 300)
    panel.geo.px_per_frame = 4.0
    panel._update_scroll_ranges()
    panel.hbar.setValue(500)
    canvas.repaint()
    qtbot.waitUntil(lambda: not window.pictures.busy(), timeout=10000)
    canvas.repaint()
    assert window.pictures.peaks(tone) is not None  # there are waveforms to compare
    assert window.pictures.thumbnail(still, 0.0, THUMB_HEIGHT) is not None  # and pictures
    scroll_by_steps(panel, qtbot, (24, 24, 24, -7, 31, -50, 3))
    assert screen_of(window, canvas) == canvas.grab().toImage()


@pytest.mark.parametrize("zoom", [4.0, 0.5])
def test_the_ruler_after_scrolls_matches_a_full_paint(window, qtbot, zoom):
    """The ruler moves its pixels too: its timecodes, markers and their names, and the
    playhead must be where a whole paint puts them."""
    from studio.model import Marker

    project = named_clips_project()
    project.markers = [
        Marker(f"m{i}", frame, f"note {i} about this scene", "#ffb340")
        for i, frame in enumerate(range(90, 8000, 137))
    ]
    window.set_document(Document(project))
    panel, ruler = window.timeline, window.timeline.ruler
    panel.geo.px_per_frame = zoom
    panel._update_scroll_ranges()
    panel.hbar.setValue(500)
    window.session.playhead = 260
    ruler.update()
    qtbot.wait(50)
    scroll_by_steps(panel, qtbot, (24, 24, 24, -7, 31, -50, 3, -90))
    assert screen_of(window, ruler) == ruler.grab().toImage()
