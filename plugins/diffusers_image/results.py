"""Turn a pipeline's float images into takes, refusing NaN and all-black results."""

from __future__ import annotations

import numpy as np

from studio.plugins.api import Image

# Below half a step of 8-bit: the PNG would be pure black.
BLACK_LEVEL = 0.5 / 255


class BadImageError(RuntimeError):
    """Every image of a run was NaN or black; the message says which and what to try."""


def problem(image: np.ndarray, nsfw: bool = False) -> str | None:
    """Why this [H, W, 3] float image in [0, 1] cannot be a take, or None if it can."""
    if not np.isfinite(image).all():
        return "NaN pixels (a numeric overflow: try dtype bfloat16 or float32)"
    if float(image.max()) <= BLACK_LEVEL:
        if nsfw:
            return "an all-black image (blanked by the model's safety checker)"
        return "an all-black image (often a numeric overflow: try dtype bfloat16 or float32)"
    return None


def to_takes(images: np.ndarray, seeds: list[int], nsfw: list[bool] | None, log) -> Image:
    """Keep the good images of a batch; raise BadImageError when none is good."""
    from PIL import Image as PILImage

    good, good_seeds, reasons = [], [], []
    for index, image in enumerate(images):
        reason = problem(image, bool(nsfw and nsfw[index]))
        if reason is None:
            good.append(PILImage.fromarray((image * 255).round().astype(np.uint8)))
            good_seeds.append(seeds[index])
        else:
            reasons.append(reason)
            log.warning("seed %d gave %s; dropped", seeds[index], reason)
    if not good:
        what = reasons[0] if len(set(reasons)) == 1 else "; ".join(sorted(set(reasons)))
        raise BadImageError(f"the model returned {what}")
    return Image(good[0], variations=tuple(good[1:]), seeds=tuple(good_seeds))
