"""Stretches of the timeline the score is made for: typed timecodes, selections, sample counts."""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction

from studio.model import Project
from studio.model.time import sample_range


def parse_timecode(text: str, fps: Fraction) -> int:
    """A frame from "HH:MM:SS:FF" (leading fields may be left out) or a bare frame count.

    Fields use the nominal integer rate, as `studio.model.time.timecode` writes them, so
    what the panel shows can be typed back. Raises ValueError with a readable reason.
    """
    parts = text.strip().replace(";", ":").split(":")
    if not all(part.strip().isdigit() for part in parts) or len(parts) > 4:
        raise ValueError(f"{text.strip() or 'nothing'} is not a timecode (HH:MM:SS:FF)")
    nominal = max(1, round(fps))
    *clock, frames = (int(part) for part in parts)
    if len(parts) > 1 and frames >= nominal:
        raise ValueError(f"frame {frames} is past the {nominal} frames of a second")
    seconds = 0
    for value in clock:
        seconds = seconds * 60 + value
    return seconds * nominal + frames


def selection_range(project: Project, clip_ids: Iterable[str]) -> tuple[int, int] | None:
    """Frames [start, end) spanned by the selected clips, or None when nothing is selected."""
    clips = [clip for clip in map(project.clip, clip_ids) if clip is not None]
    if not clips:
        return None
    return min(c.start for c in clips), max(c.end for c in clips)


def sample_count(project: Project, start: int, end: int) -> int:
    """How many samples timeline frames [start, end) hold, exactly as the mixer places them."""
    first, last = sample_range(project, start, end)
    return last - first
