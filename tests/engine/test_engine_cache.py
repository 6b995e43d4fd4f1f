"""The model cache: memory budget, least-recently-used eviction, and out-of-memory recovery."""

from __future__ import annotations

import pytest

from studio.engine import Engine, JobState
from studio.engine.cache import ModelCache
from studio.plugins.api import Context, Generator, Kind, Request, Text
from tests.engine.engine_fakes import RunsOutOfMemory, sized


def use(cache: ModelCache, cls: type[Generator]) -> Generator:
    return cache.acquire(cls, Context())


def test_loading_past_the_budget_unloads_the_least_recently_used():
    journal: list[str] = []
    a, b, c = (sized(f"t.{n}", 40, journal) for n in "abc")
    cache = ModelCache(budget=100)
    use(cache, a)
    use(cache, b)
    use(cache, a)  # a is now the most recently used
    use(cache, c)
    assert journal == ["load t.a", "load t.b", "unload t.b", "load t.c"]
    assert cache.loaded == ["t.a", "t.c"]
    assert cache.used == 80


def test_a_cached_generator_is_reused_not_reloaded():
    journal: list[str] = []
    a = sized("t.a", 10, journal)
    cache = ModelCache(budget=100)
    assert use(cache, a) is use(cache, a)
    assert journal == ["load t.a"]


def test_an_estimate_measured_in_load_counts_and_evicts_others():
    journal: list[str] = []
    small = sized("t.small", 30, journal)

    class GrowsOnLoad(Generator):
        id = "t.grows"
        name = "grows"
        output = Kind.TEXT

        def load(self, ctx):
            self.memory_estimate = 90  # known only once the weights are in

        def generate(self, request, ctx):
            return Text("")

    cache = ModelCache(budget=100)
    use(cache, small)
    use(cache, GrowsOnLoad)
    assert cache.loaded == ["t.grows"] and journal == ["load t.small", "unload t.small"]


def test_a_model_loaded_lazily_in_generate_is_counted_after_its_job():
    journal: list[str] = []
    first = sized("t.first", 30, journal)

    class LoadsInGenerate(Generator):
        id = "t.lazy"
        name = "lazy"
        output = Kind.TEXT

        def generate(self, request, ctx):
            self.memory_estimate = 90  # the model is a parameter, loaded on first use
            return Text("")

    with Engine(devices=["cpu"], memory_budget=100) as engine:
        assert engine.submit(first).wait(10)
        assert engine.submit(LoadsInGenerate).wait(10)
        assert engine.lanes[0].cache.loaded == ["t.lazy"]
    assert journal[:2] == ["load t.first", "unload t.first"]


def test_a_generator_bigger_than_the_budget_still_loads_alone():
    journal: list[str] = []
    cache = ModelCache(budget=100)
    use(cache, sized("t.a", 50, journal))
    use(cache, sized("t.huge", 500, journal))
    assert cache.loaded == ["t.huge"]


def test_a_failed_load_is_not_cached_and_is_unloaded():
    unloaded = []

    class FailsToLoad(Generator):
        id = "t.fails"
        name = "fails"
        output = Kind.TEXT

        def load(self, ctx):
            raise OSError("weights not found")

        def generate(self, request, ctx):
            return Text("")

        def unload(self):
            unloaded.append(True)

    cache = ModelCache(budget=None)
    with pytest.raises(OSError):
        use(cache, FailsToLoad)
    assert "t.fails" not in cache and unloaded == [True]


def test_the_engine_keeps_each_lane_within_its_budget():
    journal: list[str] = []
    a, b = sized("t.a", 60, journal), sized("t.b", 60, journal)
    with Engine(devices=["cpu"], memory_budget=100) as engine:
        for cls in (a, b, a):
            assert engine.submit(cls).wait(10)
        assert engine.lanes[0].cache.loaded == ["t.a"]
    assert journal == ["load t.a", "unload t.a", "load t.b", "unload t.b", "load t.a", "unload t.a"]


@pytest.mark.parametrize("error", [None, MemoryError])
def test_out_of_memory_unloads_the_model_fails_the_job_and_the_engine_goes_on(error):
    RunsOutOfMemory.error = error or RunsOutOfMemory.error
    RunsOutOfMemory.unloads, RunsOutOfMemory.fail = 0, True
    with Engine(devices=["cpu"], memory_budget=100) as engine:
        job = engine.submit(RunsOutOfMemory, Request())
        assert job.wait(10)
        assert job.state is JobState.FAILED
        assert job.error.startswith("out of memory on cpu running test.oom; its model was unloaded")
        assert RunsOutOfMemory.unloads == 1
        assert "test.oom" not in engine.lanes[0].cache
        RunsOutOfMemory.fail = False
        again = engine.submit(RunsOutOfMemory, Request())
        assert again.wait(10) and again.state is JobState.DONE
