"""The viewer: the composited timeline frame at the playhead, made off the GUI thread.

While the transport plays, the viewer shows the frame the clock is at if it has arrived
and otherwise keeps the last one: late frames are dropped, never waited for, and counted.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from studio.ui.playback.qt_feed import FrameFeed
from studio.ui.playback.stats import PlaybackStats
from studio.ui.qt_session import EditSession
from studio.ui.qt_workers import BackgroundWork

EDIT_SETTLE_MS = 60


class Viewer(QWidget):
    presented = Signal(int)  # a timeline frame reached the screen

    def __init__(self, work: BackgroundWork, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("viewer")
        self.setMinimumSize(240, 135)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.session: EditSession | None = None
        self.feed = FrameFeed(work, self)
        self.feed.arrived.connect(self._arrived)
        self.feed.failed.connect(self._failed)
        # Edits arrive at every step of a drag; compositing needs the whole project sent to
        # a worker (tens of ms to pickle at 10,000 clips), so it waits until edits settle.
        # Public so tests can set how long a pause is, rather than race it.
        self.settle_timer = QTimer(self, singleShot=True, interval=EDIT_SETTLE_MS)
        self.settle_timer.timeout.connect(self.reload)
        self.rate = 0.0
        self.stats = PlaybackStats()
        self.shown: QImage | None = None
        self.shown_frame: int | None = None
        self.wanted: int | None = None  # the frame the playhead is on; None past the end
        self.note = ""  # why a picture is missing
        self.clock_note = ""  # what drives playback, when it is not the sound

    def set_session(self, session: EditSession) -> None:
        if self.session is not None:
            self.session.playhead_moved.disconnect(self.refresh)
            self.session.changed.disconnect(self._changed)
        self.session = session
        self.shown, self.shown_frame = None, None
        self.feed.set_document(session.doc)
        session.playhead_moved.connect(self.refresh)
        session.changed.connect(self._changed)
        self.refresh()

    def set_rate(self, rate: float) -> None:
        """Follow the transport: playing, shuttling, or still (0); each play counts anew."""
        if rate != 0 and self.session is not None:
            frame = self.session.playhead
            self.stats.start(frame, rate)
            if self.shown_frame == frame:  # on screen already: the first frame is on time
                self.stats.presented(frame, rate)
        self.rate = rate
        self.refresh()

    def set_use_proxies(self, on: bool) -> None:
        self.feed.set_use_proxies(on)
        self.refresh()

    def reload(self) -> None:
        """The project or the media under the frames changed (an edit, a new proxy):
        composite again. The picture on screen stays until the new one replaces it, even
        when the playhead has not moved."""
        self.feed.invalidate()
        self.shown_frame = None
        self.refresh()

    def _changed(self, _change) -> None:
        self.settle_timer.start()  # restarted by each edit: one reload when they pause

    def refresh(self, *_args) -> None:
        if self.session is None:
            return
        frame = self.session.playhead
        self.wanted = frame if frame < self.session.project.duration else None
        self.feed.want(frame, self.rate)
        if frame != self.shown_frame:
            self._show(frame)
        self.update()

    def _arrived(self) -> None:
        if self.session is None:
            return
        frame = self.session.playhead
        self.feed.want(frame, self.rate)  # a batch finished: room for the next one
        if frame != self.shown_frame:
            self._show(frame)

    def _show(self, frame: int) -> None:
        image = self.feed.get(frame)
        if image is None:
            if frame >= self.session.project.duration:
                self.shown, self.shown_frame = None, frame  # past the end: black
                self.update()
            return  # not made yet: keep the last picture (while playing, this one drops)
        self.shown, self.shown_frame = image, frame
        if not image.isNull():
            self.note = ""
        if self.rate != 0:
            self.stats.presented(frame, self.rate)
        self.update()
        self.presented.emit(frame)

    def _failed(self, reason: str) -> None:
        self.note = reason
        self.update()

    def status_text(self) -> str:
        parts = [self.stats.text(self.rate)] if self.rate or self.stats.delivered else []
        if self.clock_note:
            parts.append(self.clock_note)
        return " · ".join(parts)

    def frame_rect(self) -> QRectF:
        """The picture area: the project's aspect ratio, letterboxed in the widget."""
        if self.session is None:
            return QRectF(self.rect())
        settings = self.session.project.settings
        aspect = settings.width / settings.height
        w, h = self.width(), self.height() - self._status_height()
        if w / max(1, h) > aspect:
            return QRectF((w - h * aspect) / 2, 0, h * aspect, h)
        return QRectF(0, (h - w / aspect) / 2, w, w / aspect)

    def _status_height(self) -> int:
        return self.fontMetrics().height() + 6

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#111214"))
        area = self.frame_rect()
        p.fillRect(area, Qt.GlobalColor.black)
        if self.shown is not None and not self.shown.isNull():
            p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            p.drawImage(area, self.shown)  # the frame has the project's aspect already
        text = area.adjusted(8, 4, -8, -4)
        if self.session is not None:
            p.setPen(QColor("#e0e0e0"))
            p.drawText(text, Qt.AlignBottom | Qt.AlignRight,
                       self.session.timecode(self.session.playhead))  # fmt: skip
        if self.note:
            p.setPen(QColor("#ff8080"))
            p.drawText(text, Qt.AlignTop | Qt.AlignLeft, self.note)
        status = self.rect().adjusted(8, 0, -8, -3)
        p.setPen(QColor("#a0a4aa"))
        p.drawText(status, Qt.AlignBottom | Qt.AlignLeft, self.status_text())
