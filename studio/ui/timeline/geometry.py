"""Where things sit on the timeline canvas: frames to pixels and tracks to rows (no Qt)."""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass, field

from studio.model import Track, TrackKind

RULER_HEIGHT = 28
HEADER_WIDTH = 172
ROW_HEIGHTS = {TrackKind.VIDEO: 62, TrackKind.AUDIO: 50, TrackKind.TEXT: 46}
MIN_PX_PER_FRAME = 0.005  # about four hours across a 1600 px canvas at 24 fps
MAX_PX_PER_FRAME = 60.0


@dataclass
class TimelineGeometry:
    """Canvas coordinates: x = frame * px_per_frame - scroll_x; y = row top - scroll_y."""

    px_per_frame: float = 4.0
    scroll_x: float = 0.0
    scroll_y: int = 0
    tops: list[int] = field(default_factory=list)
    heights: list[int] = field(default_factory=list)

    def layout(self, tracks: list[Track]) -> None:
        self.tops, self.heights = [], []
        top = 0
        for track in tracks:
            self.tops.append(top)
            self.heights.append(ROW_HEIGHTS[track.kind])
            top += ROW_HEIGHTS[track.kind]

    @property
    def content_height(self) -> int:
        return self.tops[-1] + self.heights[-1] if self.tops else 0

    # -- horizontal ------------------------------------------------------------------------
    def frame_to_x(self, frame: float) -> float:
        return frame * self.px_per_frame - self.scroll_x

    def x_to_frame(self, x: float) -> float:
        return (x + self.scroll_x) / self.px_per_frame

    def frame_at(self, x: float) -> int:
        """The frame under a pixel column, never before the timeline's start."""
        return max(0, math.floor(self.x_to_frame(x)))

    def nearest_cut(self, x: float) -> int:
        """The frame boundary nearest to x: where an edge dragged to x would go."""
        return max(0, round(self.x_to_frame(x)))

    def visible_frames(self, x0: float, x1: float) -> tuple[int, int]:
        return max(0, math.floor(self.x_to_frame(x0))), math.ceil(self.x_to_frame(x1)) + 1

    def zoom_about(self, factor: float, anchor_x: float) -> None:
        """Zoom keeping the frame under `anchor_x` where it is."""
        frame = self.x_to_frame(anchor_x)
        self.px_per_frame = min(MAX_PX_PER_FRAME, max(MIN_PX_PER_FRAME, self.px_per_frame * factor))
        self.scroll_x = max(0.0, frame * self.px_per_frame - anchor_x)

    def fit(self, frames: int, width: int) -> None:
        self.px_per_frame = min(
            MAX_PX_PER_FRAME, max(MIN_PX_PER_FRAME, (width - 12) / max(1, frames))
        )
        self.scroll_x = 0.0

    # -- vertical --------------------------------------------------------------------------
    def row_at(self, y: float) -> int | None:
        content_y = y + self.scroll_y
        if content_y < 0 or content_y >= self.content_height:
            return None
        return bisect_right(self.tops, content_y) - 1

    def row_top(self, row: int) -> int:
        return self.tops[row] - self.scroll_y

    def rows_between(self, y0: float, y1: float) -> range:
        """Rows that overlap the canvas band [y0, y1)."""
        if not self.tops:
            return range(0)
        first = max(0, bisect_right(self.tops, y0 + self.scroll_y) - 1)
        last = bisect_right(self.tops, y1 + self.scroll_y)
        return range(first, min(last, len(self.tops)))
