"""Proxies for heavy video, made in the background as media arrive; the viewer then uses them."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal

from studio.media.decode import PROXY_HEIGHT
from studio.model import Document, MediaKind
from studio.model.files import media_path
from studio.ui.qt_workers import BackgroundWork
from studio.workflows.playback import worker_jobs

# Video this much taller than a proxy is worth one: decoding it costs several times more.
HEAVY_HEIGHT = PROXY_HEIGHT * 3 // 2


class ProxyMaker(QObject):
    made = Signal(str)  # asset id: its proxy now exists
    failed = Signal(str, str)  # asset id, the reason

    def __init__(self, work: BackgroundWork, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self.doc: Document | None = None
        self.enabled = True
        self._asked: set[tuple[str, str]] = set()  # (project folder, asset id) sent once

    def set_document(self, doc: Document) -> None:
        self.doc = doc
        self.update()

    def set_enabled(self, on: bool) -> None:
        self.enabled = on
        self.update()

    def update(self, *_args) -> None:
        """Ask for a proxy of every heavy video not asked about yet (a worker skips made ones)."""
        doc = self.doc
        if not self.enabled or doc is None or doc.path is None:
            return  # an unsaved project has no cache folder to keep proxies in
        for asset in list(doc.project.assets.values()):
            heavy = asset.kind is MediaKind.VIDEO and (asset.height or 0) > HEAVY_HEIGHT
            key = (str(doc.path), asset.id)
            if not heavy or asset.offline or key in self._asked:
                continue
            self._asked.add(key)
            self._work.submit(
                worker_jobs.make_proxy,
                media_path(doc.path, asset),
                doc.path / "cache",
                on_done=partial(self._done, asset.id),
                on_error=lambda error, a=asset.id: self.failed.emit(a, str(error)),
            )

    def _done(self, asset_id: str, fresh: bool) -> None:
        if fresh:
            self.made.emit(asset_id)
