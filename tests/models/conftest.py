"""A fake Hugging Face Hub on 127.0.0.1 for the download tests, and a private HF cache."""

from __future__ import annotations

import pytest

from studio.testing.hub_server import FakeHub


@pytest.fixture
def hf_home(tmp_path, monkeypatch):
    """A fresh HF cache (and no token) for one test, for us and for the model loaders."""
    import huggingface_hub.constants

    home = tmp_path / "hf"
    monkeypatch.setenv("HF_HOME", str(home))
    for name in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_TOKEN", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    # huggingface_hub read the variables at import: move its cache too.
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(home / "hub"))
    monkeypatch.setattr(huggingface_hub.constants, "HF_HOME", str(home))
    return home


@pytest.fixture
def hub(hf_home, monkeypatch):
    """A running fake hub, with HF_ENDPOINT pointed at it and downloads allowed."""
    import huggingface_hub.constants

    with FakeHub() as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        monkeypatch.setenv("HF_HUB_OFFLINE", "0")
        # huggingface_hub reads it once, at import: tell it directly too.
        monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", False)
        # It writes in 10 MB pieces: smaller ones let a 1 MB file stand in for a big one.
        monkeypatch.setattr(huggingface_hub.constants, "DOWNLOAD_CHUNK_SIZE", 64 * 1024)
        yield server
