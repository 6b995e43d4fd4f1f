"""Where a clip ducks under dialogue: the envelope's outline in timeline frames.

Pure Python, so the timeline's painter can ask for it on every paint; studio.media.ducking
applies the same spans and ramps sample by sample.
"""

from __future__ import annotations

from studio.model.entities import DIALOGUE_TRACKS, Clip, TrackKind
from studio.model.project import Project, clips_in_range

ATTACK = 0.15  # seconds of ramp down before a line
RELEASE = 0.4  # seconds of ramp back up after it


def duck_outline(project: Project, clip: Clip) -> list[tuple[float, float]]:
    """(frame, depth) corners of how far the clip is ducked, 0 (not) to 1 (by its whole
    `duck_db`), where an audible Dialogue track plays over it; empty where nothing does."""
    if clip.duck_db >= 0:
        return []
    fps = float(project.settings.fps)
    attack, release = ATTACK * fps, RELEASE * fps
    tracks = [t for t in project.tracks if t.kind is TrackKind.AUDIO and not t.muted]
    solo = [t for t in tracks if t.solo]
    spans = sorted(
        (line.start, line.end)
        for track in solo or tracks
        if track.name in DIALOGUE_TRACKS
        for line in clips_in_range(track, int(clip.start - release) - 1, int(clip.end + attack) + 2)
        if line.asset_id and line.enabled
    )
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    points: list[tuple[float, float]] = []
    for start, end in merged:
        points += [(start - attack, 0.0), (start, 1.0), (end, 1.0), (end + release, 0.0)]
    return points
