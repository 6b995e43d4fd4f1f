"""Enables the tiny-model fixtures for these tests (a root conftest may enable them too)."""

from studio.testing.fixtures import (  # noqa: F401
    tiny_clip,
    tiny_llama,
    tiny_llama_chat,
    tiny_musicgen,
    tiny_pickle_checkpoint,
    tiny_sd,
    tiny_sd_single_file,
    tiny_stable_audio,
    tiny_wan_i2v,
    tiny_wan_t2v,
)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: builds or runs a model for over a second on CPU")
