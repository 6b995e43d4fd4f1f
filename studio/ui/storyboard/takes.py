"""Turning finished storyboard jobs into edits: requests, new takes and shot lengths (no Qt)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from studio.engine.fusion import FusedRequest
from studio.engine.storyboard import frame_clip
from studio.model import Project
from studio.model.edits import Edit, Macro, TrimClip, UpdateItem
from studio.plugins.api import Kind, Request


def frame_requests(
    fused: FusedRequest,
    generator,
    params: BaseModel,
    seed: int,
    count: int = 1,
    variation_of: Path | None = None,
) -> list[Request]:
    """The requests for `count` takes: one batch job when the generator makes variations
    itself (its Params has `variations`), else one job per take with seeds seed, seed+1, …
    `variation_of` is used only by generators that take an image (image → image)."""
    if Kind.IMAGE not in generator.accepts:
        variation_of = None
    if "variations" in type(params).model_fields:
        batch = params.model_copy(update={"variations": count})
        return [fused.to_request(batch, seed, variation_of)]
    return [fused.to_request(params, seed + i, variation_of) for i in range(count)]


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
