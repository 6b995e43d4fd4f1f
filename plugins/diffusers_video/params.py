"""The parameters of diffusers.video, as the UI form and `--param` show them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from studio.plugins.api import model_source

DEFAULT_MODEL = "Wan-AI/Wan2.2-TI2V-5B-Diffusers"


class VideoParams(BaseModel):
    model_config = ConfigDict(extra="forbid", protected_namespaces=())

    model: str = Field(
        DEFAULT_MODEL,
        description="An installed Hugging Face repo id or a local model folder "
        "(Generate > Models… downloads and adds them)",
        json_schema_extra={"models_for": "diffusers.video"},
    )
    frames: int | None = Field(
        None, ge=1, description="Frames at the project rate; empty: the shot's duration"
    )
    model_fps: float | None = Field(
        None, gt=0, le=120, description="Rate the model generates at; empty: its native rate"
    )
    width: int | None = Field(
        None, ge=16, le=4096, description="Empty: the project's aspect at the model's own size"
    )
    height: int | None = Field(None, ge=16, le=4096, description="Empty: as for width")
    segment_frames: int | None = Field(
        None, ge=2, description="Longest segment before continuing; empty: the model's native"
    )
    steps: int = Field(30, ge=1, le=200, description="Denoising steps per segment")
    guidance: float = Field(5.0, ge=0.0, le=20.0, description="Classifier-free guidance scale")
    time_resample: Literal["nearest", "blend"] = Field(
        "nearest", description="How model frames map to project frames when the rates differ"
    )
    cpu_offload: Literal["none", "model", "sequential"] = Field(
        "none", description="Keep weights in RAM: model (some slower), sequential (much slower)"
    )
    vae_tiling: bool = Field(False, description="Decode in tiles: less memory at large sizes")
    precision: Literal["auto", "bfloat16", "float16", "float32"] = Field(
        "auto", description="auto: bfloat16 on a GPU, float32 on the CPU"
    )
    preview_every_s: float = Field(
        2.0, ge=0.0, description="Seconds between preview frames (0: none)"
    )

    @model_validator(mode="before")
    @classmethod
    def _drop_retired(cls, data):
        return model_source.without_retired(data)  # settings saved with allow_download load
