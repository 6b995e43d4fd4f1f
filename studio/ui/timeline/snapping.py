"""Snapping: the frames an edge may cling to (clip edges, markers, the playhead), by bisect."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from studio.model import Project
from studio.model.project import clips_in_range


def snap_points(
    project: Project, start: int, end: int, exclude: Iterable[str] = (), playhead: int | None = None
) -> list[int]:
    """Sorted frames in [start, end) to snap to; clips in `exclude` (being dragged) are not."""
    skip = set(exclude)
    points = {0}
    for track in project.tracks:
        for clip in clips_in_range(track, start, end):
            if clip.id not in skip:
                points.add(clip.start)
                points.add(clip.end)
    points.update(m.frame for m in project.markers if start <= m.frame < end)
    if playhead is not None:
        points.add(playhead)
    return sorted(points)


def nearest(points: list[int], frame: int, tolerance: float) -> int | None:
    """The point nearest to `frame` if it is within `tolerance` frames."""
    i = bisect_left(points, frame)
    best = None
    for candidate in points[max(0, i - 1) : i + 1]:
        if abs(candidate - frame) <= tolerance and (
            best is None or abs(candidate - frame) < abs(best - frame)
        ):
            best = candidate
    return best


def snap_delta(points: list[int], edges: Iterable[int], delta: int, tolerance: float) -> int:
    """Adjust a move of `delta` frames so that the edge landing nearest a point lands on it."""
    best = None
    for edge in edges:
        hit = nearest(points, edge + delta, tolerance)
        if hit is not None:
            shift = hit - (edge + delta)
            if best is None or abs(shift) < abs(best):
                best = shift
    return delta if best is None else delta + best
