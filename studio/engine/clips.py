"""Video clips for storyboard shots, as model edits: add a take, use a take, queue the missing.

A shot is shown on the timeline by one clip on a video track whose `shot_id` is the shot's
(its *slot*). Using a take replaces that clip with one of the take at the same place and
length, in one undoable step. The picture it replaces stays available as one of the shot's
takes (added to `Shot.takes` if it was not there), so using it again is the same operation;
its asset is never removed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from studio.engine.importer import prepare_import
from studio.engine.provenance import read_provenance
from studio.errors import UserError
from studio.model import Asset, Clip, MediaKind, Project, Shot, Track, TrackKind, new_id
from studio.model.edits import AddAsset, DeleteClips, Edit, InsertClip, Macro, UpdateItem
from studio.model.files import media_path
from studio.plugins.api import Kind, Media, NoParams, Request

# Appended to a shot's prompt: the camera move the clips panel offers.
CAMERA_MOVES = {
    "static": "static camera",
    "pan": "slow camera pan",
    "dolly": "slow dolly-in",
    "handheld": "handheld camera, slight shake",
}


@dataclass(frozen=True)
class ClipRequest:
    """One clip to generate: the shot it is for and the request to queue."""

    shot_id: str
    request: Request


def shot_slot(project: Project, shot_id: str) -> tuple[Track, Clip] | None:
    """The clip that shows a shot on the timeline, and its track; the lowest video track
    (V1) wins when several clips carry the shot."""
    for track in reversed(project.tracks):
        if track.kind is TrackKind.VIDEO:
            for clip in track.clips:
                if clip.shot_id == shot_id:
                    return track, clip
    return None


def take_asset(folder: Path, path: Path, thumbnail_height: int | None = 72) -> Asset:
    """A generated file in the project's media/ as an asset: probed as an import is, with its
    provenance, and (given a height) its first thumbnail made in cache/ while we are off the
    GUI thread."""
    provenance = read_provenance(path)
    data = provenance.model_dump(mode="json", by_alias=True) if provenance else None
    prepared = prepare_import(folder, [path], copy=True, provenance=data)[0]
    if prepared.asset is None:
        raise UserError(prepared.error)
    if thumbnail_height:
        from studio.media.thumbnails import ThumbnailCache

        ThumbnailCache(Path(folder) / "cache").get_or_make(path, 0.0, thumbnail_height)
    return prepared.asset


def add_take_edit(project: Project, shot_id: str, asset: Asset) -> Edit:
    """Add a generated take to the project and to the shot's takes (not to the timeline)."""
    shot = _shot(project, shot_id)
    return Macro(
        "Add take",
        [AddAsset(asset), UpdateItem("shots", shot.id, {"takes": [*shot.takes, asset.id]})],
    )


def use_take_edit(project: Project, shot_id: str, asset_id: str) -> Edit:
    """Show a take (video, or a picture) in the shot's slot, replacing what is there.

    The new clip keeps the slot's place, length, name and look (fades, opacity, dissolve)
    and starts at the take's first frame. A take shorter than the slot is refused by the
    placement check, with its reason.
    """
    shot = _shot(project, shot_id)
    if asset_id not in project.assets:
        raise UserError(f"there is no take {asset_id}")
    slot = shot_slot(project, shot.id)
    if slot is None:
        raise UserError(f"shot '{shot.description or shot.id}' is not on the timeline")
    track, old = slot
    takes = list(shot.takes)
    for kept in (old.asset_id, asset_id):  # the replaced picture stays one click away
        if kept is not None and kept not in takes:
            takes.append(kept)
    new = dataclasses.replace(old, id=new_id("c"), asset_id=asset_id, source_in=0)
    return Macro(
        "Use take",
        [
            DeleteClips([old.id]),
            InsertClip(track.id, new),
            UpdateItem("shots", shot.id, {"takes": takes, "picked": asset_id}),
        ],
    )


def shots_without_clip(project: Project) -> list[Shot]:
    """Shots on the timeline with no video take yet, in story order."""
    missing = []
    for shot in project.shots:
        slot = shot_slot(project, shot.id)
        if slot is None or _is_video(project, slot[1].asset_id):
            continue
        if not any(_is_video(project, take) for take in shot.takes):
            missing.append(shot)
    return missing


def clip_requests(
    project: Project,
    folder: Path | None,
    *,
    params: BaseModel | None = None,
    seed: int = 0,
    camera: str = "static",
    style: str = "",
) -> list[ClipRequest]:
    """One request per shot without a clip ("generate clips for all shots without one"):
    its slot's length at the project's rate and frame size, its prompt, and its storyboard
    picture as the first frame when it has one (image → video)."""
    settings = project.settings
    requests = []
    for index, shot in enumerate(shots_without_clip(project)):
        _, clip = shot_slot(project, shot.id)
        asset = project.assets.get(clip.asset_id) if clip.asset_id else None
        inputs: tuple[Media, ...] = ()
        if asset is not None and asset.kind is MediaKind.IMAGE:
            path = media_path(folder, asset) if folder is not None else Path(asset.path)
            inputs = (Media(Kind.IMAGE, path, role="first-frame"),)
        request = Request(
            prompt=shot_prompt(project, shot, camera, style),
            params=params if params is not None else NoParams(),
            seed=seed + index,
            width=settings.width,
            height=settings.height,
            duration=float(clip.duration / settings.fps),
            fps=float(settings.fps),
            sample_rate=settings.sample_rate,
            inputs=inputs,
        )
        requests.append(ClipRequest(shot.id, request))
    return requests


def shot_prompt(project: Project, shot: Shot, camera: str = "static", style: str = "") -> str:
    """The shot's description, its scene's heading, the camera move and the style, joined."""
    scene = next((s for s in project.scenes if s.id == shot.scene_id), None)
    parts = [shot.description, scene.heading if scene else "", CAMERA_MOVES.get(camera, camera)]
    prompt = ". ".join(p.strip().rstrip(".") for p in parts if p and p.strip())
    if "{prompt}" in style:  # a style preset: "cinematic still of {prompt}, 35mm"
        return style.replace("{prompt}", prompt)
    return f"{prompt}. {style}" if style else prompt


def _shot(project: Project, shot_id: str) -> Shot:
    shot = project.item("shots", shot_id)
    if shot is None:
        raise UserError(f"there is no shot {shot_id}")
    return shot


def _is_video(project: Project, asset_id: str | None) -> bool:
    asset = project.assets.get(asset_id) if asset_id else None
    return asset is not None and asset.kind is MediaKind.VIDEO
