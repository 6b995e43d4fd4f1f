"""The clip canvas: paints the visible part of the tracks and turns mouse gestures into edits."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPen, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget

from studio.model import Clip
from studio.model.edits import SplitClip
from studio.model.project import clips_in_range
from studio.ui.qt_media_pictures import MediaPictures
from studio.ui.qt_session import EditSession
from studio.ui.timeline.geometry import TimelineGeometry
from studio.ui.timeline.qt_clip_painter import ClipPainter
from studio.ui.timeline.qt_drop import DropTarget, Ghost
from studio.ui.timeline.qt_gestures import MoveGesture, TrimGesture
from studio.ui.timeline.snapping import nearest, snap_points

MAX_PAINT_PARTS = 64  # more rectangles than this in a paint's region: paint their bounds
EDGE_PX = 6  # how close to a clip's edge a press trims instead of moving
SNAP_PX = 8
PLAYHEAD = QColor("#ff4d4d")
SNAP_LINE = QColor("#ffe066")
BACKGROUND = QColor("#1d1e21")


class TimelineCanvas(QWidget):
    zoom_requested = Signal(float, float)  # factor, anchor x
    scroll_requested = Signal(int, int)  # dx, dy in pixels

    def __init__(self, geo: TimelineGeometry, pictures: MediaPictures, importer, parent=None):
        super().__init__(parent)
        self.geo = geo
        self.session: EditSession | None = None
        self.importer = importer
        self.clip_painter = ClipPainter(pictures)
        self.drop_target = DropTarget(self)
        self.tool = "select"  # or "razor"
        self.ghosts: list[Ghost] = []
        self._gesture: MoveGesture | TrimGesture | None = None
        self._press: QPoint | None = None
        self._pressed_clip: Clip | None = None
        self._alone = False  # Alt at the press: the gesture leaves linked clips alone
        self._band: QRect | None = None
        self._band_base: set[str] = set()
        self.last_paint_clips = 0
        self.setAcceptDrops(True)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setMinimumHeight(60)

    # -- helpers ---------------------------------------------------------------------------
    def tolerance(self) -> float:
        return SNAP_PX / self.geo.px_per_frame

    def snap_window(self) -> tuple[int, int]:
        return self.geo.visible_frames(-self.width(), 2 * self.width())

    def snap_frame(self, frame: int) -> int:
        if self.session is None or not self.session.snapping:
            return frame
        points = snap_points(self.session.project, *self.snap_window(), (), self.session.playhead)
        hit = nearest(points, frame, self.tolerance())
        return frame if hit is None else hit

    def hit(self, pos: QPointF) -> tuple[int | None, Clip | None, str]:
        """The row, clip and zone ("start", "end", "body" or "") under a point."""
        row = self.geo.row_at(pos.y())
        if row is None or self.session is None:
            return row, None, ""
        track = self.session.project.tracks[row]
        frame = self.geo.x_to_frame(pos.x())
        slack = EDGE_PX / self.geo.px_per_frame
        x = pos.x()
        near = []
        for clip in clips_in_range(track, int(frame - slack), int(frame + slack) + 1):
            x0, x1 = self.geo.frame_to_x(clip.start), self.geo.frame_to_x(clip.end)
            near.append((clip, x0, x1))
            if x0 <= x < x1:  # inside: at a shared cut, the clip under the pointer wins
                if x1 - x0 > 3 * EDGE_PX and x - x0 <= EDGE_PX:
                    return row, clip, "start"
                if x1 - x0 > 3 * EDGE_PX and x1 - x <= EDGE_PX:
                    return row, clip, "end"
                return row, clip, "body"
        for clip, x0, x1 in near:  # just outside an edge, over a gap
            if x1 - x0 > 3 * EDGE_PX and 0 < x0 - x <= EDGE_PX:
                return row, clip, "start"
            if x1 - x0 > 3 * EDGE_PX and 0 <= x - x1 <= EDGE_PX:
                return row, clip, "end"
        return row, None, ""

    def show_ghosts(self, ghosts: list[Ghost]) -> None:
        self.ghosts = ghosts
        self.update()

    def update_rows(self, track_ids: set[str]) -> None:
        """Repaint only the rows of these tracks."""
        if self.session is None:
            return
        for row, track in enumerate(self.session.project.tracks):
            if track.id in track_ids:
                top = self.geo.row_top(row)
                self.update(QRect(0, top, self.width(), self.geo.heights[row]))

    def scroll_content(self, old_scroll_x: float) -> None:
        """After a horizontal scroll from `old_scroll_x`: move what is painted (Qt copies
        the pixels and paints only the strip scrolled into view) and repaint the labels
        of the clips against an edge, before or after, since a label is pinned to the
        left edge and elided at the right. A full repaint of a 10,000-clip view cost
        ~10 ms per scroll step (bench/bench_stall.py)."""
        dx = old_scroll_x - self.geo.scroll_x
        if (
            self.session is None
            or dx != round(dx)
            or abs(dx) >= self.width()
            or self.ghosts
            or self._band is not None
        ):
            self.update()
            return
        self.scroll(round(dx), 0)
        for rect in self.edge_rects(old_scroll_x):
            self.update(rect)

    def edge_rects(self, old_scroll_x: float) -> list[QRect]:
        """Where (in today's coordinates) the names changed of the clips that cross the
        canvas's left or right edge now or crossed it at `old_scroll_x`: a name is pinned
        to the left edge and elided at the right. Everything else of a clip (its body,
        pictures, waveform, and a name that neither moved nor changed) moved with the
        pixels."""
        geo, width = self.geo, self.width()
        shift = old_scroll_x - geo.scroll_x  # how far the old pixels moved
        frames = {
            (scroll + x) / geo.px_per_frame
            for scroll in (old_scroll_x, geo.scroll_x)
            for x in (0, width)
        }
        project, painter = self.session.project, self.clip_painter
        metrics = QFontMetrics(self.font())
        label_height = painter.name_strip_height(metrics)
        rects = []
        for row in geo.rows_between(0, self.height()):
            track = project.tracks[row]
            top = geo.row_top(row)
            seen = set()
            for frame in frames:
                for clip in clips_in_range(track, int(frame), int(frame) + 1):
                    if clip.id in seen:
                        continue
                    seen.add(clip.id)
                    x0, x1 = geo.frame_to_x(clip.start), geo.frame_to_x(clip.end)
                    now = painter.name_label(project, clip, x0, x1, width, metrics)
                    was = painter.name_label(project, clip, x0 - shift, x1 - shift, width, metrics)
                    if was is not None:
                        was = (was[0] + shift, was[1])  # where the moved pixels show it
                    placed = [placing for placing in (now, was) if placing is not None]
                    if not placed or (
                        len(placed) == 2 and now[0] == was[0] and now[1].string == was[1].string
                    ):
                        continue  # no name, or the same name where the pixels moved it
                    spans = [(left, left + label.width) for left, label in placed]
                    left = max(0, int(min(a for a, _ in spans)) - 2)
                    right = min(width, int(max(b for _, b in spans)) + 3)
                    if right > left:
                        rects.append(QRect(left, top + 2, right - left, label_height))
        return rects

    def pictures_arrived(self) -> None:
        """Repaint the clips painted without their pictures or waveforms, not the view:
        scrolling through a film, pictures arrive every few frames, and a whole repaint
        each time cost 7-14 ms of the GUI thread at 10,000 clips."""
        width, height = self.width(), self.height()
        for rect in self.clip_painter.take_awaiting(self.geo):
            if (
                rect.right() >= 0
                and rect.left() < width
                and rect.bottom() >= 0
                and rect.top() < height
            ):
                self.update(rect.intersected(self.rect()))

    def update_frame_column(self, frame: int) -> None:
        x = int(self.geo.frame_to_x(frame))
        self.update(QRect(x - 2, 0, 5, self.height()))

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        p = QPainter(self)
        rect = event.rect()
        # A scroll asks for a strip at one side and the edge clips at the other: painted
        # part by part, not as their bounding rectangle (the whole view).
        region = event.region()
        parts = list(region) if region.rectCount() <= MAX_PAINT_PARTS else [rect]
        for part in parts:
            p.fillRect(part, BACKGROUND)
        if self.session is None:
            return
        session = self.session
        self.last_paint_clips = 0
        for part in parts:
            # Each part clipped to itself: a label reaching into another part would be
            # drawn twice there, its antialiased edges darker than a whole paint's.
            p.save()
            p.setClipRect(part)
            self.last_paint_clips += self.clip_painter.paint(
                p, part, session.project, self.geo, session.selection
            )
            p.restore()
        if not session.project.clip_count():
            p.setPen(QColor("#8a8f99"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, EMPTY_HINT)
        self._paint_overlays(p, rect)

    def _paint_overlays(self, p: QPainter, rect: QRect) -> None:
        geo, session = self.geo, self.session
        f0, f1 = geo.visible_frames(rect.left() - 1, rect.right() + 2)
        for marker in session.project.markers:
            if f0 <= marker.frame <= f1:
                x = geo.frame_to_x(marker.frame)
                p.setPen(QPen(QColor(marker.color), 1, Qt.PenStyle.DashLine))
                p.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom() + 1))
        for ghost in self.ghosts:
            self._paint_ghost(p, ghost)
        if self._band is not None:
            p.setPen(QPen(QColor("#8ab4ff"), 1))
            p.setBrush(QColor(138, 180, 255, 50))
            p.drawRect(self._band)
        snapped = self._gesture.snapped_at if self._gesture is not None else None
        if snapped is not None:
            x = geo.frame_to_x(snapped)
            p.setPen(QPen(SNAP_LINE, 1))
            p.drawLine(QPointF(x, 0), QPointF(x, self.height()))
        x = geo.frame_to_x(session.playhead)
        if rect.left() - 2 <= x <= rect.right() + 2:
            p.setPen(QPen(PLAYHEAD, 1))
            p.drawLine(QPointF(x, rect.top()), QPointF(x, rect.bottom() + 1))

    def _paint_ghost(self, p: QPainter, ghost: Ghost) -> None:
        geo = self.geo
        if ghost.row >= len(geo.tops):
            return
        x0, x1 = geo.frame_to_x(ghost.start), geo.frame_to_x(ghost.start + ghost.duration)
        top = geo.row_top(ghost.row)
        box = QRectF(x0, top + 2, max(2.0, x1 - x0), geo.heights[ghost.row] - 5)
        color = QColor("#7ddc8a") if ghost.ok else QColor("#ff6b6b")
        p.setPen(QPen(color, 2, Qt.PenStyle.DashLine))
        fill = QColor(color)
        fill.setAlpha(60)
        p.setBrush(fill)
        p.drawRect(box)
        p.setPen(QColor("#ffffff"))
        p.drawText(box.adjusted(4, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, ghost.label)

    # -- mouse -----------------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.session is None or event.button() != Qt.MouseButton.LeftButton:
            return
        self.setFocus()
        pos = event.position()
        row, clip, zone = self.hit(pos)
        mods = event.modifiers()
        session = self.session
        if self.tool == "razor":
            if clip is not None:
                cut = self.snap_frame(self.geo.nearest_cut(pos.x()))
                session.apply(SplitClip(clip.id, cut, linked=not mods & _ALONE))
            return
        self._press = pos.toPoint()
        self._pressed_clip = clip
        if clip is None:
            self._band_base = set(session.selection) if mods & _ADDING else set()
            if not mods & _ADDING:
                session.select([])
            return
        if mods & Qt.KeyboardModifier.ControlModifier:
            session.select([clip.id], "toggle")
        elif mods & Qt.KeyboardModifier.ShiftModifier:
            session.select([clip.id], "add")
        elif clip.id not in session.selection or zone in ("start", "end"):
            session.select([clip.id])
        if zone in ("start", "end"):
            self._gesture = TrimGesture(
                session,
                clip.id,
                zone,
                self.tolerance(),
                self.snap_window(),
                linked=not mods & _ALONE,
            )
        self._alone = bool(mods & _ALONE)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            self._hover(pos)
            return
        geo, session = self.geo, self.session
        if self._gesture is None and self._pressed_clip is not None:
            if (pos.toPoint() - self._press).manhattanLength() < QApplication.startDragDistance():
                return
            if self._pressed_clip.id not in session.selection:
                return  # Ctrl-click just deselected it
            self._gesture = MoveGesture(
                session,
                sorted(session.selection),
                geo.x_to_frame(self._press.x()),
                geo.row_at(self._press.y()),
                self.tolerance(),
                self.snap_window(),
                linked=not self._alone,
            )
        if isinstance(self._gesture, MoveGesture):
            self._gesture.update(geo.x_to_frame(pos.x()), geo.row_at(pos.y()))
            self.update()
        elif isinstance(self._gesture, TrimGesture):
            self._gesture.update(geo.nearest_cut(pos.x()))
            self.update()
        elif self._pressed_clip is None:
            self._rubber_band(QRect(self._press, pos.toPoint()).normalized())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        if self._gesture is not None:
            self._gesture.finish()
            if self._gesture.refused and not self._gesture.changed:
                self.session.message.emit(f"Refused: {self._gesture.refused}")
        self._gesture = None
        self._press = None
        self._pressed_clip = None
        if self._band is not None:
            self._band = None
        self.update()

    def _rubber_band(self, band: QRect) -> None:
        self._band = band
        geo, project = self.geo, self.session.project
        f0 = geo.x_to_frame(band.left())
        f1 = geo.x_to_frame(band.right())
        inside = set(self._band_base)
        for row in geo.rows_between(band.top(), band.bottom() + 1):
            inside.update(c.id for c in clips_in_range(project.tracks[row], int(f0), int(f1) + 1))
        self.session.select(inside)
        self.update()

    def _hover(self, pos: QPointF) -> None:
        if self.tool == "razor":
            self.setCursor(Qt.CursorShape.SplitHCursor)
            return
        _, clip, zone = self.hit(pos)
        if zone in ("start", "end"):
            self.setCursor(Qt.CursorShape.SizeHorCursor)
        elif clip is not None:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta()
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = delta.y() / 120
            self.zoom_requested.emit(1.25**steps, event.position().x())
        elif event.modifiers() & Qt.KeyboardModifier.ShiftModifier or delta.x():
            self.scroll_requested.emit(-(delta.x() or delta.y()), 0)
        else:
            self.scroll_requested.emit(0, -delta.y() // 2)
        event.accept()

    # -- drops -----------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if self.session is not None and self.drop_target.accepts(event):
            self.drop_target.preview(event)
        else:
            event.ignore()

    def dragMoveEvent(self, event) -> None:
        if self.session is not None and self.drop_target.accepts(event):
            self.drop_target.preview(event)
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:
        self.show_ghosts([])

    def dropEvent(self, event) -> None:
        if self.session is not None and self.drop_target.accepts(event):
            self.drop_target.drop(event)


EMPTY_HINT = (
    "Drag media here from the bin or your files, or write a script and Break Down its shots"
)
_ADDING = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
# Held at the press, Alt makes a move, trim or razor cut act on the clip alone, not on the
# clips linked to it.
_ALONE = Qt.KeyboardModifier.AltModifier
