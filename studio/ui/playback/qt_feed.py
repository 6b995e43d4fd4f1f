"""Composited timeline frames for the viewer, made ahead of the playhead in a worker process.

The GUI thread only asks (`want`) and looks (`get`); it never waits. While playing, the
frames the clock will ask for next are requested in small batches, a few in flight; when
scrubbing, one frame at a time and always the newest position, so a fast drag never
queues up stale work.
"""

from __future__ import annotations

import dataclasses
import itertools
import pickle
from collections import OrderedDict
from functools import partial

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from studio.model import Document, Project
from studio.model.project import clip_index, clips_in_range, first_clip_from
from studio.ui.qt_images import to_qimage
from studio.ui.qt_workers import BackgroundWork
from studio.workflows.playback import worker_jobs

PREVIEW_HEIGHT = 540  # frames are composited at most this tall: a viewer, not a master
LEAD = 18  # frames requested ahead of the playhead while playing (0.75 s at 24 fps)
BATCH = 6  # frames per worker trip: fewer trips, still short enough to arrive in time
IN_FLIGHT = 2  # batches queued at once while playing: one composing, one waiting
KEEP = 72  # composited frames kept (scrubbing back over them costs nothing)
# The worker is sent the part of the timeline this many seconds either side of the frames
# asked for, not the whole project: pickling 100,000 clips held the GUI thread ~0.4 s.
WINDOW_SECONDS = 600
_feeds = itertools.count()


def preview_size(width: int, height: int) -> tuple[int, int]:
    h = min(height, PREVIEW_HEIGHT) // 2 * 2
    return max(2, round(width * h / height) // 2 * 2), h


class FrameFeed(QObject):
    arrived = Signal()  # a frame came in: the viewer looks whether it is the one it shows
    failed = Signal(str)

    def __init__(self, work: BackgroundWork, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._id = next(_feeds)
        self.doc: Document | None = None
        self.use_proxies = True
        self._version = 0
        self._blob: bytes | None = None
        self._window = (0, 0)  # the frames [first, last) the blob's clips show
        self._frames: OrderedDict[int, QImage] = OrderedDict()
        self._pending: set[int] = set()
        self._batches = 0
        self.size = (2, 2)

    def set_document(self, doc: Document) -> None:
        self.doc = doc
        self.invalidate()

    def set_use_proxies(self, on: bool) -> None:
        if on != self.use_proxies:
            self.use_proxies = on
            self.invalidate()

    def invalidate(self) -> None:
        """The pictures changed (an edit, a new proxy): forget every frame made so far."""
        self._version += 1
        self._blob = None
        self._frames.clear()
        self._pending.clear()
        if self.doc is not None:
            settings = self.doc.project.settings
            self.size = preview_size(settings.width, settings.height)

    def get(self, frame: int) -> QImage | None:
        return self._frames.get(frame)

    def want(self, frame: int, rate: float) -> None:
        """Request `frame` and, while playing at `rate`, the frames due after it."""
        if self.doc is None:
            return
        end = self.doc.project.duration
        if rate == 0:
            wanted, batch, most = [frame], 1, 1
        else:
            wanted = [frame + round(i * rate) for i in range(LEAD)]
            batch, most = BATCH, IN_FLIGHT
            # Behind the playhead in the play direction is never shown again.
            for old in [f for f in self._frames if (f - frame) * rate < -abs(rate) * 2]:
                del self._frames[old]
        missing = [
            f for f in wanted if 0 <= f < end and f not in self._frames and f not in self._pending
        ]
        while missing and self._batches < most:
            self._submit(missing[:batch])
            missing = missing[batch:]

    def _submit(self, frames: list[int]) -> None:
        first, last = min(frames), max(frames) + 1
        if self._blob is None or not (self._window[0] <= first and last <= self._window[1]):
            reach = round(WINDOW_SECONDS * float(self.doc.project.settings.fps))
            self._window = (max(0, first - reach), last + reach)
            part = project_window(self.doc.project, *self._window)
            self._blob = pickle.dumps(part, pickle.HIGHEST_PROTOCOL)
        self._pending.update(frames)
        self._batches += 1
        key = (self._id, self._version, self.use_proxies, self._window)
        self._work.submit_soon(
            worker_jobs.compose_frames,
            key,
            self._blob,
            self.doc.path,
            self.size,
            self.use_proxies,
            frames,
            on_done=partial(self._done, self._version, frames),
            on_error=partial(self._error, self._version, frames),
        )

    def _done(self, version: int, frames: list[int], images: list) -> None:
        self._batches -= 1
        if version != self._version:
            self.arrived.emit()  # stale pictures; the slot it freed may serve the new ones
            return
        self._pending.difference_update(frames)
        for frame, raw in zip(frames, images, strict=True):
            self._frames[frame] = to_qimage(raw)
        while len(self._frames) > KEEP:
            self._frames.popitem(last=False)
        self.arrived.emit()

    def _error(self, version: int, frames: list[int], error: BaseException) -> None:
        self._batches -= 1
        if version == self._version:
            self._pending.difference_update(frames)
            for frame in frames:  # black with the reason over it, rather than asking again
                self._frames[frame] = QImage()
            self.failed.emit(str(error))
        self.arrived.emit()


def project_window(project: Project, first: int, last: int) -> Project:
    """The project with only the clips that frames [first, last) can show: those there and
    one neighbour either side on each track (a dissolve mixes a clip with its neighbour).
    Composited, each frame in the range is the same as the whole project's."""
    tracks = []
    for track in project.tracks:
        inside = clips_in_range(track, first, last)
        start = clip_index(track, inside[0]) if inside else first_clip_from(track, first)
        low = max(0, start - 1)
        high = min(len(track.clips), start + len(inside) + 1)
        tracks.append(dataclasses.replace(track, clips=track.clips[low:high]))
    return dataclasses.replace(project, tracks=tracks)
