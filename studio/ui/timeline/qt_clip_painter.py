"""Paints the tracks' clips inside one dirty rectangle: only clips found there by bisect.

Clips narrower than a few pixels are merged into one bar per run, so a zoomed-out view of
thousands of clips costs a handful of rectangles per track.
"""

from __future__ import annotations

import math
import sys
from collections import OrderedDict
from typing import NamedTuple

from PySide6.QtCore import QLineF, QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen, QPicture, QStaticText

from studio.model import Clip, MediaKind, Project, TrackKind
from studio.model.ducking import duck_outline
from studio.model.project import clips_in_range
from studio.ui.qt_media_pictures import MediaPictures
from studio.ui.timeline.geometry import ROW_HEIGHTS, TimelineGeometry

NAME_STRIP = 15
THUMB_HEIGHT = ROW_HEIGHTS[TrackKind.VIDEO] - 6 - NAME_STRIP  # the clip's picture area
DENSE_ROW = 400  # more clips than this in view: merge the narrow ones with numpy
WAVE_CACHE = 2000
NAME_CACHE = 5000
MARKED_SELECTION = 5000  # beyond this many selected, zoomed-out marks would slow painting
DENSE_PX = 3.0  # clips narrower than this are drawn as merged bars

ROW_COLORS = (QColor("#26282c"), QColor("#2a2c31"))
ROW_LINE = QColor("#17181a")
CLIP_COLORS = {
    MediaKind.VIDEO: QColor("#3b679c"),
    MediaKind.IMAGE: QColor("#35807d"),
    MediaKind.AUDIO: QColor("#3f7f4e"),
    MediaKind.TEXT: QColor("#6d5596"),
}
SELECTED_EDGE = QColor("#ffb340")
TEXT_COLOR = QColor("#f2f2f2")
WAVE_COLOR = QColor(200, 240, 210, 200)
LOCKED_SHADE = QColor(0, 0, 0, 90)
CUT_LINE = QColor(0, 0, 0, 150)
MIN_DETAIL_PX = 28  # narrower clips get no name, thumbnail or outline
OUTLINE = QColor(0, 0, 0, 140)
_WAVE_PEN = QPen(WAVE_COLOR, 1)
DUCK_COLOR = QColor(255, 179, 64, 230)
_DUCK_PEN = QPen(DUCK_COLOR, 1.5)


class Label(NamedTuple):
    text: QStaticText  # laid out once, drawn every paint
    width: int  # its advance in pixels
    string: str


def _shade(kind: MediaKind, selected: bool, dim: bool) -> QColor:
    color = CLIP_COLORS[kind]
    if selected:
        color = color.lighter(135)
    return color.darker(160) if dim else color


# Every fill a clip can have, made once rather than per clip per paint.
_SHADES = {
    (kind, selected, dim): _shade(kind, selected, dim)
    for kind in MediaKind
    for selected in (False, True)
    for dim in (False, True)
}


