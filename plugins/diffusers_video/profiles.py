"""What each video model family needs: pipeline classes, frame rate, lengths and size steps.

Read from the loaded pipeline's own config where it says so (VAE strides, patch sizes,
channel counts); rates and native lengths are what each model card publishes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any


@dataclass(frozen=True)
class Profile:
    family: str  # "wan" | "ltx" | "cogvideox"
    text_class: str | None  # diffusers class for text → video; None: these weights cannot
    image_class: str | None  # diffusers class for image → video (and continuation)
    fps: Fraction
    native_frames: int
    native_area: int  # pixels per frame the model was trained at
    size_multiple: int  # width and height must be multiples of this
    frame_multiple: int  # clip lengths are frame_multiple·n + 1
    call_kwargs: dict[str, Any] = field(default_factory=dict)
    # The widest or tallest frame its position encoding reaches (None: no known limit);
    # past it the transformer fails with a bare shape error.
    largest_side: int | None = None


def profile_of(pipe: Any) -> Profile:
    """The profile of a loaded pipeline; ValueError for a family this plugin does not run."""
    name = type(pipe).__name__
    if name.startswith("Wan"):
        return _wan(pipe)
    if name.startswith("LTX"):
        return _ltx(pipe)
    if name.startswith("CogVideoX"):
        return _cogvideox(pipe)
    raise ValueError(f"{name} is not a video pipeline diffusers.video runs (Wan, LTX, CogVideoX)")


def _wan(pipe: Any) -> Profile:
    z_dim = pipe.vae.config.z_dim
    channels = pipe.transformer.config.in_channels
    ti2v = bool(pipe.config.get("expand_timesteps"))  # Wan 2.2 TI2V: one model, both modes
    # The I2V checkpoints take the picture as extra input channels; T2V ones only latents.
    text = "WanPipeline" if channels == z_dim else None
    image = "WanImageToVideoPipeline" if ti2v or channels != z_dim else None
    # The 48-channel VAE is Wan 2.2 TI2V's (24 fps, 121 frames at 1280×704); the 16-channel
    # one is Wan 2.1's and Wan 2.2 A14B's (16 fps, 81 frames at 832×480).
    big = z_dim == 48
    return Profile(
        family="wan",
        text_class=text,
        image_class=image,
        fps=Fraction(24 if big else 16),
        native_frames=121 if big else 81,
        native_area=1280 * 704 if big else 832 * 480,
        size_multiple=pipe.vae_scale_factor_spatial * pipe.transformer.config.patch_size[1],
        frame_multiple=pipe.vae_scale_factor_temporal,
        largest_side=_rope_reach(pipe),
    )


def _rope_reach(pipe: Any) -> int | None:
    """Wan's rotary position table has `rope_max_seq_len` places along each axis, one per
    latent patch: the largest side in pixels is that many patches."""
    places = pipe.transformer.config.get("rope_max_seq_len")
    if not places:
        return None
    return int(places) * pipe.vae_scale_factor_spatial * pipe.transformer.config.patch_size[1]


def _ltx(pipe: Any) -> Profile:
    return Profile(
        family="ltx",
        text_class="LTXPipeline",
        image_class="LTXImageToVideoPipeline",
        fps=Fraction(24),
        native_frames=121,
        native_area=768 * 512,
        size_multiple=pipe.vae_spatial_compression_ratio * pipe.transformer.config.patch_size,
        frame_multiple=pipe.vae_temporal_compression_ratio,
        # LTX is conditioned on the frame rate; the decode noise is what its model card uses.
        call_kwargs={"frame_rate": 24, "decode_timestep": 0.03, "decode_noise_scale": 0.025},
    )


def _cogvideox(pipe: Any) -> Profile:
    latent = pipe.vae.config.latent_channels
    channels = pipe.transformer.config.in_channels
    v15 = bool(pipe.transformer.config.get("patch_size_t"))  # CogVideoX 1.5 patches time too
    return Profile(
        family="cogvideox",
        text_class="CogVideoXPipeline" if channels == latent else None,
        image_class="CogVideoXImageToVideoPipeline" if channels == 2 * latent else None,
        fps=Fraction(16 if v15 else 8),
        native_frames=81 if v15 else 49,
        native_area=1360 * 768 if v15 else 720 * 480,
        size_multiple=pipe.vae_scale_factor_spatial * pipe.transformer.config.patch_size,
        frame_multiple=pipe.vae_scale_factor_temporal,
    )
