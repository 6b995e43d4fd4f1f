"""Generators in worker processes: a plugin that crashes, exits, hangs, ignores cancel or
prints fails its own job in one line; later jobs run; no process is left behind."""

from __future__ import annotations

import logging
import sys
import time

import pytest
from PIL import Image as PILImage

from studio.engine import Engine, EventKind, JobState
from studio.plugins.api import Request, Text
from tests.engine.engine_fakes import CpuText, Raises, StepParams, Steps
from tests.engine.processes import children, wait_gone
from tests.engine.worker_fakes import (
    CountsLoads,
    Exits,
    Hangs,
    IgnoresCancel,
    Interrupts,
    Prints,
    Segfaults,
    SegfaultsOnCpu,
    SlowLoad,
)

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc for processes")

STALL_S = 2.0
GRACE_S = 0.5


@pytest.fixture(scope="module")
def workers():
    """One engine for the module: each test also shows the jobs after its own still run."""
    with Engine(
        devices=["cpu"], isolation="process", stall_timeout=STALL_S, cancel_grace=GRACE_S
    ) as engine:
        yield engine


def steps(n: int = 2, seconds: float = 0.0) -> Request:
    return Request(params=StepParams(steps=n, step_seconds=seconds), width=8, height=8)


def run(engine: Engine, generator, request: Request | None = None, timeout: float = 30.0):
    job = engine.submit(generator, request)
    assert job.wait(timeout), f"{job} did not end"
    return job


def assert_next_job_runs(engine: Engine) -> None:
    job = run(engine, Steps, steps())
    assert job.state is JobState.DONE, job.error


@pytest.mark.parametrize(
    ("generator", "reason"),
    [
        (Segfaults, "the worker process running test.segfaults crashed (SIGSEGV)"),
        (Exits, "the worker process running test.exits exited with status 3"),
    ],
)
def test_a_plugin_that_kills_its_process_fails_its_job_in_one_line(workers, generator, reason):
    job = run(workers, generator)
    assert job.state is JobState.FAILED
    assert job.error == f"{reason}; a new one takes the next job"
    assert_next_job_runs(workers)


def test_keyboard_interrupt_in_generate_fails_that_job_only(workers):
    before = run(workers, CountsLoads).output.text.split()[1]
    job = run(workers, Interrupts)
    assert job.state is JobState.FAILED
    assert job.error == "test.interrupts raised KeyboardInterrupt"
    assert run(workers, CountsLoads).output.text.split()[1] == before  # the same worker
    assert_next_job_runs(workers)


def test_a_job_that_ignores_cancel_is_stopped_by_ending_its_worker(workers):
    started = []
    unsubscribe = workers.subscribe(lambda e: e.kind is EventKind.PROGRESS and started.append(1))
    job = workers.submit(IgnoresCancel)
    deadline = time.monotonic() + 20
    while not started and time.monotonic() < deadline:
        time.sleep(0.01)
    unsubscribe()
    cancelled_at = time.monotonic()
    job.cancel()
    assert job.wait(GRACE_S + 5)
    assert job.state is JobState.CANCELLED
    assert time.monotonic() - cancelled_at < GRACE_S + 2
    assert_next_job_runs(workers)


def test_a_job_cancelled_while_its_model_loads_ends_there(workers):
    messages = []
    unsubscribe = workers.subscribe(
        lambda e: e.kind is EventKind.PROGRESS and messages.append(e.message)
    )
    job = workers.submit(SlowLoad)
    deadline = time.monotonic() + 20
    while not messages and time.monotonic() < deadline:
        time.sleep(0.01)
    unsubscribe()
    assert messages[0].startswith("loading")  # the load's progress reaches the job
    job.cancel()
    assert job.wait(GRACE_S + 5)
    assert job.state is JobState.CANCELLED
    assert job.ended - job.cancel_requested_at < GRACE_S  # by the plugin, not by a kill
    assert not workers.lanes[0].cache.holds("test.slow-load")
    assert_next_job_runs(workers)


def test_a_silent_hang_past_the_deadline_fails_its_job(workers):
    job = run(workers, Hangs, timeout=STALL_S + 10)
    assert job.state is JobState.FAILED
    assert job.error == (
        f"test.hangs stopped responding (nothing for {STALL_S:g} s); its worker process was ended"
    )
    assert_next_job_runs(workers)


