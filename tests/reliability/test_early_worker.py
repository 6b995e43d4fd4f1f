"""A command that will run a generator starts its worker process first thing (the
process's start and imports overlapping the command's own), and the engine takes it; a
spare nobody takes, and a worker the command did not wait for, still end by themselves."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from studio import cli
from studio.cli_commands.reel import runs_in_command
from studio.engine import Engine, JobState, discover, worker_spawn
from studio.plugins.api import Request
from tests.engine.engine_fakes import StepParams, Steps
from tests.engine.processes import wait_gone

SAMPLE = Path(__file__).resolve().parents[2] / "resources/sample/sample.fountain"
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc for processes")


def steps() -> Request:
    return Request(params=StepParams(steps=2, step_seconds=0.0), width=8, height=8)


def test_the_engine_takes_the_spare_worker():
    worker_spawn.start_spare()
    spare_pid = worker_spawn._spare[0].pid
    with Engine(devices=["cpu"], isolation="process") as engine:
        job = engine.submit(Steps, steps())
        assert job.wait(30) and job.state is JobState.DONE, job.error
        assert engine.worker_pids() == [spare_pid]
    assert worker_spawn.take_spare() is None  # taken, not left waiting
    assert wait_gone([spare_pid]) == []


def test_a_spare_nobody_takes_ends_when_its_pipe_closes(capfd):
    worker_spawn.start_spare(prepare="builtin.temp-score")
    proc, conn = worker_spawn.take_spare()
    conn.close()  # as when the command that started it ends
    assert proc.wait(20) == 0
    assert "Traceback" not in capfd.readouterr().err


def test_a_spare_preparing_an_unknown_generator_still_runs_jobs():
    worker_spawn.start_spare(prepare="no.such-generator")
    with Engine(devices=["cpu"], isolation="process") as engine:
        job = engine.submit(Steps, steps())
        assert job.wait(30) and job.state is JobState.DONE, job.error


def test_a_worker_not_waited_for_ends_by_itself():
    engine = Engine(devices=["cpu"], isolation="process")
    job = engine.submit(Steps, steps())
    assert job.wait(30) and job.state is JobState.DONE
    (pid,) = engine.worker_pids()
    engine.close(wait=False)
    assert wait_gone([pid], timeout=10) == []


@pytest.mark.parametrize(
    ("argv", "prepared"),
    [
        (["reel", "frames", "P", "--generator", "diffusers.image"], "diffusers.image"),
        (["reel", "score", "P", "--generator=music.musicgen"], "music.musicgen"),
        (["reel", "clips", "P"], None),  # the built-in default runs in the command
        (["reel", "frames", "P", "--generator", "diffusers.image", "--cluster", "auto"], None),
        (["script", "breakdown", "P"], None),
    ],
)
def test_which_commands_start_a_worker_first(monkeypatch, argv, prepared):
    started = []
    monkeypatch.setattr(worker_spawn, "start_spare", lambda prepare=None: started.append(prepare))
    monkeypatch.delenv("STORYREEL_CLUSTER", raising=False)
    monkeypatch.delenv("STORYREEL_WORKERS", raising=False)
    cli._start_worker_early(argv)
    assert started == ([prepared] if prepared else [])


def test_only_the_apps_own_built_ins_run_in_the_command():
    registry = discover()
    assert runs_in_command(registry, registry.get("builtin.temp-score"))
    assert runs_in_command(registry, registry.get("builtin.ken-burns"))
    assert not runs_in_command(registry, registry.get("diffusers.image"))  # a model: a worker


def broken_down(folder: Path) -> Path:
    """A new project with the sample screenplay broken down into shots."""
    project = folder / "F.storyreel"
    assert cli.main(["new", str(folder / "F"), "--size", "320x180"]) == 0
    assert cli.main(["script", "breakdown", str(project), "--file", str(SAMPLE)]) == 0
    return project


def test_a_built_in_step_starts_no_worker_process(tmp_path, monkeypatch):
    started = []
    real_start = worker_spawn.start_worker_process
    monkeypatch.setattr(
        worker_spawn, "start_worker_process", lambda *a: started.append(a) or real_start(*a)
    )
    monkeypatch.delenv("STORYREEL_WORKERS", raising=False)
    project = broken_down(tmp_path)
    assert cli.main(["reel", "score", str(project), "--seed", "1"]) == 0
    assert started == []


def test_the_command_leaves_at_once_with_its_work_saved(tmp_path):
    """`storyreel reel score` skips Python's teardown: the take is saved and its last line
    said all the same."""
    import subprocess

    from studio.model.files import load_project

    project = broken_down(tmp_path)
    done = subprocess.run(
        [sys.executable, "-m", "studio.cli", "reel", "score", str(project), "--seed", "1"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("[1/1] score: media/")  # printed and flushed
    assert load_project(project).project.score_ranges  # the take landed and was saved


def test_a_built_in_score_command_imports_only_what_it_uses(tmp_path):
    """Landing a WAV needs neither PyAV nor Pillow, a score no screenplay parser, a local
    engine no Ray lane: each was 10-60 ms of a one-second command (bench/bench_reel.py)."""
    import subprocess

    project = broken_down(tmp_path)
    unwanted = ("av", "PIL", "studio.screenplay", "studio.engine.cluster_lane", "torch")
    code = (
        "import sys; from studio.cli import main;"
        f"code = main(['reel', 'score', {str(project)!r}, '--seed', '1']);"
        f"print(code, [m for m in {unwanted!r} if m in sys.modules])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "0 []", done.stderr
