"""torch's CPU threads beside the editor: every core but one, in the worker process that
runs the job, unless $STORYREEL_CPU_THREADS says otherwise; and the worker's priority."""

from __future__ import annotations

import os

import pytest

from studio.engine import Engine, JobState
from studio.engine.devices import CPU_THREADS_ENV, default_cpu_threads
from tests.engine.thread_fakes import Niceness, TorchThreads


@pytest.mark.parametrize(("cores", "threads"), [(1, 1), (2, 1), (8, 7), (None, 1)])
def test_the_default_leaves_one_core_to_the_gui(monkeypatch, cores, threads):
    monkeypatch.delenv(CPU_THREADS_ENV, raising=False)
    monkeypatch.setattr("os.cpu_count", lambda: cores)
    assert default_cpu_threads() == threads


@pytest.mark.parametrize(
    ("value", "threads"), [("3", 3), (" 1 ", 1), ("all", None), ("ALL", None), ("0", 1), ("x", 1)]
)
def test_the_environment_overrides_it(monkeypatch, value, threads):
    monkeypatch.setattr("os.cpu_count", lambda: 2)
    monkeypatch.setenv(CPU_THREADS_ENV, value)
    assert default_cpu_threads() == threads


def test_the_worker_process_runs_its_job_with_the_cap(monkeypatch):
    monkeypatch.setenv(CPU_THREADS_ENV, "3")  # not torch's default anywhere we run
    with Engine(devices=["cpu"], cpu_threads="auto", isolation="process") as engine:
        job = engine.submit(TorchThreads)
        assert job.wait(120)
    assert job.state is JobState.DONE, job.error
    assert job.output.text == "3"


def test_a_worker_process_yields_the_cpu_when_asked():
    with Engine(devices=["cpu"], isolation="process", worker_nice=5) as engine:
        job = engine.submit(Niceness)
        assert job.wait(60)
    assert job.state is JobState.DONE, job.error
    assert int(job.output.text) == min(19, os.nice(0) + 5)
