"""Playback against a test clock: frames arrive in order, late ones are counted as dropped."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint

from studio.media.compose import Compositor
from studio.ui.playback.stats import PlaybackStats


def _centre(image) -> tuple[int, int, int]:
    colour = image.pixelColor(QPoint(image.width() // 2, image.height() // 4))
    return colour.red(), colour.green(), colour.blue()


def test_playback_at_24_fps_delivers_frames_in_order_and_counts_drops(editor, clock, qtbot):
    viewer = editor.viewer
    qtbot.waitUntil(lambda: viewer.shown_frame == 0, timeout=15000)
    shown: list[int] = []
    viewer.presented.connect(shown.append)
    editor.transport.play(1.0)
    for frame in range(1, 25):
        clock.advance_frames(1)
        qtbot.waitUntil(lambda f=frame: viewer.shown_frame == f, timeout=5000)
    assert shown == list(range(1, 25))
    assert viewer.stats.dropped == 0
    assert viewer.stats.delivered == 25  # frame 0 was on screen when play started

    clock.advance_frames(5)  # the GUI missed four frame times: they are dropped, not shown late
    qtbot.waitUntil(lambda: viewer.shown_frame == 29, timeout=5000)
    assert shown[-1] == 29 and 25 not in shown
    assert viewer.stats.dropped == 4
    assert "4 dropped" in viewer.status_text()
    editor.transport.stop()
    assert viewer.rate == 0


def test_playback_stops_at_the_end_on_the_clock(editor, clock, qtbot):
    editor.session.set_playhead(90)
    rates: list[float] = []
    editor.transport.rate_changed.connect(rates.append)
    editor.transport.play(1.0)
    clock.advance_frames(20)
    qtbot.waitUntil(lambda: not editor.transport.playing, timeout=3000)
    assert editor.session.playhead == editor.session.project.duration == 96
    assert rates == [1.0, 0.0]  # reaching the end is not a seek that plays again


def test_scrubbing_shows_the_composited_frame_at_the_playhead(editor, qtbot):
    viewer = editor.viewer
    project, folder = editor.session.project, editor.session.doc.path
    with Compositor(project, folder, viewer.feed.size) as compositor:
        expected = {f: compositor.frame(f) for f in (10, 48, 80)}
    for frame in (80, 10, 48):  # B, back to A, then halfway through the dissolve
        editor.session.set_playhead(frame)
        qtbot.waitUntil(lambda f=frame: viewer.shown_frame == f, timeout=15000)
        want = expected[frame][viewer.shown.height() // 4, viewer.shown.width() // 2]
        assert np.abs(np.array(_centre(viewer.shown)) - want).max() <= 2, frame
    red_a, _, blue_a = expected[10][0, 0]
    red_mid, _, blue_mid = expected[48][0, 0]
    assert red_a > red_mid > 0 and blue_mid > blue_a  # the dissolve mixes A and B


def test_fast_scrub_composites_only_the_newest_position(editor, qtbot, monkeypatch):
    viewer = editor.viewer
    qtbot.waitUntil(lambda: viewer.shown_frame == 0, timeout=15000)
    asked: list[list[int]] = []
    submit = viewer.feed._submit
    monkeypatch.setattr(viewer.feed, "_submit", lambda f: asked.append(f) or submit(f))
    for frame in range(3, 96, 3):
        editor.session.set_playhead(frame)
    qtbot.waitUntil(lambda: viewer.shown_frame == 93, timeout=15000)
    assert asked[0] == [3] and asked[-1] == [93]
    assert len(asked) <= 3  # the positions passed over while one was being made are skipped


def test_stats_count_only_frames_skipped_at_normal_speed():
    stats = PlaybackStats()
    stats.start(10, 1.0)
    for frame in (10, 11, 14, 15):
        stats.presented(frame, 1.0)
    assert (stats.delivered, stats.dropped) == (4, 2)
    stats.start(50, -1.0)
    for frame in (49, 46):
        stats.presented(frame, -1.0)
    assert stats.dropped == 3  # 50 itself, then 48 and 47
    stats.start(0, 4.0)
    for frame in (0, 4, 8):
        stats.presented(frame, 4.0)
    assert stats.dropped == 0  # shuttling skips on purpose


def test_a_drag_sends_the_project_to_the_compositor_once_it_settles(editor, qtbot, monkeypatch):
    """Each drag step once re-pickled the whole project for the viewer: 40-80 ms a step at
    10,000 clips. Now the viewer waits for the edits to pause."""
    from studio.model.edits import MoveClip
    from studio.ui.playback import qt_feed

    sent = []
    real_dumps = qt_feed.pickle.dumps
    monkeypatch.setattr(qt_feed.pickle, "dumps", lambda *a: sent.append(1) or real_dumps(*a))
    feed = editor.viewer.feed
    # A pause is 400 ms here, so the 25 ms between steps stay a drag even under load.
    editor.viewer.settle_timer.setInterval(400)
    qtbot.waitUntil(lambda: editor.viewer.shown is not None and feed._batches == 0, timeout=20000)
    sent.clear()
    audio = next(t for t in editor.session.project.tracks if t.kind.name == "AUDIO" and t.clips)
    clip = audio.clips[0]
    for step in range(12):  # a drag: an edit every few milliseconds, one merge run
        assert editor.session.apply(MoveClip(clip.id, 10 + step, merge_key="drag"))
        qtbot.wait(25)  # long enough for the worker to finish a frame, shorter than a pause
    assert sent == []  # nothing pickled while the edits keep coming
    qtbot.waitUntil(lambda: len(sent) == 1, timeout=2000)  # then once
    qtbot.wait(150)
    assert len(sent) == 1


def test_an_edit_under_a_still_playhead_redraws_the_viewer(editor, qtbot):
    """The viewer once kept the old picture until the playhead moved: it only showed a
    frame whose number had changed."""
    from studio.model.edits import DeleteClips

    viewer = editor.viewer
    qtbot.waitUntil(lambda: viewer.shown_frame == 0, timeout=15000)
    red, _, blue = _centre(viewer.shown)
    assert red > 150 and blue < 100  # card A
    video = next(t for t in editor.session.project.tracks if t.kind.name == "VIDEO" and t.clips)
    assert editor.session.apply(DeleteClips([video.clips[0].id]))  # the playhead stays at 0
    qtbot.waitUntil(
        lambda: viewer.shown_frame == 0 and _centre(viewer.shown)[0] < 40, timeout=15000
    )
