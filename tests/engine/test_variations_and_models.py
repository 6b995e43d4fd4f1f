"""API 1.1: image variations written as takes of their own; one cache entry per model."""

from __future__ import annotations

from PIL import Image as PILImage
from pydantic import BaseModel

from studio.engine import Engine
from studio.engine.provenance import read_provenance
from studio.plugins.api import Context, Generator, Image, Kind, Request


class Batch(Generator):
    id = "test.batch"
    name = "Batch"
    output = Kind.IMAGE

    def generate(self, request, ctx):
        colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
        images = [PILImage.new("RGB", (8, 8), c) for c in colours]
        seeds = tuple(request.seed + i for i in range(3))
        return Image(images[0], variations=tuple(images[1:]), seeds=seeds)


class ModelParams(BaseModel):
    model: str = "a"


class PerModel(Generator):
    id = "test.per-model"
    name = "Per model"
    output = Kind.IMAGE
    Params = ModelParams
    loads: list[str] = []

    def load(self, ctx: Context) -> None:
        self.model_name = ctx.request.params.model
        PerModel.loads.append(self.model_name)

    def generate(self, request, ctx):
        assert request.params.model == self.model_name  # never handed another model's weights
        return Image(PILImage.new("RGB", (4, 4)))


def test_each_variation_becomes_a_take_with_its_seed(tmp_path):
    engine = Engine(devices=["cpu"])
    try:
        job = engine.submit(Batch, Request(prompt="p", seed=40), media_dir=tmp_path)
        job.wait(30)
    finally:
        engine.close()
    assert job.state.value == "done", job.error
    assert len(job.paths) == 3 and job.path == job.paths[0]
    colours = [PILImage.open(p).getpixel((0, 0)) for p in job.paths]
    assert colours == [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    assert [read_provenance(p).seed for p in job.paths] == [40, 41, 42]


def test_a_model_param_gets_its_own_cache_entry(tmp_path):
    PerModel.loads = []
    engine = Engine(devices=["cpu"])
    try:
        for model in ["a", "b", "a", "b"]:
            job = engine.submit(PerModel, Request(params=ModelParams(model=model)))
            job.wait(30)
            assert job.state.value == "done", job.error
        loaded = engine.lanes[0].cache.loaded
    finally:
        engine.close()
    assert PerModel.loads == ["a", "b"]  # each model loaded once, then reused
    assert sorted(loaded) == ["test.per-model@a", "test.per-model@b"]
