"""example.plasma: seeded plasma backdrops, an example third-party Storyreel generator.

Written against `studio.plugins.api` only, like any third-party plugin. It makes an
image in `steps` refinement passes so it can show what every generator should do:
report progress, offer previews and check for cancel once per step.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from studio.plugins.api import Context, Generator, Image, Kind, Request

PALETTES = {
    "dusk": ((0.10, 0.05, 0.20), (0.95, 0.45, 0.30)),
    "sea": ((0.00, 0.08, 0.15), (0.30, 0.80, 0.85)),
    "ember": ((0.08, 0.02, 0.00), (1.00, 0.70, 0.20)),
}


class PlasmaParams(BaseModel):
    steps: int = Field(8, ge=1, le=64, description="Refinement passes (each adds finer detail)")
    palette: Literal["dusk", "sea", "ember"] = Field("dusk", description="Colour scheme")
    contrast: float = Field(1.0, ge=0.2, le=3.0, description="Contrast of the pattern")


class PlasmaBackdrop(Generator):
    id = "example.plasma"
    name = "Plasma backdrop (example plugin, no model)"
    version = "0.1.0"
    output = Kind.IMAGE
    Params = PlasmaParams
    api_version = "1.0"

    def generate(self, request: Request, ctx: Context) -> Image:
        from PIL import Image as PILImage

        p: PlasmaParams = request.params  # type: ignore[assignment]
        rng = np.random.default_rng(request.seed)
        y, x = np.mgrid[0 : 1 : request.height * 1j, 0 : 1 : request.width * 1j]
        field = np.zeros((request.height, request.width))
        for step in range(p.steps):
            ctx.check_cancelled()  # once per step: cancel takes effect within one step
            frequency = 2.0 * 1.6**step
            angle, phase = rng.uniform(0, 2 * np.pi, size=2)
            field += np.sin(
                frequency * (x * np.cos(angle) + y * np.sin(angle)) * 2 * np.pi + phase
            ) / (step + 1)
            ctx.progress((step + 1) / p.steps, f"pass {step + 1}/{p.steps}")
            if step % 4 == 3:
                ctx.preview(_colour(field, p))
        return Image(PILImage.fromarray(_colour(field, p), "RGB"))


def _colour(field: np.ndarray, p: PlasmaParams) -> np.ndarray:
    low, high = (np.array(c) for c in PALETTES[p.palette])
    t = 1 / (1 + np.exp(-p.contrast * field / (field.std() + 1e-9)))
    return ((low + (high - low) * t[..., None]) * 255).astype(np.uint8)
