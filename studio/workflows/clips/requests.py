"""What the clips panel asks a video generator for, one shot at a time (no Qt)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from studio.model import Project
from studio.model.files import media_path
from studio.plugins.api import Kind, Media, Request
from studio.workflows.clips.clips import CAMERA_MOVES, shot_slot
from studio.workflows.reel.reel import shot_picture
from studio.workflows.styles import Style

# The built-in pan-and-zoom's reading of each camera move: it has no model to ask.
KEN_BURNS_MOVES = {
    "static": {"zoom_start": 1.0, "zoom_end": 1.0, "pan_x": 0.0, "pan_y": 0.0},
    "pan": {"zoom_start": 1.15, "zoom_end": 1.15, "pan_x": 0.8, "pan_y": 0.0},
    "dolly": {"zoom_start": 1.0, "zoom_end": 1.35, "pan_x": 0.0, "pan_y": 0.0},
    "handheld": {"zoom_start": 1.08, "zoom_end": 1.12, "pan_x": 0.15, "pan_y": 0.1},
}


def prompt_parts(project: Project, shot, camera: str, style: Style) -> dict[str, str]:
    """Where each piece of a clip's prompt comes from, for the panel to show."""
    scene = project.item("scenes", shot.scene_id) if shot.scene_id else None
    parts = {"shot": shot.description, "scene": scene.heading if scene else ""}
    parts["camera"] = CAMERA_MOVES.get(camera, camera)
    parts["style"] = style.name
    return {k: v for k, v in parts.items() if v}


def slot_picture(project: Project, folder: Path | None, shot_id: str) -> Path | None:
    """The file of the shot's storyboard frame (the picture its span shows, or the one its
    clip was made from), if it has one."""
    asset = shot_picture(project, shot_id)
    if asset is None:
        return None
    return media_path(folder, asset) if folder is not None else Path(asset.path)


def clip_request(
    project: Project,
    shot_id: str,
    prompt: str,
    negative: str,
    params: BaseModel,
    seed: int,
    first_frame: Path | None,
) -> Request:
    """A clip as long as the shot's slot (or the shot), at the project's size and rate;
    `first_frame` makes it image → video."""
    settings = project.settings
    slot = shot_slot(project, shot_id)
    frames = slot[1].duration if slot else project.item("shots", shot_id).duration
    inputs = (Media(Kind.IMAGE, first_frame, role="first-frame"),) if first_frame else ()
    return Request(
        prompt=prompt,
        negative_prompt=negative,
        params=params,
        seed=seed,
        width=settings.width,
        height=settings.height,
        duration=float(frames / settings.fps),
        fps=float(settings.fps),
        sample_rate=settings.sample_rate,
        inputs=inputs,
    )
