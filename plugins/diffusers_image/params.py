"""The parameters of the diffusers.image generator, with bounds and descriptions for the UI form."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from studio.plugins.api import model_source

DEFAULT_MODEL = "stable-diffusion-v1-5/stable-diffusion-v1-5"

Scheduler = Literal[
    "default", "ddim", "euler", "euler-ancestral", "dpm++2m", "dpm++2m-karras", "unipc", "pndm"
]
Choice = Literal["auto", "on", "off"]


class DiffusersImageParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field(
        DEFAULT_MODEL,
        min_length=1,
        description="An installed Hugging Face repo id, a local diffusers folder, or a single "
        ".safetensors checkpoint (Generate > Models… downloads and adds them)",
        json_schema_extra={"models_for": "diffusers.image"},
    )
    single_file_config: str = Field(
        "",
        description="For a single-file checkpoint: the folder or repo id with its pipeline "
        "configs; empty lets diffusers infer the base model",
    )
    steps: int = Field(25, ge=1, le=200, description="Denoising steps")
    guidance: float = Field(
        7.5, ge=0.0, le=30.0, description="Classifier-free guidance scale (1 turns it off)"
    )
    strength: float = Field(
        0.6,
        gt=0.0,
        le=1.0,
        description="Image to image: how far to move from the input frame (1 ignores it)",
    )
    ip_adapter: str = Field(
        "",
        description="An IP-Adapter for this model, through which the references of the shot's "
        "cast and places steer the picture: its .safetensors file (with image_encoder/ beside "
        "it), a folder holding both, or repo/subfolder/file.safetensors; empty: the main "
        "reference is the image-to-image input instead",
    )
    ip_adapter_scale: float = Field(
        0.6, ge=0.0, le=2.0, description="How strongly the references steer the picture"
    )
    scheduler: Scheduler = Field("default", description="The sampler; default: the model's own")
    variations: int = Field(
        1, ge=1, le=8, description="Images per run, with seeds seed, seed+1, ... (one batch)"
    )
    dtype: Literal["auto", "float16", "bfloat16", "float32"] = Field(
        "auto", description="auto: float16/bfloat16 on a GPU, float32 on the CPU"
    )
    offload: Literal["auto", "none", "model", "sequential"] = Field(
        "auto",
        description="Keep weights in system memory and move each model to the GPU only while "
        "it runs (model), or layer by layer (sequential: slowest, least memory); auto: from "
        "free GPU memory",
    )
    vae_tiling: Choice = Field("auto", description="Decode large images in tiles (less memory)")
    vae_slicing: Choice = Field("auto", description="Decode a batch one image at a time")
    attention_slicing: Choice = Field(
        "auto", description="Compute attention in slices (less memory, slower)"
    )
    previews: bool = Field(True, description="Show a rough preview while denoising")
    preview_interval_ms: int = Field(
        250, ge=0, le=10_000, description="Least time between two previews"
    )
    allow_pickle: bool = Field(
        False,
        description="Load pickle checkpoints (.ckpt, .bin, .pt), which can run code when "
        "opened: only for files you trust",
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_retired(cls, data):
        return model_source.without_retired(data)  # settings saved with allow_download load
