"""Video clips for storyboard shots, as model edits: add a take, use a take, queue the missing.

A shot is shown on the timeline by one clip on a video track whose `shot_id` is the shot's
(its *slot*). Using a take replaces that clip with one of the take at the same place and
length, in one undoable step. The picture it replaces stays available as one of the shot's
takes (added to `Shot.takes` if it was not there), so using it again is the same operation;
its asset is never removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from studio.errors import UserError
from studio.model import Asset, Clip, MediaKind, Project, Shot, Track
from studio.model.edits import AddAsset, Edit, Macro, UpdateItem
from studio.model.files import media_path
from studio.plugins.api import Kind, Media, NoParams, Request
from studio.workflows.reel import reel

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
    """The clip that shows a shot in its span on the picture track, and that track."""
    clip = reel.span_clip(project, shot_id)
    return (project.track_of(clip.id), clip) if clip is not None else None


def add_take_edit(project: Project, shot_id: str, asset: Asset) -> Edit:
    """Add a take to the project and to the shot's takes (not to the timeline)."""
    shot = _shot(project, shot_id)
    return Macro(
        "Add take",
        [AddAsset(asset), UpdateItem("shots", shot.id, {"takes": [*shot.takes, asset.id]})],
    )


def use_take_edit(project: Project, shot_id: str, asset_id: str) -> Edit:
    """Show a take (video, or a picture) in the shot's span, replacing what is there.

    The span keeps its place, length, name and look (fades, opacity, dissolve), the take
    starts at its first frame, and a video's own sound goes under it. A take shorter than
    the span is refused by the placement check, with its reason.
    """
    shot = _shot(project, shot_id)
    if asset_id not in project.assets:
        raise UserError(f"there is no take {asset_id}")
    old = reel.span_clip(project, shot.id)
    if old is None:
        raise UserError(f"shot '{shot.description or shot.id}' is not on the timeline")
    takes = list(shot.takes)
    for kept in (old.asset_id, asset_id):  # the replaced picture stays one click away
        if kept is not None and kept not in takes:
            takes.append(kept)
    return Macro(
        "Use take",
        [
            UpdateItem("shots", shot.id, {"takes": takes, "picked": asset_id}),
            *reel.show_in_span(project, shot.id, project.assets[asset_id]),
        ],
    )


def shots_without_clip(project: Project) -> list[Shot]:
    """Shots with a span on the timeline and no video take yet, in story order."""
    shown = reel.spans(project)  # one pass over the clips, not one per shot
    return [
        shot
        for shot in project.shots
        if shot.id in shown
        and not _is_video(project, shown[shot.id].asset_id)
        and not any(_is_video(project, take) for take in shot.takes)
    ]


def clip_requests(
    project: Project,
    folder: Path | None,
    *,
    params: BaseModel | None = None,
    seed: int = 0,
    camera: str = "static",
    style: str = "",
    shots: list[Shot] | None = None,
    from_frame: bool = False,
) -> list[ClipRequest]:
    """One request per shot without a clip ("generate clips for all shots without one"),
    or per shot of `shots`: its span's length at the project's rate and frame size, its
    prompt, and its storyboard picture as the first frame when it has one (image → video).
    With `from_frame`, shots without a picture are left out (see `shots_without_frame`)."""
    settings = project.settings
    requests = []
    wanted = shots_without_clip(project) if shots is None else shots
    for index, shot in enumerate(wanted):
        clip = reel.span_clip(project, shot.id)
        if clip is None:
            continue
        asset = reel.shot_picture(project, shot.id)
        if asset is None and from_frame:
            continue
        inputs: tuple[Media, ...] = ()
        if asset is not None:
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


def shots_without_frame(project: Project, shots: list[Shot]) -> list[Shot]:
    """The shots among `shots` with no storyboard picture to make a clip from."""
    return [s for s in shots if reel.shot_picture(project, s.id) is None]


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
