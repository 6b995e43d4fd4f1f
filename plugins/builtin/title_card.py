"""builtin.title-card: a title or slate card drawn with Pillow (text → image, no model)."""

from __future__ import annotations

import textwrap
from typing import Literal

from pydantic import BaseModel, Field

from studio.plugins.api import Context, Generator, Image, Kind, Request


class TitleCardParams(BaseModel):
    style: Literal["title", "slate", "caption"] = Field(
        "title",
        description="title: centred large text; slate: a production slate with the "
        "secondary line; caption: lower-third text",
    )
    subtitle: str = Field("", max_length=200, description="A second, smaller line of text")
    background: str = Field(
        "#101418", pattern=r"^#[0-9a-fA-F]{6}$", description="Background colour (#rrggbb)"
    )
    foreground: str = Field(
        "#f2f0e8", pattern=r"^#[0-9a-fA-F]{6}$", description="Text colour (#rrggbb)"
    )
    text_scale: float = Field(
        0.09, ge=0.02, le=0.3, description="Title text height as a fraction of image height"
    )
    vignette: float = Field(0.35, ge=0.0, le=1.0, description="Darkening towards the edges")


class TitleCard(Generator):
    id = "builtin.title-card"
    name = "Title card (built-in, no model)"
    version = "1.0.0"
    output = Kind.IMAGE
    Params = TitleCardParams
    runs_on = "cpu"

    def generate(self, request: Request, ctx: Context) -> Image:
        from PIL import ImageDraw

        p: TitleCardParams = request.params  # type: ignore[assignment]
        width, height = request.width, request.height
        canvas = _background(width, height, p.background, p.vignette)
        ctx.progress(0.3, "background")
        ctx.check_cancelled()
        draw = ImageDraw.Draw(canvas)
        title_size = max(8, round(height * p.text_scale))
        lines = _wrap(request.prompt or " ", title_size, width)
        if p.style == "slate":
            lines = [line.upper() for line in lines]
        title_font = _font(title_size)
        sub_font = _font(max(6, round(title_size * 0.45)))
        line_height = round(title_size * 1.2)
        block = line_height * len(lines) + (round(title_size * 0.9) if p.subtitle else 0)
        top = {"caption": round(height * 0.8) - block, "slate": round(height * 0.18)}.get(
            p.style, (height - block) // 2
        )
        for index, line in enumerate(lines):
            draw.text(
                (width / 2, top + index * line_height),
                line,
                font=title_font,
                fill=p.foreground,
                anchor="ma",
            )
        if p.subtitle:
            draw.text(
                (width / 2, top + len(lines) * line_height + title_size * 0.3),
                p.subtitle,
                font=sub_font,
                fill=p.foreground,
                anchor="ma",
            )
        if p.style == "slate":
            _slate_rules(draw, width, height, p.foreground)
        ctx.progress(1.0, "done")
        return Image(canvas)


def _background(width: int, height: int, colour: str, vignette: float):
    import numpy as np
    from PIL import Image as PILImage

    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.float32)
    y, x = np.ogrid[-1 : 1 : height * 1j, -1 : 1 : width * 1j]
    falloff = 1.0 - vignette * np.clip((x * x + y * y) / 2.0, 0.0, 1.0)
    pixels = (rgb * falloff[..., None]).clip(0, 255).astype(np.uint8)
    return PILImage.fromarray(pixels, "RGB")


def _font(size: int):
    from PIL import ImageFont

    # Pillow ≥ 10.1 ships a scalable default font; no system font is assumed.
    return ImageFont.load_default(size=size)


def _wrap(text: str, size: int, width: int) -> list[str]:
    # Average glyph of the default font is about 0.55 em wide; keep a margin of 10% each side.
    columns = max(4, int(width * 0.8 / (size * 0.55)))
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, columns) or [""]
    return lines[:6]


def _slate_rules(draw, width: int, height: int, colour: str) -> None:
    margin = round(min(width, height) * 0.06)
    thickness = max(1, height // 180)
    draw.rectangle(
        [margin, margin, width - margin, height - margin], outline=colour, width=thickness
    )
    draw.line([margin, height * 0.62, width - margin, height * 0.62], fill=colour, width=thickness)
