"""What the reel's panels and `storyreel reel …` ask generators for: frames, clips, score.

Qt-free, so the editor and the command line build the same requests from the same
project, and their takes land through the same path (studio.workflows.landing).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel

from studio.errors import UserError
from studio.model import Project, Shot
from studio.model.time import sample_range
from studio.plugins.api import Kind, Media, Request
from studio.workflows.storyboard.fusion import FusedRequest, fuse_shot
from studio.workflows.styles import NO_STYLE, load_styles

# Defaults that need no model: they work offline, out of the box.
FRAME_GENERATOR = "builtin.title-card"
FRAME_STYLE = "pencil-storyboard"
CLIP_GENERATOR = "builtin.ken-burns"
SCORE_GENERATOR = "builtin.temp-score"


def parse_shots(project: Project, text: str) -> list[Shot]:
    """Shots by their place in the story, counting from 1: "1,3-5"."""
    count = len(project.shots)
    chosen: dict[int, None] = {}
    for part in (p.strip() for p in text.split(",")):
        try:
            first, _, last = part.partition("-")
            low, high = int(first), int(last or first)
        except ValueError:
            raise UserError(f"--shots: {part!r} is not a shot number or a range like 3-5") from None
        if not 1 <= low <= high <= count:
            raise UserError(f"--shots: {part} is outside 1-{count} (the project's shots)")
        chosen.update(dict.fromkeys(range(low, high + 1)))
    return [project.shots[n - 1] for n in chosen]


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


def shot_frame_request(
    project: Project,
    folder: Path | None,
    shot: Shot,
    generator,
    params: BaseModel,
    seed: int,
    style_id: str = FRAME_STYLE,
) -> Request:
    """One frame of a shot, fused from its description, scene and the style preset."""
    styles = load_styles()
    if style_id not in styles and style_id != "none":
        raise UserError(f"no style {style_id!r}; there are: {', '.join(sorted(styles))}")
    style = styles.get(style_id, NO_STYLE)
    fused = fuse_shot(project, shot.id, style=style, folder=folder)
    return frame_requests(fused, generator, params, seed)[0]


def score_request(
    project: Project,
    start: int,
    end: int,
    prompt: str,
    params: BaseModel,
    seed: int,
    inputs: tuple[Media, ...] = (),
) -> Request:
    """A score for frames [start, end): exactly the samples the mixer places there."""
    settings = project.settings
    first, last = sample_range(project, start, end)
    return Request(
        prompt=prompt,
        params=params,
        seed=seed,
        width=settings.width,
        height=settings.height,
        duration=(last - first) / settings.sample_rate,  # so request.sample_count matches
        fps=float(settings.fps),
        sample_rate=settings.sample_rate,
        inputs=inputs,
    )
