"""Tests for the example plugin: directly with a Context, and through Storyreel's engine."""

from __future__ import annotations

import threading
import tomllib
from importlib import import_module
from pathlib import Path

import numpy as np
import pytest
from storyreel_example import PlasmaBackdrop, PlasmaParams

from studio.plugins.api import Cancelled, Context, Request

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def request(**fields) -> Request:
    return Request(prompt="backdrop", params=PlasmaParams(steps=4), width=96, height=54, **fields)


def test_makes_an_image_of_the_requested_size():
    out = PlasmaBackdrop().generate(request(), Context())
    assert out.image.size == (96, 54)
    assert out.image.mode == "RGB"


def test_same_seed_same_image_and_another_seed_differs():
    a = PlasmaBackdrop().generate(request(seed=1), Context())
    b = PlasmaBackdrop().generate(request(seed=1), Context())
    c = PlasmaBackdrop().generate(request(seed=2), Context())
    assert np.array_equal(np.asarray(a.image), np.asarray(b.image))
    assert not np.array_equal(np.asarray(a.image), np.asarray(c.image))


def test_reports_progress_once_per_step_up_to_one():
    seen = []
    PlasmaBackdrop().generate(request(), Context(on_progress=lambda f, m: seen.append(f)))
    assert seen == [0.25, 0.5, 0.75, 1.0]


def test_stops_within_one_step_of_cancel():
    cancel = threading.Event()
    steps = []

    def on_progress(fraction, message):
        steps.append(fraction)
        if len(steps) == 2:
            cancel.set()

    ctx = Context(on_progress=on_progress, cancel_event=cancel)
    with pytest.raises(Cancelled):
        PlasmaBackdrop().generate(request(), ctx)
    assert len(steps) == 2


def test_params_carry_bounds():
    with pytest.raises(ValueError):
        PlasmaParams(steps=0)


def test_entry_point_names_the_generator():
    entry = tomllib.loads(PYPROJECT.read_text())["project"]["entry-points"]
    target = entry["storyreel.generators"]["example.plasma"]
    module, _, attr = target.partition(":")
    assert getattr(import_module(module), attr) is PlasmaBackdrop


def test_runs_through_the_storyreel_engine(tmp_path):
    from studio.engine import Engine, JobState, read_provenance

    with Engine(devices=["cpu"]) as engine:
        job = engine.submit(PlasmaBackdrop, request(seed=7), out=tmp_path / "plasma.png")
        assert job.wait(30)
    assert job.state is JobState.DONE, job.error
    assert read_provenance(job.path).seed == 7
