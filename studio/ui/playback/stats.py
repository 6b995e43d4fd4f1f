"""Counting what playback delivered and dropped, for the viewer's status line (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class PlaybackStats:
    """Frames shown and frames whose time passed without being shown, at normal speed.

    Shuttling (J/L pressed again) skips frames on purpose, so only ±1× play counts drops.
    """

    delivered: int = 0
    dropped: int = 0
    _last: int | None = None

    def start(self, frame: int, rate: float) -> None:
        self.delivered = self.dropped = 0
        # The frame before the first: if the first is late, it counts as dropped too.
        self._last = frame - (1 if rate >= 0 else -1)

    def presented(self, frame: int, rate: float) -> None:
        self.delivered += 1
        if self._last is not None and abs(rate) == 1.0:
            step = (frame - self._last) * (1 if rate > 0 else -1)
            self.dropped += max(0, step - 1)
        self._last = frame

    def text(self, rate: float) -> str:
        if rate == 0:
            return f"{self.delivered} frames shown, {self.dropped} dropped"
        return f"▶ {rate:g}× · {self.dropped} dropped"
