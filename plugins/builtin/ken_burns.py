"""builtin.ken-burns: pan and zoom over a still, as animatics do (image → video, no model)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from studio.plugins.api import Context, Generator, Kind, Request, Video


class KenBurnsParams(BaseModel):
    zoom_start: float = Field(1.0, ge=1.0, le=4.0, description="Zoom at the first frame")
    zoom_end: float = Field(1.15, ge=1.0, le=4.0, description="Zoom at the last frame")
    pan_x: float = Field(
        0.0, ge=-1.0, le=1.0, description="Horizontal drift, -1 (to the left) to 1 (right)"
    )
    pan_y: float = Field(0.0, ge=-1.0, le=1.0, description="Vertical drift, -1 (up) to 1 (down)")
    easing: Literal["linear", "ease-in-out"] = Field(
        "ease-in-out", description="How the motion accelerates"
    )


class KenBurns(Generator):
    id = "builtin.ken-burns"
    name = "Ken Burns pan & zoom (built-in, no model)"
    version = "1.0.0"
    output = Kind.VIDEO
    accepts = (Kind.IMAGE,)
    Params = KenBurnsParams
    runs_on = "cpu"

    def generate(self, request: Request, ctx: Context) -> Video:
        from PIL import Image as PILImage

        images = request.inputs_of(Kind.IMAGE)
        if not images:
            raise ValueError("builtin.ken-burns needs an image input (--input FILE)")
        p: KenBurnsParams = request.params  # type: ignore[assignment]
        still = _cover(images[0].image(), request.width, request.height)
        count = request.frame_count
        aspect = request.width / request.height
        if count < 1:
            raise ValueError(f"{request.duration} s at {request.fps} fps is no frames")
        frames = np.empty((count, request.height, request.width, 3), dtype=np.uint8)
        for index in range(count):
            ctx.check_cancelled()
            t = index / (count - 1) if count > 1 else 0.0
            if p.easing == "ease-in-out":
                t = t * t * (3 - 2 * t)
            zoom = p.zoom_start + (p.zoom_end - p.zoom_start) * t
            box = _crop_box(still.size, aspect, zoom, p.pan_x * t, p.pan_y * t)
            # resize() with a float box samples sub-pixel positions: smooth slow motion.
            frame = still.resize(
                (request.width, request.height), PILImage.Resampling.BICUBIC, box=box
            )
            frames[index] = np.asarray(frame)
            ctx.progress((index + 1) / count, f"frame {index + 1}/{count}")
        return Video(frames, request.fps)


def _cover(image, width: int, height: int):
    """Shrink a large still once to twice the size that covers the frame: every frame then
    resamples a bounded image, and zooming in up to 2x still finds real detail."""
    from PIL import Image as PILImage

    scale = 2 * max(width / image.width, height / image.height)
    if scale >= 1:
        return image
    size = (round(image.width * scale), round(image.height * scale))
    return image.resize(size, PILImage.Resampling.LANCZOS)


def _crop_box(size: tuple[int, int], aspect: float, zoom: float, pan_x: float, pan_y: float):
    """The source rectangle for one frame: the largest rectangle of the frame's aspect in the
    still, shrunk by zoom, drifted by pan (a fraction of the free margin) from the centre."""
    sw, sh = size
    cw = min(sw, sh * aspect) / zoom
    ch = cw / aspect
    cx = sw / 2 + pan_x * (sw - cw) / 2
    cy = sh / 2 + pan_y * (sh - ch) / 2
    return (cx - cw / 2, cy - ch / 2, cx + cw / 2, cy + ch / 2)
