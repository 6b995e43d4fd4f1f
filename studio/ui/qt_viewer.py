"""The viewer: the frame at the playhead, decoded off the GUI thread, newest request first."""

from __future__ import annotations

from collections import OrderedDict
from functools import partial
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.model import MediaKind
from studio.model.files import media_path
from studio.ui import media_jobs
from studio.ui.qt_images import to_qimage
from studio.ui.qt_session import EditSession
from studio.ui.qt_workers import BackgroundWork
from studio.ui.viewer_source import Picture, picture_at

DECODE_HEIGHT = 540
_KEEP = 96


class Viewer(QWidget):
    def __init__(self, work: BackgroundWork, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("viewer")
        self.setMinimumSize(240, 135)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.session: EditSession | None = None
        self._work = work
        self._frames: OrderedDict[tuple, QImage] = OrderedDict()
        self._decoding: tuple | None = None
        self.wanted: Picture | None = None  # what the playhead shows now
        self.shown: QImage | None = None
        self.note = ""

    def set_session(self, session: EditSession) -> None:
        if self.session is not None:
            self.session.playhead_moved.disconnect(self.refresh)
            self.session.changed.disconnect(self._changed)
        self.session = session
        self._frames.clear()
        session.playhead_moved.connect(self.refresh)
        session.changed.connect(self._changed)
        self.refresh()

    def _changed(self, _change) -> None:
        self.refresh()

    def refresh(self, *_args) -> None:
        session = self.session
        self.wanted = picture_at(session.project, session.playhead)
        if self.wanted is None:
            self.shown = None
        else:
            cached = self._frames.get(self.wanted.key)
            if cached is not None:
                self.shown = cached
            else:
                self._decode_next()
        self.update()

    def _decode_next(self) -> None:
        # One decode at a time: while scrubbing, only the newest position is worth decoding.
        wanted = self.wanted
        if self._decoding is not None or wanted is None or wanted.key in self._frames:
            return
        self._decoding = wanted.key
        path = media_path(self.session.doc.path or Path.cwd(), wanted.asset)
        seconds = 0.0 if wanted.asset.kind is MediaKind.IMAGE else wanted.seconds
        self._work.submit(
            media_jobs.viewer_frame,
            path,
            seconds,
            DECODE_HEIGHT,
            on_done=partial(self._decoded, wanted.key),
            on_error=partial(self._failed, wanted.key),
        )

    def _decoded(self, key: tuple, raw: media_jobs.RawImage) -> None:
        self._decoding = None
        image = to_qimage(raw)
        self._frames[key] = image
        while len(self._frames) > _KEEP:
            self._frames.popitem(last=False)
        if self.wanted is not None and self.wanted.key == key:
            self.shown = image
            self.note = ""
            self.update()
        self._decode_next()

    def _failed(self, key: tuple, error: BaseException) -> None:
        self._decoding = None
        self.note = str(error)
        self._frames[key] = QImage()  # don't retry a file that cannot be decoded
        self.update()
        self._decode_next()

    def frame_rect(self) -> QRectF:
        """The picture area: the project's aspect ratio, letterboxed in the widget."""
        if self.session is None:
            return QRectF(self.rect())
        settings = self.session.project.settings
        aspect = settings.width / settings.height
        w, h = self.width(), self.height()
        if w / max(1, h) > aspect:
            return QRectF((w - h * aspect) / 2, 0, h * aspect, h)
        return QRectF(0, (h - w / aspect) / 2, w, w / aspect)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#111214"))
        area = self.frame_rect()
        p.fillRect(area, Qt.GlobalColor.black)
        if self.shown is not None and not self.shown.isNull():
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            iw, ih = self.shown.width(), self.shown.height()
            scale = min(area.width() / iw, area.height() / ih)
            target = QRectF(0, 0, iw * scale, ih * scale)
            target.moveCenter(area.center())
            p.drawImage(target, self.shown)
        if self.session is not None:
            p.setPen(QColor("#e0e0e0"))
            p.drawText(area.adjusted(8, 4, -8, -4), Qt.AlignBottom | Qt.AlignRight,
                       self.session.timecode(self.session.playhead))  # fmt: skip
        if self.note:
            p.setPen(QColor("#ff8080"))
            p.drawText(area.adjusted(8, 4, -8, -4), Qt.AlignTop | Qt.AlignLeft, self.note)
