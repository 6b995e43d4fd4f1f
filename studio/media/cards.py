"""Pictures drawn from text: titles, a shot's placeholder card, the offline slate.

Text is wrapped to the frame and made smaller until it fits, so a long caption never runs
off an edge, in the viewer or in a render (both composite with studio.media.compose).
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from studio.media.decode import LRU

OFFLINE_RED = (120, 16, 16)
CARD_GREY = (38, 40, 46)

_CACHE: LRU[np.ndarray] = LRU(64)


def wrap(text: str, font, width: float) -> list[str]:
    """Lines of `text` no wider than `width` with `font` (a word longer than the width is
    cut); the text's own line breaks are kept."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for word in paragraph.split():
            while font.getlength(word) > width and len(word) > 1:
                cut = max(1, int(len(word) * width / font.getlength(word)))
                head, word = word[:cut], word[cut:]
                if line:
                    lines.append(line)
                    line = ""
                lines.append(head)
            candidate = f"{line} {word}".strip()
            if font.getlength(candidate) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def fitted_text(text: str, box: tuple[float, float], largest: int, smallest: int = 8):
    """(font, lines) for the largest size from `largest` down that fits `text` in `box`
    (width, height); at the smallest size the lines that fit, the last one ending in …"""
    width, height = box
    size = largest
    while True:
        font = ImageFont.load_default(size=size)
        lines = wrap(text, font, width)
        spacing = size * 1.2
        if len(lines) * spacing <= height or size <= smallest:
            break
        size = max(smallest, int(size * 0.85))
    most = max(1, int(height // (size * 1.2)))
    if len(lines) > most:
        lines = lines[:most]
        lines[-1] = lines[-1].rstrip() + "…"
    return font, lines


def title_picture(text: str, size: tuple[int, int]) -> np.ndarray:
    """A title in the lower third: white, outlined in black, centred, wrapped to the frame;
    RGBA, transparent around the ink."""
    key = ("title", text, size)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    width, height = size
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    font, lines = fitted_text(text, (width * 0.9, height * 0.3), max(8, height // 12))
    ImageDraw.Draw(canvas).multiline_text(
        (width / 2, height * 0.8),
        "\n".join(lines),
        fill=(255, 255, 255, 255),
        font=font,
        anchor="mm",
        align="center",
        stroke_width=max(1, height // 180),
        stroke_fill=(0, 0, 0, 255),
    )
    return _keep(key, canvas)


def placeholder_picture(heading: str, description: str, size: tuple[int, int]) -> np.ndarray:
    """A shot that has no frame yet: a grey card with its name at the top and what it shows
    in the middle, both wrapped and fitted; RGBA, opaque."""
    key = ("card", heading, description, size)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    width, height = size
    card = Image.new("RGBA", size, (*CARD_GREY, 255))
    draw = ImageDraw.Draw(card)
    margin = width * 0.06
    head_font, head = fitted_text(heading, (width - 2 * margin, height * 0.16), height // 14)
    draw.multiline_text(
        (width / 2, height * 0.06),
        "\n".join(head),
        fill=(170, 176, 190, 255),
        font=head_font,
        anchor="ma",
        align="center",
    )
    body = description or "(no description yet)"
    font, lines = fitted_text(body, (width - 2 * margin, height * 0.62), height // 9)
    draw.multiline_text(
        (width / 2, height * 0.58),
        "\n".join(lines),
        fill=(235, 235, 235, 255),
        font=font,
        anchor="mm",
        align="center",
    )
    draw.rectangle((0, 0, width - 1, height - 1), outline=(90, 94, 104, 255))
    return _keep(key, card)


def offline_picture(name: str, size: tuple[int, int]) -> np.ndarray:
    """What a clip whose file is missing shows: a red frame that names the media."""
    card = Image.new("RGBA", size, (*OFFLINE_RED, 255))
    font, lines = fitted_text(
        f"Media offline\n{name}", (size[0] * 0.9, size[1] * 0.8), size[1] // 16
    )
    ImageDraw.Draw(card).multiline_text(
        (size[0] / 2, size[1] / 2),
        "\n".join(lines),
        fill="white",
        font=font,
        anchor="mm",
        align="center",
    )
    return np.asarray(card)


def _keep(key: tuple, image: Image.Image) -> np.ndarray:
    pixels = np.asarray(image)
    pixels.setflags(write=False)
    _CACHE.put(key, pixels)
    return pixels
