"""Turning finished storyboard jobs into edits: requests, new takes and shot lengths (no Qt)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from studio.engine.fusion import FusedRequest
from studio.engine.storyboard import frame_clip, place_take, take_asset
from studio.model import Asset, Project
from studio.model.edits import AddAsset, Edit, Macro, TrimClip, UpdateItem
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


def prepare_takes(folder: Path | None, paths: list[Path]) -> list[Asset]:
    """(worker thread) The assets of a job's files: probed, copied in, provenance read."""
    return [take_asset(folder, Path(path)) for path in paths]


def place_takes_edit(project: Project, shot_id: str, assets: list[Asset]) -> Edit:
    """The first take placed and picked, the others (a batch's variations) kept beside it:
    one undo step for everything one job made."""
    first, *others = assets
    edit = place_take(project, shot_id, first)
    if not others:
        return edit
    shot = project.item("shots", shot_id)
    takes = [*shot.takes, first.id, *(a.id for a in others)]
    # Applied after place_take's own UpdateItem, this one holds the whole list.
    extra: list[Edit] = [AddAsset(a) for a in others]
    return Macro("Place takes", [edit, *extra, UpdateItem("shots", shot_id, {"takes": takes})])


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
