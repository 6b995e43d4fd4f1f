"""Shot lengths as edits, and the frame requests the storyboard panel queues (no Qt)."""

from __future__ import annotations

from studio.model import Project
from studio.model.edits import Edit, Macro, TrimClip, UpdateItem
from studio.workflows.reel.requests import frame_requests
from studio.workflows.storyboard.storyboard import frame_clip


def length_edits(project: Project, shot_id: str, frames: int) -> tuple[Edit, Edit]:
    """Two ways to give a shot a new length: with its frame clip trimmed to match (tried
    first), and the shot alone (when the clip cannot grow: the next clip is in the way)."""
    shot_only = UpdateItem("shots", shot_id, {"duration": frames})
    shot_only.label = "Shot length"
    clip = frame_clip(project, shot_id)
    if clip is None:
        return shot_only, shot_only
    both = Macro("Shot length", [shot_only, TrimClip(clip.id, "end", clip.start + frames)])
    return both, shot_only


__all__ = ["frame_requests", "length_edits"]
