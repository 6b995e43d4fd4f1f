"""The worker protocol's codecs: generators by reference, requests as JSON-able data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.engine.protocol import (
    UnreachableGenerator,
    generator_ref,
    request_from_wire,
    request_to_wire,
    resolve_ref,
)
from studio.plugins.api import Generator, Kind, Media, Request, Text
from studio.workflows.score.fit import FitSettings, fitted
from tests.engine.engine_fakes import RunsOutOfMemory, StepParams, Steps


def test_a_module_level_generator_is_found_by_reference():
    assert resolve_ref(generator_ref(Steps)) is Steps


def test_a_wrapper_class_made_at_run_time_is_made_again_from_its_recipe():
    settings = FitSettings(overlap=1.0)
    cls = fitted(RunsOutOfMemory, settings)
    ref = generator_ref(cls)
    assert ref["args"][1] == {"value": settings}
    again = resolve_ref(ref)
    assert again.id == cls.id == "test.oom+fit" and again.Params is cls.Params


def test_a_class_defined_inside_a_function_cannot_cross():
    class Local(Generator):
        id = "test.local"
        output = Kind.TEXT

        def generate(self, request, ctx):
            return Text("")

    with pytest.raises(UnreachableGenerator, match="test.local is defined inside a function"):
        generator_ref(Local)


def test_a_folder_plugin_imported_under_a_made_up_name_is_found_by_its_file():
    from studio.engine.discovery import discover

    cls = discover(entry_points=False, user_dirs=[]).get("builtin.title-card")
    ref = generator_ref(cls)
    assert ref["module"].startswith("storyreel_plugins_repo_builtin_")
    assert Path(ref["origin"]).name == "__init__.py" and ref["package"]
    assert resolve_ref(ref) is cls  # here: already imported


media = st.builds(
    Media,
    kind=st.sampled_from(list(Kind)),
    path=st.none() | st.text(min_size=1, max_size=20).map(Path),
    text=st.none() | st.text(max_size=20),
    role=st.text(max_size=10),
)


@given(
    prompt=st.text(max_size=50),
    seed=st.integers(0, 2**32),
    size=st.tuples(st.integers(1, 4096), st.integers(1, 4096)),
    duration=st.floats(0.01, 600, allow_nan=False),
    steps=st.integers(1, 1000),
    inputs=st.lists(media, max_size=3).map(tuple),
)
def test_a_request_survives_the_wire_as_json(prompt, seed, size, duration, steps, inputs):
    request = Request(
        prompt=prompt,
        params=StepParams(steps=steps),
        seed=seed,
        width=size[0],
        height=size[1],
        duration=duration,
        inputs=inputs,
    )
    wire = json.loads(json.dumps(request_to_wire(request)))
    assert request_from_wire(wire, Steps) == request
