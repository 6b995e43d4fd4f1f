"""Per-step reporting inside a pipeline call: progress, a throttled preview frame, and cancel."""

from __future__ import annotations

import time
from typing import Any

from studio.plugins.api import Context

PREVIEW_WIDTH = 320  # the panel shows a thumbnail; smaller pictures cross threads cheaply


class StepReporter:
    """The `callback_on_step_end` of every segment of one job.

    Cancel raises from inside the step (diffusers lets the exception through and the
    pipeline stays usable), so a cancel takes effect within one denoising step.
    """

    def __init__(self, ctx: Context, total_steps: int, preview_every_s: float) -> None:
        self.ctx = ctx
        self.total = total_steps
        self.done = 0
        self.label = ""
        self.preview_every_s = preview_every_s
        self.previews = 0
        self._last_preview = time.monotonic()  # the first preview waits one interval too

    def __call__(self, pipe: Any, step: int, timestep: Any, tensors: dict) -> dict:
        self.ctx.check_cancelled()
        self.done += 1
        self.ctx.progress(self.done / self.total, f"{self.label}step {step + 1}")
        now = time.monotonic()
        due = self.preview_every_s > 0 and now - self._last_preview >= self.preview_every_s
        if due and "latents" in tensors:
            picture = preview_picture(pipe, tensors["latents"])
            if picture is not None:
                self.ctx.preview(picture)
                self.previews += 1
            self._last_preview = time.monotonic()  # the decode's own time is not the interval
        return {}


def preview_picture(pipe: Any, latents: Any):
    """A middle frame of the clip so far, decoded alone (one latent frame through the VAE is a
    small fraction of the full decode); None for LTX and CogVideoX, whose latents this does not
    unpack."""
    import torch
    from PIL import Image

    if not (type(pipe).__name__.startswith("Wan") and latents.ndim == 5):
        return None
    vae = pipe.vae
    middle = latents.shape[2] // 2
    z = latents[:, :, middle : middle + 1].to(vae.device, vae.dtype)
    shape = (1, vae.config.z_dim, 1, 1, 1)
    mean = torch.tensor(vae.config.latents_mean, device=z.device, dtype=z.dtype).view(shape)
    std = torch.tensor(vae.config.latents_std, device=z.device, dtype=z.dtype).view(shape)
    with torch.no_grad():
        frame = vae.decode(z * std + mean, return_dict=False)[0][0, :, 0]
    rgb = ((frame.float().clamp(-1, 1) + 1) * 127.5).round().byte().permute(1, 2, 0).cpu()
    picture = Image.fromarray(rgb.numpy())
    if picture.width > PREVIEW_WIDTH:
        height = max(1, round(picture.height * PREVIEW_WIDTH / picture.width))
        picture = picture.resize((PREVIEW_WIDTH, height))
    return picture
