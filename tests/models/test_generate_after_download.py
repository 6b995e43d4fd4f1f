"""A generation whose model is not installed is refused before it runs; once downloaded
(from the fake Hub) the same request generates, loading from the Hugging Face cache."""

from __future__ import annotations

import pytest

from studio.engine import Engine, JobState, discover
from studio.engine.models.download import Download, DownloadCancelled
from studio.engine.models.required import ModelNotInstalled
from studio.plugins.api import Request

REPO = "storyreel-tests/tiny-llama"


@pytest.fixture(scope="module")
def registry():
    return discover(user_dirs=[], entry_points=False)


def test_not_installed_is_refused_then_generates_once_downloaded(hub, registry, tiny_llama):
    cls = registry.get("text.llm")
    request = Request(prompt="INT. HARBOUR - NIGHT", params=cls.Params(model=REPO, max_tokens=4))
    with Engine(registry) as engine:
        with pytest.raises(ModelNotInstalled, match="is not installed: download it") as refused:
            engine.submit(cls, request)
        assert refused.value.model == REPO and refused.value.generator_id == "text.llm"

        hub.add_folder(REPO, tiny_llama)
        Download(REPO).run()
        job = engine.submit(cls, request)
        assert job.wait(120)
    assert job.state is JobState.DONE, job.error
    assert isinstance(job.output.text, str)


def test_a_partly_downloaded_model_says_so(hub, registry, tiny_llama):
    cls = registry.get("text.llm")
    hub.add_folder(REPO, tiny_llama)
    download = Download(REPO)
    download._report = lambda p: p.files_done >= 1 and download.cancel()
    with pytest.raises(DownloadCancelled):
        download.run()
    request = Request(prompt="x", params=cls.Params(model=REPO, max_tokens=2))
    with Engine(registry) as engine, pytest.raises(ModelNotInstalled, match="only partly"):
        engine.submit(cls, request)
