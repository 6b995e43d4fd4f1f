"""Thumbnails and waveforms for the views: asked for while painting, made off the GUI thread.

A view asks while it paints; a miss schedules the work and returns None, and `ready`
fires (coalesced) once results arrive so the view paints again.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QImage

from studio.model import Asset, MediaKind
from studio.model.files import media_path
from studio.ui import media_jobs
from studio.ui.qt_workers import BackgroundWork

_KEEP_IMAGES = 3000  # thumbnails held in memory (about 20 KB each at timeline size)


class MediaPictures(QObject):
    ready = Signal()

    def __init__(self, work: BackgroundWork, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._folder: Path | None = None
        self._images: OrderedDict[tuple, QImage] = OrderedDict()
        self._peaks: dict[str, object] = {}
        self._pending: set[tuple] = set()
        self._failed: set[tuple] = set()
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

    def thumbnail(self, asset: Asset, at_seconds: float, height: int) -> QImage | None:
        """The picture if it is ready; otherwise None now and `ready` later."""
        if asset.kind not in (MediaKind.IMAGE, MediaKind.VIDEO):
            return None
        at_seconds = 0.0 if asset.kind is MediaKind.IMAGE else round(at_seconds, 1)
        key = ("thumb", asset.id, asset.path, at_seconds, height)
        image = self._images.get(key)
        if image is not None:
            self._images.move_to_end(key)
            return image
        source = self._source(asset)
        if source is not None and key not in self._pending and key not in self._failed:
            self._pending.add(key)
            self._work.submit(
                media_jobs.cached_thumbnail,
                self.cache_dir,
                source,
                at_seconds,
                height,
                on_done=partial(self._store_image, key),
                on_error=partial(self._fail, key),
            )
        return None

    def peaks(self, asset: Asset):
        """The waveform peaks of an audio asset (or a video's sound) if ready, else None."""
        if not (asset.kind is MediaKind.AUDIO or asset.has_audio):
            return None
        key = ("peaks", asset.id, asset.path)
        if key in self._peaks:
            return self._peaks[key]
        source = self._source(asset)
        if source is not None and key not in self._pending and key not in self._failed:
            self._pending.add(key)
            self._work.submit(
                media_jobs.cached_peaks,
                self.cache_dir,
                source,
                on_done=partial(self._store_peaks, key),
                on_error=partial(self._fail, key),
            )
        return None

    def _store_image(self, key: tuple, image: QImage) -> None:
        self._pending.discard(key)
        self._images[key] = image
        while len(self._images) > _KEEP_IMAGES:
            self._images.popitem(last=False)
        if not self._notify.isActive():
            self._notify.start()

    def _store_peaks(self, key: tuple, peaks) -> None:
        self._pending.discard(key)
        self._peaks[key] = peaks
        if not self._notify.isActive():
            self._notify.start()

    def _fail(self, key: tuple, _error: BaseException) -> None:
        # A file that cannot be read is drawn without a picture; it is not asked for again.
        self._pending.discard(key)
        self._failed.add(key)
