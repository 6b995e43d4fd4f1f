"""Thumbnails and waveforms for the views: asked for while painting, made in worker processes.

A view asks while it paints; a miss queues the request and returns None. Requests made
in one event-loop turn travel together in a few batches, and `ready` fires (coalesced)
once results arrive so the views paint again.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QPixmap

from studio.model import Asset, MediaKind
from studio.model.files import media_path
from studio.ui.qt_images import to_qimage
from studio.ui.qt_workers import BackgroundWork
from studio.workflows import media_jobs

_KEEP_IMAGES = 3000  # thumbnails held in memory (about 20 KB each at timeline size)
_BATCH = 8


class MediaPictures(QObject):
    ready = Signal()

    def __init__(self, work: BackgroundWork, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._folder: Path | None = None
        self._images: OrderedDict[tuple, QPixmap] = OrderedDict()
        self._peaks: dict[tuple, object] = {}
        self._pending: set[tuple] = set()
        self._failed: set[tuple] = set()
        self._thumb_queue: list[tuple[tuple, tuple]] = []
        self._peaks_queue: list[tuple[tuple, Path]] = []
        self._flush = QTimer(self, singleShot=True, interval=0)
        self._flush.timeout.connect(self._send)
        self._notify = QTimer(self, singleShot=True, interval=30)
        self._notify.timeout.connect(self.ready)

    def set_project_folder(self, folder: Path | None) -> None:
        if folder != self._folder:
            self._folder = folder
            self._images.clear()
            self._peaks.clear()
            self._failed.clear()

    @property
    def cache_dir(self) -> Path | None:
        return self._folder / "cache" if self._folder is not None else None

    def busy(self) -> bool:
        return bool(self._pending)

    def _source(self, asset: Asset) -> Path | None:
        if asset.offline:
            return None
        return media_path(self._folder or Path.cwd(), asset)

    def _wanted(self, key: tuple) -> bool:
        return key not in self._pending and key not in self._failed

    def thumbnail(self, asset: Asset, at_seconds: float, height: int) -> QPixmap | None:
        """The picture if it is ready; otherwise None now and `ready` later."""
        if asset.kind not in (MediaKind.IMAGE, MediaKind.VIDEO):
            return None
        at_seconds = 0.0 if asset.kind is MediaKind.IMAGE else round(at_seconds, 1)
        key = ("thumb", asset.id, asset.path, at_seconds, height)
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
            return image
        # Asked for again while it is made, or after it failed: every paint asks, and
        # working out the file's path (pathlib) cost 3 ms a paint at 10,000 clips.
        if not self._wanted(key):
            return None
        source = self._source(asset)
        if source is not None:
            self._pending.add(key)
            self._thumb_queue.append((key, (source, at_seconds, height)))
            self._flush.start()
        return None

    def peaks(self, asset: Asset):
        """The waveform peaks of an audio asset (or a video's sound) if ready, else None."""
        if not (asset.kind is MediaKind.AUDIO or asset.has_audio):
            return None
        key = ("peaks", asset.id, asset.path)
        if key in self._peaks:
            return self._peaks[key]
        if not self._wanted(key):
            return None
        source = self._source(asset)
        if source is not None:
            self._pending.add(key)
            self._peaks_queue.append((key, source))
            self._flush.start()
        return None

    def _send(self) -> None:
        queue, self._thumb_queue = self._thumb_queue, []
        for i in range(0, len(queue), _BATCH):
            keys, requests = zip(*queue[i : i + _BATCH], strict=True)
            self._work.submit_soon(
                media_jobs.thumbnail_batch,
                self.cache_dir,
                list(requests),
                on_done=partial(self._store, keys, self._store_image),
                on_error=partial(self._fail_all, keys),
            )
        queue, self._peaks_queue = self._peaks_queue, []
        for i in range(0, len(queue), _BATCH):
            keys, paths = zip(*queue[i : i + _BATCH], strict=True)
            self._work.submit_soon(
                media_jobs.peaks_batch,
                self.cache_dir,
                list(paths),
                on_done=partial(self._store, keys, self._store_peaks),
                on_error=partial(self._fail_all, keys),
            )

    def _store(self, keys: tuple, store, results: list) -> None:
        for key, result in zip(keys, results, strict=True):
            self._pending.discard(key)
            if isinstance(result, Exception):
                # A file that cannot be read is drawn without a picture, and not asked again.
                self._failed.add(key)
            else:
                store(key, result)
        while len(self._images) > _KEEP_IMAGES:
            self._images.popitem(last=False)
        if not self._notify.isActive():
            self._notify.start()

    def _store_image(self, key: tuple, raw: media_jobs.RawImage) -> None:
        # A pixmap is in the screen's format: painting it is a copy, not a conversion.
        self._images[key] = QPixmap.fromImage(to_qimage(raw))

    def _store_peaks(self, key: tuple, peaks) -> None:
        self._peaks[key] = peaks

    def _fail_all(self, keys: tuple, _error: BaseException) -> None:
        for key in keys:
            self._pending.discard(key)
            self._failed.add(key)
