"""Tiny random-weight model builders for tests: no network, seeded, loaded like real models.

Each `build_tiny_<x>(folder, seed=0) -> Path` saves a model with `save_pretrained` so it loads
back through the same `from_pretrained(folder)` call a real download takes. torch, diffusers
and transformers are imported inside the builders, so importing this package is cheap.

Pytest fixtures that build each model once per session live in `studio.testing.fixtures`;
enable them in a conftest.py with `pytest_plugins = ["studio.testing.fixtures"]`.
"""

from studio.testing.audio_models import (
    build_tiny_musicgen,
    build_tiny_musicgen_melody,
    build_tiny_stable_audio,
)
from studio.testing.checkpoints import (
    build_pickle_checkpoint,
    build_tiny_sd_single_file,
    sd_single_file_config,
)
from studio.testing.image_models import (
    IP_ADAPTER_FILE,
    build_tiny_clip,
    build_tiny_ip_adapter,
    build_tiny_sd,
)
from studio.testing.speech_models import build_tiny_vits
from studio.testing.text_models import build_tiny_llama
from studio.testing.video_models import build_tiny_wan_i2v, build_tiny_wan_t2v

__all__ = [
    "IP_ADAPTER_FILE",
    "build_pickle_checkpoint",
    "build_tiny_clip",
    "build_tiny_ip_adapter",
    "build_tiny_llama",
    "build_tiny_musicgen",
    "build_tiny_musicgen_melody",
    "build_tiny_sd",
    "build_tiny_sd_single_file",
    "build_tiny_stable_audio",
    "build_tiny_vits",
    "build_tiny_wan_i2v",
    "build_tiny_wan_t2v",
    "sd_single_file_config",
]
