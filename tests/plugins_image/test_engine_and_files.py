"""The plugin as the app runs it: discovered, run by the engine, loading and refusing files."""

from __future__ import annotations

import pytest

from plugins.diffusers_image import DiffusersImage
from plugins.diffusers_image.params import DiffusersImageParams
from studio.engine import Engine
from studio.engine.discovery import discover
from studio.engine.jobs import EventKind, JobState
from studio.engine.provenance import read_provenance
from studio.plugins.api import Request
from studio.testing import sd_single_file_config

from .conftest import Recorder


@pytest.fixture
def engine():
    with Engine(devices=["cpu"], memory_budget=None, cpu_threads=1) as eng:
        yield eng


def submit(engine, tmp_path, **params):
    request = Request(prompt="fog", params=DiffusersImageParams(**params), width=64, height=64)
    job = engine.submit(DiffusersImage, request, media_dir=tmp_path / "media")
    assert job.wait(120)
    return job


def test_discovery_finds_the_plugin_in_the_repo(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_SETTINGS", str(tmp_path / "settings.json"))
    registry = discover(user_dirs=[], entry_points=False)
    record = registry.record("diffusers.image")
    assert record is not None and record.status == "loaded", record and record.error


def test_a_take_through_the_engine_is_written_with_its_provenance(engine, tiny_sd, tmp_path):
    events = []
    engine.subscribe(lambda e: events.append(e.kind))
    job = submit(engine, tmp_path, model=str(tiny_sd), steps=3, preview_interval_ms=0)
    assert job.state is JobState.DONE, job.error
    assert job.path.suffix == ".png" and job.path.parent == tmp_path / "media"
    provenance = read_provenance(job.path)
    assert provenance.generator == "diffusers.image" and provenance.model == str(tiny_sd)
    assert events.count(EventKind.PROGRESS) >= 3 and events.count(EventKind.PREVIEW) == 3
    assert engine.lanes[0].cache.used > 0  # the loaded weights are counted in the budget


def test_an_invalid_model_path_fails_the_job_with_one_line(engine, tmp_path):
    job = submit(engine, tmp_path, model=str(tmp_path / "nowhere" / "model.safetensors"))
    assert job.state is JobState.FAILED
    assert job.error.startswith("model not found:") and "\n" not in job.error
    assert not (tmp_path / "media").exists()


def test_a_pickle_checkpoint_fails_the_job_unless_allowed(engine, tiny_pickle_checkpoint, tmp_path):
    job = submit(engine, tmp_path, model=str(tiny_pickle_checkpoint))
    assert job.state is JobState.FAILED and "pickle checkpoint" in job.error


def test_a_single_safetensors_file_loads_with_its_configs(generator, tiny_sd_single_file):
    config = sd_single_file_config(tiny_sd_single_file)
    params = DiffusersImageParams(
        model=str(tiny_sd_single_file), single_file_config=str(config), steps=2
    )
    recorder = Recorder()
    output = generator.generate(
        Request(prompt="fog", params=params, width=64, height=128), recorder.context()
    )
    assert output.image.size == (64, 128) and recorder.steps[-1] == "step 2/2"
    assert generator.loaded.key[0].kind == "file"


def test_a_single_file_without_cached_configs_is_not_downloaded(
    generator, tiny_sd_single_file, tmp_path, monkeypatch
):
    import huggingface_hub.constants

    # An empty cache, whatever this machine has downloaded before.
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path))
    params = DiffusersImageParams(model=str(tiny_sd_single_file), steps=2)
    with pytest.raises(ValueError, match="not cached; set single_file_config"):
        generator.generate(Request(params=params, width=64, height=64), Recorder().context())
