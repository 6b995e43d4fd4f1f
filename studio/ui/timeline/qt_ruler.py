"""The ruler above the tracks: timecode at the project frame rate, markers, the playhead."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QWidget

from studio.model.time import timecode
from studio.ui.timeline.geometry import RULER_HEIGHT, TimelineGeometry

MIN_LABEL_PX = 96
MARKER_NAME_PX = 400  # a marker this far left of a painted rectangle may reach into it
SECOND_STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)


def tick_step(px_per_frame: float, nominal_fps: int) -> tuple[int, int]:
    """(labelled step, minor step) in frames so that labels sit at least MIN_LABEL_PX apart."""
    frame_steps = [s for s in (1, 2, 5, 10) if s < nominal_fps]
    steps = frame_steps + [s * nominal_fps for s in SECOND_STEPS]
    major = next((s for s in steps if s * px_per_frame >= MIN_LABEL_PX), steps[-1])
    while major * px_per_frame < MIN_LABEL_PX:
        major *= 2
    minor = next(
        (major // d for d in (10, 5, 4, 2) if major % d == 0 and major // d * px_per_frame >= 8),
        major,
    )
    return major, max(1, minor)


class Ruler(QWidget):
    scrubbed = Signal(int)  # a frame the user pointed at

    def __init__(self, geo: TimelineGeometry, parent=None) -> None:
        super().__init__(parent)
        self.geo = geo
        self.session = None
        self.setFixedHeight(RULER_HEIGHT)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def scroll_content(self, dx: float) -> None:
        """Move the painted ticks by `dx` pixels and paint only the strip that came into
        view: a whole ruler cost 0.5 ms a scroll step. A label reaching into the strip is
        painted there too (a paint begins MIN_LABEL_PX left of its rectangle)."""
        if dx != round(dx) or abs(dx) >= self.width():
            self.update()
        elif dx:
            self.scroll(round(dx), 0)

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.fillRect(event.rect(), QColor("#232428"))
        if self.session is None:
            return
        geo = self.geo
        fps = self.session.project.settings.fps
        major, minor = tick_step(geo.px_per_frame, max(1, round(fps)))
        first, last = geo.visible_frames(event.rect().left() - MIN_LABEL_PX, event.rect().right())
        p.setPen(QColor("#8a8d93"))
        frame = first - first % minor
        height = self.height()
        while frame <= last:
            x = geo.frame_to_x(frame)
            if frame % major == 0:
                p.drawLine(QPointF(x, height - 12), QPointF(x, height))
                p.drawText(QPointF(x + 3, 12), timecode(frame, fps))
            else:
                p.drawLine(QPointF(x, height - 5), QPointF(x, height))
            frame += minor
        for marker in self.session.project.markers:
            x = geo.frame_to_x(marker.frame)
            # One left of the view still shows its name: after a scroll, the moved pixels
            # hold it, so a whole paint draws it too.
            if event.rect().left() - MARKER_NAME_PX < x < event.rect().right() + 20:
                p.setBrush(QColor(marker.color))
                p.setPen(Qt.PenStyle.NoPen)
                p.drawRect(QRectF(x - 1, height - 16, 8, 8))
                if marker.name:
                    p.setPen(QColor(marker.color))
                    p.drawText(QPointF(x + 9, height - 8), marker.name)
        x = geo.frame_to_x(self.session.playhead)
        p.setPen(QPen(QColor("#ff4d4d"), 1))
        p.setBrush(QColor("#ff4d4d"))
        p.drawPolygon(
            QPolygonF(
                [QPointF(x - 6, height - 10), QPointF(x + 6, height - 10), QPointF(x, height)]
            )
        )

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.scrubbed.emit(self.geo.frame_at(event.position().x()))

    def mouseMoveEvent(self, event) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.scrubbed.emit(self.geo.frame_at(event.position().x()))