class ClipPainter:
    def __init__(self, pictures: MediaPictures) -> None:
        self.pictures = pictures
        self._bounds: dict[str, tuple] = {}  # track id -> (starts, ends) as numpy arrays
        self._waves: OrderedDict[tuple, QPicture] = OrderedDict()
        self._names: OrderedDict[tuple[str, int], Label] = OrderedDict()
        # Where a clip was painted without its picture or waveform, in content coordinates
        # (not moved by scrolling): repainted alone once pictures arrive.
        self.awaiting: dict[tuple[str, str], QRectF] = {}
        self._text_dy = 0.0

    @staticmethod
    def name_strip_height(metrics: QFontMetrics) -> int:
        """How far below a clip's top edge (+2) its name reaches, underline included."""
        text_dy = max(0.0, (NAME_STRIP - metrics.height()) / 2)
        return math.ceil(
            max(NAME_STRIP, text_dy + metrics.height(), text_dy + metrics.ascent() + 3)
        )

    def forget(self, track_ids=None) -> None:
        """Drop what was worked out for these tracks (all when None): their clips changed."""
        if track_ids is None:
            self._bounds.clear()
        else:
            for track_id in track_ids:
                self._bounds.pop(track_id, None)

    def paint(
        self,
        p: QPainter,
        rect: QRect,
        project: Project,
        geo: TimelineGeometry,
        selection: set[str],
    ) -> int:
        """Paint the rows inside `rect`; returns how many clips were looked at."""
        f0, f1 = geo.visible_frames(rect.left() - 1, rect.right() + 2)
        looked = 0
        metrics = QFontMetrics(p.font())
        self._text_dy = max(0.0, (NAME_STRIP - metrics.height()) / 2)
        for row in geo.rows_between(rect.top(), rect.bottom() + 1):
            track = project.tracks[row]
            top, height = geo.row_top(row), geo.heights[row]
            p.fillRect(QRect(rect.left(), top, rect.width(), height), ROW_COLORS[row % 2])
            clips = clips_in_range(track, f0, f1)
            looked += len(clips)
            if len(clips) > DENSE_ROW:
                self._paint_dense_row(p, rect, project, track, f0, f1, geo, top, height,
                                      selection, metrics)  # fmt: skip
            else:
                self._paint_row(
                    p, rect, project, track, clips, geo, top, height, selection, metrics
                )
            if selection and clips and len(selection) <= MARKED_SELECTION:
                self._mark_narrow_selected(p, project, track, f0, f1, geo, top, selection)
            p.fillRect(QRect(rect.left(), top + height - 1, rect.width(), 1), ROW_LINE)
            if track.locked:
                p.fillRect(QRect(rect.left(), top, rect.width(), height), LOCKED_SHADE)
        return looked

    def _paint_row(self, p, rect, project, track, clips, geo, top, height, selection, metrics):
        ppf, sx = geo.px_per_frame, geo.scroll_x
        run_start = run_end = None
        run_color = None
        dim = track.hidden or track.muted
        for clip in clips:
            x0, x1 = clip.start * ppf - sx, clip.end * ppf - sx
            if x1 - x0 < DENSE_PX:
                if run_end is not None and x0 <= run_end + 1:
                    run_end = max(run_end, x1)
                    continue
                if run_end is not None:
                    self._paint_run(p, run_start, run_end, top, height, run_color)
                run_start, run_end = x0, x1
                run_color = self._color(project, clip, False, dim)
                continue
            if run_end is not None:
                self._paint_run(p, run_start, run_end, top, height, run_color)
                run_start = run_end = None
            self._paint_clip(
                p, rect, project, track, clip, x0, x1, top, height, clip.id in selection,
                dim, metrics, geo,
            )  # fmt: skip
        if run_end is not None:
            self._paint_run(p, run_start, run_end, top, height, run_color)

    def _paint_dense_row(self, p, rect, project, track, f0, f1, geo, top, height, selection,
                         metrics):  # fmt: skip
        """Many clips in view: merge the narrow ones into bars with numpy, draw the rest."""
        import numpy as np  # only zoomed-out views of long timelines come here

        bounds = self._bounds.get(track.id)
        if bounds is None:
            starts = np.fromiter((c.start for c in track.clips), np.int64, len(track.clips))
            ends = np.fromiter((c.end for c in track.clips), np.int64, len(track.clips))
            bounds = self._bounds[track.id] = (starts, ends)
        starts, ends = bounds
        lo = max(0, int(np.searchsorted(starts, f0, "right")) - 1)
        hi = int(np.searchsorted(starts, f1, "left"))
        x0 = starts[lo:hi] * geo.px_per_frame - geo.scroll_x
        x1 = ends[lo:hi] * geo.px_per_frame - geo.scroll_x
        wide = (x1 - x0) >= DENSE_PX
        narrow = np.flatnonzero(~wide)
        dim = track.hidden or track.muted
        if len(narrow):
            # A bar ends where the next narrow clip is not its neighbour or a gap shows.
            breaks = (np.diff(narrow) != 1) | (x0[narrow[1:]] > x1[narrow[:-1]] + 1)
            firsts = np.concatenate(([0], np.flatnonzero(breaks) + 1))
            lasts = np.concatenate((firsts[1:] - 1, [len(narrow) - 1]))
            starts_px, ends_px = x0[narrow[firsts]].tolist(), x1[narrow[lasts]].tolist()
            for first, a, b in zip(narrow[firsts].tolist(), starts_px, ends_px, strict=True):
                color = self._color(project, track.clips[lo + first], False, dim)
                self._paint_run(p, a, b, top, height, color)
        for k in np.flatnonzero(wide).tolist():
            clip = track.clips[lo + k]
            self._paint_clip(
                p, rect, project, track, clip, float(x0[k]), float(x1[k]), top, height,
                clip.id in selection, dim, metrics, geo,
            )  # fmt: skip

    @staticmethod
    def _mark_narrow_selected(p, project, track, f0, f1, geo, top, selection) -> None:
        """Selected clips too narrow to outline (merged into a bar) get a mark on top."""
        ppf, sx = geo.px_per_frame, geo.scroll_x
        for clip_id in selection:
            clip = project.clip(clip_id)
            if clip is None or project.track_of(clip_id) is not track:
                continue
            if clip.end > f0 and clip.start < f1 and clip.duration * ppf < DENSE_PX:
                x = clip.start * ppf - sx
                p.fillRect(QRectF(x, top, max(2.0, clip.duration * ppf), 4), SELECTED_EDGE)

    @staticmethod
    def _paint_run(p, x0, x1, top, height, color):
        p.fillRect(QRectF(x0, top + 2, max(1.0, x1 - x0), height - 5), color)

    @staticmethod
    def _color(project: Project, clip: Clip, selected: bool, dim: bool) -> QColor:
        asset = project.assets.get(clip.asset_id) if clip.asset_id else None
        dim = dim or not clip.enabled  # a disabled clip looks like one on a hidden track
        return _SHADES[(asset.kind if asset else MediaKind.TEXT, selected, dim)]

    def _paint_clip(
        self, p, rect, project, track, clip, x0, x1, top, height, selected, dim, metrics, geo
    ):
        # Keep coordinates near the canvas: a long clip zoomed in spans millions of pixels.
        left, right = max(x0, rect.left() - 4.0), min(x1, rect.right() + 4.0)
        dim = dim or not clip.enabled  # a disabled clip looks like one on a hidden track
        asset = project.assets.get(clip.asset_id) if clip.asset_id else None
        kind = asset.kind if asset else MediaKind.TEXT
        p.fillRect(QRectF(left, top + 2, right - left, height - 5), _SHADES[(kind, selected, dim)])
        if x1 - x0 < MIN_DETAIL_PX:
            # Narrow: a body and a dark cut line are all that can be seen.
            p.fillRect(QRectF(x1 - 1, top + 2, 1, height - 5), CUT_LINE)
            if selected:
                p.fillRect(QRectF(left, top + 2, right - left, 2), SELECTED_EDGE)
            return
        inner = QRectF(x0 + 1, top + 2 + NAME_STRIP, x1 - x0 - 2, height - 6 - NAME_STRIP)
        # A repaint of the name alone (a scroll's edge clips) leaves the pictures be.
        if asset is not None and inner.height() > 8 and rect.bottom() >= inner.top():
            if track.kind is TrackKind.AUDIO:
                p.save()
                # Intersect, not replace: a narrow repaint's own clip must still hold.
                p.setClipRect(
                    QRectF(left, inner.top(), right - left, inner.height()),
                    Qt.ClipOperation.IntersectClip,
                )
                self._paint_wave(p, project, asset, clip, x0, inner, geo, rect)
                if clip.duck_db < 0:
                    self._paint_ducking(p, project, clip, x0, inner, geo)
                p.restore()
            else:
                self._paint_thumbs(p, project, asset, clip, x0, x1, inner, geo)
        # The outline as filled strips: QPainter.drawRect strokes a path, ten times slower.
        edge, thick = (SELECTED_EDGE, 2) if selected else (OUTLINE, 1)
        body_h = height - 5
        if selected:  # unselected clips are told apart by their cut lines alone
            p.fillRect(QRectF(left, top + 2, right - left, thick), edge)
            p.fillRect(QRectF(left, top + 2 + body_h - thick, right - left, thick), edge)
        if x0 >= left:
            p.fillRect(QRectF(x0, top + 2, thick, body_h), edge)
        if x1 <= right:
            p.fillRect(QRectF(x1 - thick, top + 2, thick, body_h), edge)
        placed = self.name_label(project, clip, x0, x1, p.device().width(), metrics)
        if placed is not None:
            text_left, label = placed
            p.setPen(TEXT_COLOR)
            p.drawStaticText(QPointF(text_left, top + 2 + self._text_dy), label.text)
            if clip.link:  # linked clips' names are underlined, as editors mark them
                under = top + 2 + self._text_dy + metrics.ascent() + 2
                p.fillRect(QRectF(text_left, under, label.width, 1), TEXT_COLOR)

    def name_label(self, project, clip, x0, x1, view_width, metrics) -> tuple[float, Label] | None:
        """Where a clip's name is drawn (its left) and the name as drawn, for a clip from
        `x0` to `x1` in a view `view_width` wide; None where the clip shows no name. The
        name is pinned to the view's left edge and elided at the clip's visible right."""
        if x1 - x0 < MIN_DETAIL_PX:
            return None
        text_left = max(x0, 0.0) + 4
        # Elided to the clip's visible width, not to the part being repainted: a narrow
        # update (the playhead passing) once laid out "still" as "..ll" over the old text.
        width = int(min(x1, view_width) - text_left - 4)
        if width <= 12:
            return None
        asset = project.assets.get(clip.asset_id) if clip.asset_id else None
        name = clip.name or (asset.name if asset else clip.text) or clip.id
        return text_left, self._label(metrics, name, width)

    def _label(self, metrics: QFontMetrics, name: str, width: int) -> Label:
        """The name elided to `width`, laid out once (QStaticText) and reused every paint."""
        key = (name, width)
        label = self._names.get(key)
        if label is None:
            elided = metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
            text = QStaticText(elided)
            text.setTextFormat(Qt.TextFormat.PlainText)
            label = self._names[key] = Label(text, metrics.horizontalAdvance(elided), elided)
            if len(self._names) > NAME_CACHE:
                # The oldest goes, one at a time: clearing 5,000 laid-out names at once
                # cost a scroll step 8 ms (a scroll elides the edge clips' names anew).
                self._names.popitem(last=False)
        else:
            self._names.move_to_end(key)
        return label

    def _paint_thumbs(self, p, project, asset, clip, x0, x1, inner, geo):
        if asset.kind not in (MediaKind.IMAGE, MediaKind.VIDEO):
            return
        fps = float(project.settings.fps)
        first = self.pictures.thumbnail(asset, clip.source_in / fps, THUMB_HEIGHT)
        if first is None:
            self._await(clip, "picture", inner, geo)
            return
        # Made at the row's height, thumbnails are copied, never scaled; the part that
        # fits the clip is taken from the pixmap instead of clipping the painter.
        # Placed on whole pixels: at a fractional place Qt rounds a full paint and a narrow
        # repaint (the playhead's strip) differently, leaving a stripe of the wrong colour.
        width = first.width()
        left, top = math.ceil(inner.left()), round(inner.top())
        room = math.floor(inner.right()) - left
        p.drawPixmap(QPoint(left, top), first, QRect(0, 0, min(width, room), first.height()))
        if room > 3 * width:
            last_frame = clip.source_in + clip.duration - 1
            last = self.pictures.thumbnail(asset, last_frame / fps, THUMB_HEIGHT)
            if last is not None:
                p.drawPixmap(QPoint(math.floor(inner.right()) - last.width(), top), last)
            else:
                self._await(clip, "picture", inner, geo)

    def _await(self, clip: Clip, what: str, inner: QRectF, geo: TimelineGeometry) -> None:
        self.awaiting[(clip.id, what)] = inner.translated(geo.scroll_x, geo.scroll_y)

    def take_awaiting(self, geo: TimelineGeometry) -> list[QRect]:
        """Where clips were painted waiting for their pictures, in today's view
        coordinates; forgotten here (a paint still without them records them again)."""
        rects = [
            rect.translated(-geo.scroll_x, -geo.scroll_y).toAlignedRect().adjusted(-1, -1, 1, 1)
            for rect in self.awaiting.values()
        ]
        self.awaiting.clear()
        return rects

    @staticmethod
    def _paint_ducking(p, project, clip, x0, inner, geo) -> None:
        """The level line of a clip that ducks under dialogue: it dips where lines play,
        deeper the more the clip ducks (studio.model.ducking)."""
        outline = duck_outline(project, clip)
        if not outline:
            return
        dip = inner.height() * 0.8 * min(1.0, -clip.duck_db / 24.0)
        top = inner.top() + 1

        def point(frame: float, depth: float) -> QPointF:
            return QPointF(x0 + (frame - clip.start) * geo.px_per_frame, top + depth * dip)

        corners = [point(clip.start, 0.0), *(point(f, d) for f, d in outline)]
        corners.append(point(clip.end, 0.0))
        p.setPen(_DUCK_PEN)
        p.drawPolyline(corners)

    def _paint_wave(self, p, project, asset, clip, x0, inner, geo, rect):
        peaks = self.pictures.peaks(asset)
        if peaks is None:
            self._await(clip, "waveform", inner, geo)
            return
        if not peaks.samples:
            return
        # Columns relative to the clip's left edge: a moved clip reuses its lines.
        u_lo = max(0, int(rect.left() - x0))
        u_hi = min(int(inner.width()) + 1, int(rect.right() + 1 - x0))
        if u_hi <= u_lo:
            return
        key = (id(peaks), clip.source_in, geo.px_per_frame, u_lo, u_hi, inner.height())
        picture = self._waves.get(key)
        if picture is None:
            # Recorded once as a QPicture: one object to keep (not hundreds of QLineF the
            # garbage collector would walk), replayed in a single call.
            picture = QPicture()
            recorder = QPainter(picture)
            recorder.setPen(_WAVE_PEN)
            recorder.drawLines(self._wave_lines(peaks, project, clip, geo, inner, u_lo, u_hi))
            recorder.end()
            self._waves[key] = picture
            if len(self._waves) > WAVE_CACHE:
                self._waves.popitem(last=False)
        else:
            self._waves.move_to_end(key)
        p.drawPicture(QPointF(x0, inner.top()), picture)

    @staticmethod
    def _wave_lines(peaks, project, clip, geo, inner, u_lo, u_hi) -> list[QLineF]:
        np = sys.modules["numpy"]  # loaded with the peaks
        per_frame = peaks.sample_rate / float(project.settings.fps)
        level = peaks.level_for(per_frame / geo.px_per_frame)
        columns = np.arange(u_lo, u_hi + 1, dtype=np.float64)
        sample = (columns / geo.px_per_frame + clip.source_in) * per_frame
        index = np.clip((sample / level.samples_per_peak).astype(np.int64), 0, len(level) - 1)
        first, end = int(index[0]), int(index[-1]) + 1
        mins = level.mins[:, first:end].min(axis=0)
        maxs = level.maxs[:, first:end].max(axis=0)
        # reduceat folds each column's run of peaks; the extra last index is dropped.
        lows = np.minimum.reduceat(mins, index - first)[:-1]
        highs = np.maximum.reduceat(maxs, index - first)[:-1]
        # Scaled to the file's loudest peak, so quiet temp music still shows its shape.
        loudest = max(float(np.abs(level.maxs).max()), float(np.abs(level.mins).max()), 0.05)
        half = inner.height() / 2 / loudest
        mid = inner.height() / 2
        tops = (mid - np.clip(highs, -1, 1) * half).tolist()
        bottoms = (mid - np.clip(lows, -1, 1) * half + 0.5).tolist()
        xs = columns[:-1].tolist()
        return [QLineF(x, t, x, b) for x, t, b in zip(xs, tops, bottoms, strict=True)]
