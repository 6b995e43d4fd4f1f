"""Paints the tracks' clips inside one dirty rectangle: only clips found there by bisect.

Clips narrower than a few pixels are merged into one bar per run, so a zoomed-out view of
thousands of clips costs a handful of rectangles per track.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QLineF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPen

from studio.model import Clip, MediaKind, Project, TrackKind
from studio.model.project import clips_in_range
from studio.ui.qt_media_pictures import MediaPictures
from studio.ui.timeline.geometry import TimelineGeometry

THUMB_HEIGHT = 40
NAME_STRIP = 15
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
_OUTLINE_PEN = QPen(QColor(0, 0, 0, 140), 1)
_SELECTED_PEN = QPen(SELECTED_EDGE, 2)


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
        for row in geo.rows_between(rect.top(), rect.bottom() + 1):
            track = project.tracks[row]
            top, height = geo.row_top(row), geo.heights[row]
            p.fillRect(QRect(rect.left(), top, rect.width(), height), ROW_COLORS[row % 2])
            clips = clips_in_range(track, f0, f1)
            looked += len(clips)
            self._paint_row(p, rect, project, track, clips, geo, top, height, selection, metrics)
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

    @staticmethod
    def _paint_run(p, x0, x1, top, height, color):
        p.fillRect(QRectF(x0, top + 2, max(1.0, x1 - x0), height - 5), color)

    @staticmethod
    def _color(project: Project, clip: Clip, selected: bool, dim: bool) -> QColor:
        asset = project.assets.get(clip.asset_id) if clip.asset_id else None
        return _SHADES[(asset.kind if asset else MediaKind.TEXT, selected, dim)]

    def _paint_clip(
        self, p, rect, project, track, clip, x0, x1, top, height, selected, dim, metrics, geo
    ):
        # Keep coordinates near the canvas: a long clip zoomed in spans millions of pixels.
        left, right = max(x0, rect.left() - 4.0), min(x1, rect.right() + 4.0)
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
        if asset is not None and inner.height() > 8:
            p.save()
            p.setClipRect(QRectF(left, inner.top(), right - left, inner.height()))
            if track.kind is TrackKind.AUDIO:
                self._paint_wave(p, project, asset, clip, x0, inner, geo, rect)
            else:
                self._paint_thumbs(p, project, asset, clip, x0, x1, inner)
            p.restore()
        p.setPen(_SELECTED_PEN if selected else _OUTLINE_PEN)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(
            QRectF(
                max(x0, left - 1) + 0.5,
                top + 2.5,
                min(x1, right + 1) - max(x0, left - 1) - 1,
                height - 6,
            )
        )
        name = clip.name or (asset.name if asset else clip.text) or clip.id
        text_left = max(x0, 0.0) + 4
        width = int(right - text_left - 4)
        if width > 12:
            p.setPen(TEXT_COLOR)
            elided = metrics.elidedText(name, Qt.TextElideMode.ElideRight, width)
            p.drawText(QRectF(text_left, top + 2, width, NAME_STRIP), Qt.AlignVCenter, elided)

    def _paint_thumbs(self, p, project, asset, clip, x0, x1, inner):
        if asset.kind not in (MediaKind.IMAGE, MediaKind.VIDEO):
            return
        fps = project.settings.fps
        first = self.pictures.thumbnail(asset, float(clip.source_in / fps), THUMB_HEIGHT)
        if first is None:
            return
        width = first.width() * inner.height() / first.height()
        p.drawImage(QRectF(inner.left(), inner.top(), width, inner.height()), first)
        if x1 - x0 > 2 * width + 16:
            last_frame = clip.source_in + clip.duration - 1
            last = self.pictures.thumbnail(asset, float(last_frame / fps), THUMB_HEIGHT)
            if last is not None:
                p.drawImage(QRectF(inner.right() - width, inner.top(), width, inner.height()), last)

    def _paint_wave(self, p, project, asset, clip, x0, inner, geo, rect):
        peaks = self.pictures.peaks(asset)
        if peaks is None or not peaks.samples:
            return
        np = sys.modules["numpy"]  # loaded with the peaks, on the worker thread
        fps = project.settings.fps
        per_frame = peaks.sample_rate / float(fps)
        per_px = per_frame / geo.px_per_frame
        level = peaks.level_for(per_px)
        lo = max(int(inner.left()), rect.left())
        hi = min(int(inner.right()), rect.right() + 1)
        if hi <= lo:
            return
        columns = np.arange(lo, hi + 1, dtype=np.float64)
        sample = (columns + geo.scroll_x) / geo.px_per_frame - clip.start + clip.source_in
        index = (sample * per_frame / level.samples_per_peak).astype(np.int64)
        index = np.clip(index, 0, len(level) - 1)
        first, end = int(index[0]), int(index[-1]) + 1
        mins = level.mins[:, first:end].min(axis=0)
        maxs = level.maxs[:, first:end].max(axis=0)
        # reduceat folds each column's run of peaks; the extra last index is dropped.
        lows = np.minimum.reduceat(mins, index - first)[:-1]
        highs = np.maximum.reduceat(maxs, index - first)[:-1]
        mid, half = inner.center().y(), inner.height() / 2
        p.setPen(QPen(WAVE_COLOR, 1))
        xs = columns[:-1].tolist()
        tops = (mid - np.clip(highs, -1, 1) * half).tolist()
        bottoms = (mid - np.clip(lows, -1, 1) * half + 0.5).tolist()
        p.drawLines([QLineF(x, t, x, b) for x, t, b in zip(xs, tops, bottoms, strict=True)])
