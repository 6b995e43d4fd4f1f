"""Dialogue ducks the score: a sidechain-style gain envelope from where the lines play.

A clip with `duck_db` < 0 (a score take lands with -12 dB) dips by that much wherever an
audible Dialogue track plays a line, ramping down over ATTACK before the line and back up
over RELEASE after it. The envelope is a function of timeline samples alone (where lines
are, not how loud), so playback, which mixes in short blocks, and render, in long ones,
apply exactly the same gain; the timeline draws the same curve on the clip.
"""

from __future__ import annotations

from bisect import bisect_left

import numpy as np

from studio.model import Project, TrackKind
from studio.model.ducking import ATTACK, RELEASE
from studio.model.entities import DIALOGUE_TRACKS
from studio.model.time import frames_to_samples


class DuckingMap:
    """Where dialogue plays in a project, as merged sample spans, and the gain it implies."""

    def __init__(self, project: Project) -> None:
        rate, fps = project.settings.sample_rate, project.settings.fps
        self.attack = max(1, round(ATTACK * rate))
        self.release = max(1, round(RELEASE * rate))
        spans = []
        tracks = [t for t in project.tracks if t.kind is TrackKind.AUDIO and not t.muted]
        solo = [t for t in tracks if t.solo]
        for track in solo or tracks:
            if track.name not in DIALOGUE_TRACKS:
                continue
            for clip in track.clips:
                if clip.enabled and clip.asset_id and clip.asset_id in project.assets:
                    first = frames_to_samples(clip.start, rate, fps)
                    spans.append((first, frames_to_samples(clip.end, rate, fps)))
        self.spans = _merged(sorted(spans))
        self._starts = [s for s, _ in self.spans]

    def __bool__(self) -> bool:
        return bool(self.spans)

    def depth(self, first: int, count: int) -> np.ndarray:
        """How far ducked each sample of [first, first + count) is: 0 (not) to 1 (fully)."""
        at = np.arange(first, first + count, dtype=np.float64)
        depth = np.zeros(count, dtype=np.float64)
        # Spans whose ramps reach the window: from the last starting before it, on.
        index = max(0, bisect_left(self._starts, first) - 1)
        for start, end in self.spans[index:]:
            if start - self.attack >= first + count:
                break
            if end + self.release <= first:
                continue
            rise = (at - (start - self.attack)) / self.attack
            fall = 1.0 - (at - end) / self.release
            np.maximum(depth, np.clip(np.minimum(rise, fall), 0.0, 1.0), out=depth)
        return depth

    def gain(self, duck_db: float, first: int, count: int) -> np.ndarray | None:
        """Linear gain of a clip ducking by `duck_db` over [first, first + count), or None
        where nothing ducks it."""
        if duck_db >= 0 or not self.spans:
            return None
        depth = self.depth(first, count)
        if not depth.any():
            return None
        return 10.0 ** (duck_db * depth / 20.0)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in spans:
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out
