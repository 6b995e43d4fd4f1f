"""The one bridge from the Qt-free job engine to the GUI: engine events as GUI-thread signals."""

from __future__ import annotations

import math
import threading
import time
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from studio.engine.jobs import EventKind, Job, JobEvent, JobState
from studio.ui.qt_workers import GuiCall

if TYPE_CHECKING:
    from studio.engine import Engine

FLUSH_MS = 33  # the GUI hears about progress at most ~30 times a second, however fast a job runs
PREVIEW_S = 0.1  # previews are converted at most ten times a second per job
THUMBNAIL_PX = 256  # previews are shrunk to this on the worker; the dock shows them smaller
TEXT_TAIL = 400  # characters of a streaming text preview worth showing
_ENDS = (EventKind.FINISHED, EventKind.FAILED, EventKind.CANCELLED)


class EngineBridge(QObject):
    """Re-emits an Engine's events on the GUI thread, coalesced so no job can flood it.

    Workers only append to a batch under a lock and post one wake-up if none is
    pending; the GUI thread takes the whole batch at most every FLUSH_MS. Job state
    changes are delivered in order and never dropped; progress keeps only the latest
    value per job, previews the latest picture (already thumbnail-sized, as a QImage).
    """

    queued = Signal(object)  # Job
    started = Signal(object)
    progress = Signal(object, float, str)  # Job, fraction, message
    preview = Signal(object, QImage)  # Job, a picture of the work so far (or the result)
    text_preview = Signal(object, str)  # Job, the tail of text generated so far
    finished = Signal(object)  # done, with job.path / job.output set
    failed = Signal(object, str)  # Job, the one-line reason
    cancelled = Signal(object)
    ended = Signal(object)  # after any of finished, failed, cancelled

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.engine: Engine | None = None
        self._unsubscribe = None
        self._lock = threading.Lock()
        self._events: list[JobEvent] = []
        self._progress: dict[Job, tuple[float, str]] = {}
        self._pictures: dict[Job, QImage | str] = {}
        self._raw_previews: dict[Job, Any] = {}  # throttled away, kept for the job's end
        self._preview_times: dict[Job, float] = {}
        self._posted = False
        self._last_flush = -math.inf
        self._gui = GuiCall(self)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self._flush)

    def attach(self, engine: Engine) -> None:
        """Listen to `engine` (one at a time)."""
        self.detach()
        self.engine = engine
        self._unsubscribe = engine.subscribe(self._on_event)

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self._unsubscribe = None
        self.engine = None

    # Worker threads (or whoever changed the job) ---------------------------------------

    def _on_event(self, event: JobEvent) -> None:
        job, kind = event.job, event.kind
        picture = None
        if kind is EventKind.PREVIEW:
            picture = self._throttled(job, event.preview)
            if picture is None:
                return
        elif kind in _ENDS:
            picture = self._last_picture(job)
        with self._lock:
            if kind is EventKind.PROGRESS:
                self._progress[job] = (event.fraction, event.message)
            elif kind is not EventKind.PREVIEW:
                self._events.append(event)
            if picture is not None:
                self._pictures[job] = picture
            post, self._posted = not self._posted, True
        if post:
            self._gui.post(self._schedule)  # dropped if the bridge went with its window

    def _throttled(self, job: Job, obj: Any) -> QImage | str | None:
        now = time.monotonic()
        with self._lock:
            if now - self._preview_times.get(job, -math.inf) < PREVIEW_S:
                self._raw_previews[job] = obj
                return None
            self._preview_times[job] = now
            self._raw_previews.pop(job, None)
        return preview_picture(obj)

    def _last_picture(self, job: Job) -> QImage | str | None:
        """The result's picture when there is one, else the last preview held back."""
        with self._lock:
            raw = self._raw_previews.pop(job, None)
            self._preview_times.pop(job, None)
        if job.state is JobState.DONE:
            result = preview_picture(job.output)
            if result is not None:
                return result
        return None if raw is None else preview_picture(raw)

    # The GUI thread -------------------------------------------------------------------

    def _schedule(self) -> None:
        wait_ms = FLUSH_MS - (time.monotonic() - self._last_flush) * 1000
        if wait_ms <= 0:
            self._flush()
        elif not self._timer.isActive():
            self._timer.start(math.ceil(wait_ms))

    def _flush(self) -> None:
        with self._lock:
            events, self._events = self._events, []
            progress, self._progress = self._progress, {}
            pictures, self._pictures = self._pictures, {}
            self._posted = False
        self._last_flush = time.monotonic()
        for event in events:
            self._announce(event)
        for job, (fraction, message) in progress.items():
            if not job.state.finished:  # an end already said 100% or why not
                self.progress.emit(job, fraction, message)
        for job, picture in pictures.items():
            if isinstance(picture, QImage):
                self.preview.emit(job, picture)
            else:
                self.text_preview.emit(job, picture)

    def _announce(self, event: JobEvent) -> None:
        job = event.job
        if event.kind is EventKind.QUEUED:
            self.queued.emit(job)
        elif event.kind is EventKind.STARTED:
            self.started.emit(job)
        elif event.kind is EventKind.FINISHED:
            self.finished.emit(job)
        elif event.kind is EventKind.FAILED:
            self.failed.emit(job, event.message)
        elif event.kind is EventKind.CANCELLED:
            self.cancelled.emit(job)
        if event.kind in _ENDS:
            self.ended.emit(job)


def preview_picture(obj: Any, size: int = THUMBNAIL_PX) -> QImage | str | None:
    """A thumbnail QImage of a preview or output (PIL image, api Image/Video, RGB array),
    the tail of a Text, or None for what has no picture (audio). Safe off the GUI thread."""
    from studio.plugins.api import Image, Text, Video

    if isinstance(obj, Text):
        return obj.text[-TEXT_TAIL:]
    if isinstance(obj, Image):
        obj = obj.image
    elif isinstance(obj, Video):
        obj = obj.frames[0] if len(obj.frames) else None
    if hasattr(obj, "convert") and hasattr(obj, "thumbnail"):  # a PIL image
        image = obj.convert("RGB")  # a copy: the generator may keep drawing on its own
        image.thumbnail((size, size))
        pixels = np.asarray(image)
    elif isinstance(obj, np.ndarray) and obj.ndim in (2, 3, 4) and obj.size:
        pixels = _rgb_array(obj, size)
    else:
        return None
    pixels = np.ascontiguousarray(pixels)
    height, width = pixels.shape[:2]
    image = QImage(pixels.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: the array goes away with this frame


def _rgb_array(array: np.ndarray, size: int) -> np.ndarray:
    if array.ndim == 4:
        array = array[0]  # a batch or a clip: its first picture
    if array.ndim == 2:
        array = array[..., None]
    step = max(1, math.ceil(max(array.shape[:2]) / size))
    array = array[::step, ::step]  # striding is enough for a thumbnail, and cheap
    if array.dtype != np.uint8:
        array = (np.clip(array.astype(np.float32), 0.0, 1.0) * 255).astype(np.uint8)
    channels = array.shape[2]
    if channels == 1:
        return np.repeat(array, 3, axis=2)
    return array[..., :3] if channels >= 3 else np.repeat(array[..., :1], 3, axis=2)
