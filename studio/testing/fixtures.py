"""Pytest fixtures that build each tiny model once per test session, for us and plugin authors.

Enable them in your conftest.py (the root one of your tests):

    pytest_plugins = ["studio.testing.fixtures"]

Every fixture is session-scoped and returns a `Path`; load it with the model's own
`from_pretrained(path)` (or `from_single_file`), exactly as a real model would be loaded:

    def test_my_generator(tiny_sd):
        pipe = StableDiffusionPipeline.from_pretrained(tiny_sd)

Fixtures: tiny_sd, tiny_sd_single_file (its configs in `sd_single_file_config(path)`),
tiny_pickle_checkpoint, tiny_clip, tiny_stable_audio, tiny_musicgen, tiny_musicgen_melody,
tiny_wan_t2v, tiny_wan_i2v, tiny_llama, tiny_llama_chat, tiny_vits. Models are built lazily: a test
session that uses none of them pays nothing.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from studio import testing as builders

# Set before any test imports huggingface_hub, which reads it only once.
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _built_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], Path]) -> Path:
    """Build into `<session tmp>/tiny-models/<name>` unless already there; return the folder.

    The folder is a function of the session's base temp dir, so a fixture registered twice
    (plugin and conftest import) still builds once. Building into a side folder and renaming
    it means a crashed build is never mistaken for a finished one.
    """
    root = factory.getbasetemp() / "tiny-models"
    target = root / name
    if not target.exists():
        partial = root / f"{name}.partial-{os.getpid()}"
        build(partial)
        partial.rename(target)
    return target


@pytest.fixture(scope="session")
def tiny_sd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny StableDiffusionPipeline folder (64x64 default, DDIM)."""
    return _built_once(tmp_path_factory, "sd", builders.build_tiny_sd)


@pytest.fixture(scope="session")
def tiny_sd_single_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny SD `.safetensors` in the original single-file layout; configs beside it."""
    folder = _built_once(
        tmp_path_factory,
        "sd-single-file",
        lambda folder: builders.build_tiny_sd_single_file(folder / "tiny-sd.safetensors").parent,
    )
    return folder / "tiny-sd.safetensors"


@pytest.fixture(scope="session")
def tiny_pickle_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small pickle `.ckpt`, which loaders must refuse unless the user allows pickles."""
    folder = _built_once(
        tmp_path_factory,
        "pickle-checkpoint",
        lambda folder: builders.build_pickle_checkpoint(folder / "tiny.ckpt").parent,
    )
    return folder / "tiny.ckpt"


@pytest.fixture(scope="session")
def tiny_ip_adapter(tmp_path_factory: pytest.TempPathFactory, tiny_sd: Path) -> Path:
    """The weight file of a tiny IP-Adapter for `tiny_sd` (its image encoder beside it)."""
    return (
        _built_once(
            tmp_path_factory,
            "ip-adapter",
            lambda folder: builders.build_tiny_ip_adapter(folder, tiny_sd).parent,
        )
        / builders.IP_ADAPTER_FILE
    )


@pytest.fixture(scope="session")
def tiny_clip(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny CLIPModel + CLIPProcessor folder (32x32 images, 16-wide embeddings)."""
    return _built_once(tmp_path_factory, "clip", builders.build_tiny_clip)


@pytest.fixture(scope="session")
def tiny_stable_audio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny StableAudioPipeline folder (stereo, 8 kHz, at most 2.048 s)."""
    return _built_once(tmp_path_factory, "stable-audio", builders.build_tiny_stable_audio)


@pytest.fixture(scope="session")
def tiny_musicgen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny MusicGen + processor folder (mono, 16 kHz, 50 tokens per second)."""
    return _built_once(tmp_path_factory, "musicgen", builders.build_tiny_musicgen)


@pytest.fixture(scope="session")
def tiny_musicgen_melody(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny MusicGen-Melody folder (mono, 16 kHz, 50 tokens per second, chroma at 16 kHz)."""
    return _built_once(tmp_path_factory, "musicgen-melody", builders.build_tiny_musicgen_melody)


@pytest.fixture(scope="session")
def tiny_wan_t2v(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny WanPipeline (text to video) folder."""
    return _built_once(tmp_path_factory, "wan-t2v", builders.build_tiny_wan_t2v)


@pytest.fixture(scope="session")
def tiny_wan_i2v(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny WanImageToVideoPipeline folder (Wan 2.2 TI2V layout; needs `ftfy`)."""
    return _built_once(tmp_path_factory, "wan-i2v", builders.build_tiny_wan_i2v)


@pytest.fixture(scope="session")
def tiny_llama(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny LlamaForCausalLM + BPE tokenizer folder, without a chat template."""
    return _built_once(tmp_path_factory, "llama", builders.build_tiny_llama)


@pytest.fixture(scope="session")
def tiny_llama_chat(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny Llama with a chat template on its tokenizer."""
    return _built_once(
        tmp_path_factory,
        "llama-chat",
        lambda folder: builders.build_tiny_llama(folder, chat_template=True),
    )


@pytest.fixture(scope="session")
def tiny_vits(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny multi-speaker VitsModel + character tokenizer folder (16 kHz, 4 speakers)."""
    return _built_once(tmp_path_factory, "vits", builders.build_tiny_vits)