def test_plugin_prints_never_reach_stdout_and_previews_cross_as_pictures(capfd):
    previews = []
    with Engine(devices=["cpu"], isolation="process") as engine:  # its stderr: capfd's
        engine.subscribe(lambda e: e.kind is EventKind.PREVIEW and previews.append(e.preview))
        job = run(engine, Prints, Request(width=6, height=4))
    assert job.state is JobState.DONE, job.error
    assert job.output.image.size == (6, 4)
    out, err = capfd.readouterr()
    assert "chatty" not in out
    assert "chatty plugin output" in err and "chatty plugin output from C" in err
    pictures, text = previews[:-1], previews[-1]
    assert [p.getpixel((0, 0)) for p in pictures] == [(0, 0, 0), (100, 0, 0), (200, 0, 0)]
    assert all(isinstance(p, PILImage.Image) for p in pictures)
    assert text == Text("so far")


def test_cpu_generators_run_in_a_worker_of_their_own_too(workers):
    crash = run(workers, SegfaultsOnCpu)
    assert crash.error.startswith("the worker process running test.segfaults-on-cpu crashed")
    text = run(workers, CpuText, Request(prompt="still here"))
    assert text.state is JobState.DONE and text.output.text == "STILL HERE"


def test_a_workers_log_records_reach_the_editors_log_with_their_traceback(workers, caplog):
    caplog.set_level(logging.WARNING, logger="studio.engine.runner")
    job = run(workers, Raises)
    record = next(r for r in caplog.records if r.name == "studio.engine.runner")
    assert record.getMessage() == f"job {job.id} (test.raises) failed"
    assert "ValueError: the model exploded at step 3" in record.exc_text


def test_a_worker_keeps_its_models_loaded_between_jobs(workers):
    first = run(workers, CountsLoads).output.text.split()
    second = run(workers, CountsLoads).output.text.split()
    assert first[1] == second[1] and second[0] == first[0]  # same process, loaded once
    assert workers.lanes[0].cache.holds("test.counts-loads")


def test_a_crash_leaves_the_other_lanes_and_close_leaves_no_process(tmp_path):
    before = set(children())
    with Engine(devices=["cpu", "cpu"], isolation="process") as engine:
        slow = engine.submit(Steps, steps(20, 0.05))  # on one lane ...
        crash = engine.submit(Segfaults)  # ... and this on the other (a shorter queue)
        assert crash.wait(30) and slow.wait(30)
        assert crash.state is JobState.FAILED and slow.state is JobState.DONE
        assert slow.device == "cpu" and len(engine.worker_pids()) == 1
        text = engine.submit(CountsLoads, out=tmp_path / "out.txt")
        assert text.wait(30) and text.state is JobState.DONE
        assert text.path.read_text().split()[0] == "1"  # written by the worker, as a file
        pids = engine.worker_pids()
        assert pids
    assert engine.worker_pids() == []
    assert wait_gone(pids) == []
    assert set(children()) <= before


def test_thread_lanes_survive_keyboard_interrupt_too():
    with Engine(devices=["cpu"], isolation="thread") as engine:
        job = run(engine, Interrupts, timeout=10)
        assert job.state is JobState.FAILED
        assert job.error == "test.interrupts raised KeyboardInterrupt"
        assert_next_job_runs(engine)


EDITOR = """
import sys, time
sys.path[:0] = {path!r}
from studio.engine import Engine
from tests.engine.worker_fakes import IgnoresCancel
engine = Engine(devices=["cpu"], isolation="process")
job = engine.submit(IgnoresCancel)
while not job.fraction:
    time.sleep(0.01)
print(engine.worker_pids()[0], flush=True)
time.sleep(60)
"""


def test_an_editor_killed_with_sigkill_leaves_no_worker_behind():
    import signal
    import subprocess

    editor = subprocess.Popen(
        [sys.executable, "-c", EDITOR.format(path=sys.path)], stdout=subprocess.PIPE, text=True
    )
    try:
        worker = int(editor.stdout.readline())
    finally:
        editor.send_signal(signal.SIGKILL)
        editor.wait()
    assert wait_gone([worker]) == []  # though its plugin was busy in generate()


def test_warming_up_starts_the_worker_before_the_first_job():
    """`storyreel reel` starts its worker while it loads the project and fuses the
    requests: for a quick generator the worker's start was most of the command's cost."""
    with Engine(devices=["cpu"], isolation="process") as engine:
        engine.warm_up(Steps)  # runs on the device lane
        engine.warm_up(CpuText)  # the CPU generators' lane
        deadline = time.monotonic() + 30
        while len(engine.worker_pids()) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        warmed = engine.worker_pids()
        assert len(warmed) == 2  # both processes up, with no job submitted
        job = run(engine, CpuText)
        assert job.state is JobState.DONE
        assert sorted(engine.worker_pids()) == sorted(warmed)  # the job ran in the warm one
