"""The viewer's worker is sent the part of the timeline around the frames it is asked for,
not the whole project: every frame in that part composites as the whole project's does."""

from __future__ import annotations

import pickle
from dataclasses import replace

import numpy as np
import pytest

from studio.media.compose import Compositor
from studio.model.files import load_project
from studio.ui.playback.qt_feed import project_window


@pytest.fixture
def long_doc(project_folder):
    """The two cards and their dissolve repeated 200 times along V1 (19,200 frames)."""
    doc = load_project(project_folder)
    video = next(t for t in doc.project.tracks if t.clips and t.kind.name == "VIDEO")
    pair = video.clips[:2]
    video.clips[:] = [
        replace(clip, id=f"{clip.id}-{n}", start=clip.start + 96 * n)
        for n in range(200)
        for clip in pair
    ]
    doc.project.reindex()
    return doc


@pytest.mark.parametrize(("first", "last"), [(0, 30), (2000, 2100), (9585, 9700), (19_150, 19_300)])
def test_frames_in_the_window_composite_as_the_whole_projects(long_doc, first, last):
    whole = Compositor(long_doc.project, long_doc.path, (160, 90))
    part = Compositor(project_window(long_doc.project, first, last), long_doc.path, (160, 90))
    # The edges and every cut and dissolve inside: the dissolve's first frames mix A in.
    frames = {first, last - 1} | {f for f in range(first, last) if f % 96 in (42, 47, 48, 53)}
    for frame in sorted(frames):
        if frame < long_doc.project.duration:
            assert np.array_equal(part.frame(frame), whole.frame(frame)), frame


def test_the_window_holds_few_clips_and_pickles_small(long_doc):
    part = project_window(long_doc.project, 5000, 5100)
    assert sum(len(t.clips) for t in part.tracks) <= 8
    whole = len(pickle.dumps(long_doc.project, pickle.HIGHEST_PROTOCOL))
    assert len(pickle.dumps(part, pickle.HIGHEST_PROTOCOL)) < whole / 20
    assert long_doc.project.clip_count() == 401  # the document itself is untouched


def test_the_viewer_gets_frames_beyond_the_first_window(window, long_doc, qtbot):
    """Through the real feed and its worker process: a frame far past the window of the
    first request is sent a window of its own, and shows card B there."""
    window.set_document(long_doc)
    feed = window.viewer.feed
    far = 19_000  # frame 88 of a pair: card B alone
    assert far > 10 + 600 * 24
    for frame in (10, far):
        # Asked again until it comes, as the viewer does when a frame arrives: one frame
        # at a time is composited while scrubbing.
        qtbot.waitUntil(
            lambda frame=frame: feed.want(frame, 0) or feed.get(frame) is not None, timeout=30000
        )
    picture = feed.get(far)
    assert not picture.isNull()
    blue = picture.pixelColor(5, 5)
    assert blue.blue() > 150 and blue.red() < 100
    assert feed.get(10) is not None and feed.get(10).pixelColor(5, 5).red() > 150  # card A
