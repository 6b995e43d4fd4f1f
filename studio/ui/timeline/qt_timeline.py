"""The timeline panel: ruler, track headers, the clip canvas and scroll bars kept in step."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QScrollBar, QWidget

from studio.model import Change
from studio.ui.qt_media_pictures import MediaPictures
from studio.ui.qt_session import EditSession
from studio.ui.timeline.geometry import HEADER_WIDTH, RULER_HEIGHT, TimelineGeometry
from studio.ui.timeline.qt_canvas import TimelineCanvas
from studio.ui.timeline.qt_commands import TimelineCommands
from studio.ui.timeline.qt_ruler import Ruler
from studio.ui.timeline.qt_track_headers import TrackHeaders

ZOOM_STEP = 1.5


class TimelinePanel(QWidget):
    def __init__(self, pictures: MediaPictures, importer, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("timeline")
        self.session: EditSession | None = None
        self.geo = TimelineGeometry()
        self.commands = TimelineCommands()
        self.canvas = TimelineCanvas(self.geo, pictures, importer, self)
        self.ruler = Ruler(self.geo, self)
        self.headers = TrackHeaders(self.geo, self)
        self.hbar = QScrollBar(Qt.Orientation.Horizontal, self)
        self.vbar = QScrollBar(Qt.Orientation.Vertical, self)
        for bar in (self.hbar, self.vbar):
            # Opaque: a bar repainted as the view scrolls does not repaint the panel, the
            # dock and the window behind it (three more paints every scroll step).
            bar.setAutoFillBackground(True)
        self.corner = QLabel("00:00:00:00", self)
        self.corner.setFixedSize(HEADER_WIDTH, RULER_HEIGHT)
        self.corner.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.corner.setStyleSheet("background:#232428; color:#ff7a7a; font-family: monospace;")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(0)
        grid.addWidget(self.corner, 0, 0)
        grid.addWidget(self.ruler, 0, 1)
        grid.addWidget(self.headers, 1, 0)
        grid.addWidget(self.canvas, 1, 1)
        grid.addWidget(self.vbar, 1, 2)
        grid.addWidget(self.hbar, 2, 1)
        self.hbar.valueChanged.connect(self._scrolled_x)
        self.vbar.valueChanged.connect(self._scrolled_y)
        self.canvas.zoom_requested.connect(self.zoom)
        self.canvas.scroll_requested.connect(self._scroll_by)
        self.ruler.scrubbed.connect(lambda frame: self.session and self.session.set_playhead(frame))
        pictures.ready.connect(self.canvas.pictures_arrived)
        self._fitted = False
        self._painted_playhead = 0

    # -- session ---------------------------------------------------------------------------
    def set_session(self, session: EditSession) -> None:
        old = self.session
        if old is not None:
            old.changed.disconnect(self._changed)
            old.playhead_moved.disconnect(self._playhead_moved)
            old.selection_changed.disconnect(self.canvas.update)
        self.session = session
        self._painted_playhead = session.playhead
        self.commands.session = session
        self.canvas.session = self.ruler.session = self.headers.session = session
        session.changed.connect(self._changed)
        session.playhead_moved.connect(self._playhead_moved)
        session.selection_changed.connect(self.canvas.update)
        self.geo.layout(session.project.tracks)
        self.canvas.clip_painter.forget()
        self.headers.rebuild()
        self._fitted = False
        self.fit()
        self._update_scroll_ranges()
        self.update_all()

    def update_all(self) -> None:
        self.canvas.update()
        self.ruler.update()

    def _changed(self, change: Change) -> None:
        painter = self.canvas.clip_painter
        if change.track_list or change.cause == "load":
            painter.forget()
            self.geo.layout(self.session.project.tracks)
            self.headers.rebuild()
            self.update_all()
        else:
            painter.forget(change.tracks)
            self.headers.refresh(change.tracks)
            self.canvas.update_rows(change.tracks)
            if change.items.get("markers"):
                self.update_all()
        self._update_scroll_ranges()

    def _playhead_moved(self, frame: int) -> None:
        self.corner.setText(self.session.timecode(frame))
        before = self.geo.scroll_x
        self.ensure_visible(frame)  # playback pages the view along
        if self.geo.scroll_x == before:
            self.canvas.update_frame_column(self._painted_playhead)
            self.canvas.update_frame_column(frame)
        self._painted_playhead = frame
        self.ruler.update()

    def ensure_visible(self, frame: int) -> None:
        """Page the view so that `frame` is on screen (playback and arrow keys use it)."""
        x = self.geo.frame_to_x(frame)
        width = self.canvas.width()
        if x < 0 or x > width - 20:
            self.hbar.setValue(int(max(0, frame * self.geo.px_per_frame - width * 0.1)))

    # -- zoom and scroll -------------------------------------------------------------------
    def zoom(self, factor: float, anchor_x: float | None = None) -> None:
        if anchor_x is None:
            anchor_x = self.geo.frame_to_x(self.session.playhead) if self.session else 0.0
            anchor_x = min(max(anchor_x, 0.0), float(self.canvas.width()))
        self.geo.zoom_about(factor, anchor_x)
        self._update_scroll_ranges()
        self.hbar.setValue(int(self.geo.scroll_x))
        self.update_all()

    def zoom_in(self) -> None:
        self.zoom(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom(1 / ZOOM_STEP)

    def fit(self) -> None:
        if self.session is None:
            return
        frames = max(self.session.project.duration, 10 * round(self.session.project.settings.fps))
        self.geo.fit(frames, max(200, self.canvas.width()))
        self._update_scroll_ranges()
        self.hbar.setValue(0)
        self.update_all()

    def _content_width(self) -> int:
        frames = self.session.project.duration if self.session else 0
        return int(frames * self.geo.px_per_frame) + self.canvas.width() // 2

    def _update_scroll_ranges(self) -> None:
        width = self.canvas.width()
        self.hbar.setPageStep(width)
        self.hbar.setSingleStep(max(1, width // 20))
        self.hbar.setRange(0, max(0, self._content_width() - width, int(self.geo.scroll_x)))
        self.vbar.setPageStep(self.canvas.height())
        self.vbar.setRange(0, max(0, self.geo.content_height - self.canvas.height()))

    def _scroll_by(self, dx: int, dy: int) -> None:
        if dx:
            self.hbar.setValue(self.hbar.value() + dx)
        if dy:
            self.vbar.setValue(self.vbar.value() + dy)

    def _scrolled_x(self, value: int) -> None:
        if int(self.geo.scroll_x) != value:
            old = self.geo.scroll_x
            self.geo.scroll_x = float(value)
            self.canvas.scroll_content(old)
            self.ruler.scroll_content(old - self.geo.scroll_x)

    def _scrolled_y(self, value: int) -> None:
        self.geo.scroll_y = value
        self.headers.place()
        self.canvas.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.session is not None and not self._fitted and self.canvas.width() > 200:
            self._fitted = True  # the first real size: show the whole timeline
            QTimer.singleShot(0, self.fit)
        self._update_scroll_ranges()
        self.headers.place()
