"""Generation on a Ray cluster: a local one of two CPU actors (torch at one thread each)
running the real diffusers.image plugin on a tiny random-weight Stable Diffusion."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip(
    "ray", reason="Ray is not installed: the storyreel[cluster] extra (`make setup` installs it)"
)
pytest.importorskip("diffusers")

from plugins.diffusers_image import DiffusersImage  # noqa: E402
from plugins.diffusers_image.params import DiffusersImageParams  # noqa: E402
from studio.engine import Engine, EventKind, JobState  # noqa: E402
from studio.engine.provenance import read_provenance  # noqa: E402
from studio.errors import UserError  # noqa: E402
from studio.model.files import load_project  # noqa: E402
from studio.plugins.api import Request  # noqa: E402
from tests.reliability.cli_run import checked

pytestmark = [pytest.mark.cluster, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources/sample/sample.fountain"


def storyreel(*args, ok=True):
    return checked(*args, ok=ok, workers="process")


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens there once the socket closes


def test_reel_frames_on_a_cluster_split_over_two_workers_and_land_in_order(ray_cluster, tmp_path):
    from studio.cli import main

    assert main(["new", str(tmp_path / "Film"), "--size", "160x96", "--fps", "24"]) == 0
    folder = tmp_path / "Film.storyreel"
    assert main(["script", "breakdown", str(folder), "--file", str(SAMPLE)]) == 0
    done = storyreel("reel", "frames", folder, "--seed", "7", "--cluster", ray_cluster)
    landed = [line.split(": ")[0] for line in done.stdout.splitlines()]
    assert landed == [f"[{n}/4] shot {n}" for n in range(1, 5)]  # in the order asked
    workers = {line.split("ran on ")[1] for line in done.stderr.splitlines() if "ran on" in line}
    assert len(workers) == 2, done.stderr  # both actors took jobs
    project = load_project(folder).project
    for shot in project.shots:  # each take landed in its own shot, with its provenance
        (take,) = shot.takes
        path = folder / project.assets[take].path
        assert path.is_file() and read_provenance(path).generator == "builtin.title-card"
    assert sorted(p.name for p in (folder / "media").iterdir() if p.name.startswith(".")) == []


def test_an_input_file_reaches_the_worker_as_bytes_and_is_written_there_once(ray_cluster, tmp_path):
    from studio.engine.cluster_actor import WorkerActor
    from studio.engine.cluster_lane import ship_inputs
    from studio.engine.protocol import request_to_wire
    from studio.plugins.api import Kind, Media

    frame = tmp_path / "shot 1.png"
    frame.write_bytes(b"\x89PNG not really")
    wire = request_to_wire(Request(prompt="x", inputs=(Media(Kind.IMAGE, frame, role="first"),)))
    shipped = ship_inputs(wire)
    assert shipped["inputs"][0]["path"] is None  # only the bytes travel
    frame.unlink()  # the worker's machine does not have our files
    worker_side = WorkerActor()  # the actor's own code, here in this process
    there = worker_side._with_local_inputs(shipped)["inputs"][0]
    path = Path(there["path"])
    assert path.name == "shot 1.png" and path.read_bytes() == b"\x89PNG not really"
    assert (there["kind"], there["role"]) == ("image", "first")
    frame.write_bytes(b"\x89PNG not really")  # the same frame, sent for another job
    again = worker_side._with_local_inputs(ship_inputs(wire))["inputs"][0]
    assert again["path"] == there["path"]  # written once, under a name of its content


def test_an_unreachable_cluster_is_one_clear_line_at_submit(tmp_path):
    address = f"127.0.0.1:{closed_port()}"
    out = tmp_path / "card.png"
    done = storyreel(
        "generate", "builtin.title-card", "--prompt", "ONE", "--out", out,
        "--cluster", address, ok=False,
    )  # fmt: skip
    assert done.returncode == 1 and not out.exists()
    assert done.stderr.strip().splitlines()[-1:] == [
        f"storyreel generate: cannot reach the Ray cluster at {address}: connection refused"
    ]
    assert "Traceback" not in done.stderr
    started = time.monotonic()
    with Engine(cluster=address) as engine:  # building it never waits on the network
        assert time.monotonic() - started < 1
        with pytest.raises(UserError, match="cannot reach the Ray cluster"):
            engine.submit(DiffusersImage, Request(prompt="fog"))
        assert engine.jobs == []


def test_cluster_auto_starts_a_local_cluster_for_the_command_and_stops_it_after(tmp_path):
    temp = tempfile.mkdtemp(prefix="sr-auto-", dir="/tmp")  # this command's Ray, nobody else's
    env = {k: v for k, v in os.environ.items() if k != "RAY_ADDRESS"} | {"RAY_TMPDIR": temp}
    out = tmp_path / "card.png"
    args = ["generate", "builtin.title-card", "--prompt", "ONE", "--size", "64x36"]
    done = subprocess.run(
        [sys.executable, "-m", "studio.cli", *args, "--out", str(out), "--cluster", "auto"],
        capture_output=True, text=True, cwd=REPO, timeout=240, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert out.is_file() and "builtin.title-card: ran on " in done.stderr
    left = [p for p in Path("/proc").glob("[0-9]*") if temp in _cmdline(p)]
    assert left == []  # its Ray (head, raylet, workers) ended with the command
    shutil.rmtree(temp, ignore_errors=True)


def _cmdline(proc: Path) -> str:
    try:
        return (proc / "cmdline").read_bytes().decode(errors="replace")
    except OSError:
        return ""


@pytest.fixture(scope="module")
def engine(ray_cluster):
    with Engine(cluster="auto", cluster_workers=2, cancel_grace=10) as eng:
        yield eng


def request(model: Path, steps: int = 2, seed: int = 0, size: int = 64) -> Request:
    params = DiffusersImageParams(model=str(model), steps=steps, preview_interval_ms=0)
    return Request(prompt="fog", params=params, width=size, height=size, seed=seed)


class Watch:
    """Each job's events, as the engine's subscribers see them."""

    def __init__(self, engine) -> None:
        self.events: dict[int, list] = {}
        self.first_step = threading.Event()
        engine.subscribe(self)

    def __call__(self, event) -> None:
        self.events.setdefault(event.job.id, []).append(event)
        if event.kind is EventKind.PROGRESS and event.message.startswith("step"):
            self.first_step.set()

    def kinds(self, job) -> list[EventKind]:
        return [e.kind for e in self.events.get(job.id, [])]


def test_tiny_sd_jobs_split_over_two_actors_with_previews(engine, tiny_sd, tmp_path):
    watch = Watch(engine)
    media = tmp_path / "media"
    jobs = [
        engine.submit(DiffusersImage, request(tiny_sd, seed=n), media_dir=media) for n in range(4)
    ]
    assert all(job.wait(180) for job in jobs)
    assert [job.state for job in jobs] == [JobState.DONE] * 4, [j.error for j in jobs]
    assert len({job.worker for job in jobs}) == 2  # two actors, two jobs each
    for job in jobs:  # written here, from the arrays that came back, with provenance
        assert job.path.parent == media and read_provenance(job.path).seed == job.request.seed
        assert watch.kinds(job).count(EventKind.PREVIEW) == 2  # one per step, both steps
        assert job.output.image.size == (64, 64)
    key = f"diffusers.image@{tiny_sd}"
    assert all(key in lane.cache for lane in engine.lanes)  # loaded once per actor, kept


def test_cancel_stops_a_running_job_within_a_step(engine, tiny_sd, tmp_path):
    watch = Watch(engine)
    job = engine.submit(
        DiffusersImage, request(tiny_sd, steps=200, size=128), media_dir=tmp_path / "m"
    )
    assert watch.first_step.wait(120)
    job.cancel()
    assert job.wait(30) and job.state is JobState.CANCELLED
    # The step that was running when cancel reached the actor, and the reports already on
    # their way back: one on a quiet machine (a step is ~35 ms here; a GPU's are longer),
    # a few more when other processes delay the cancel message (3 seen at load 10).
    assert job.steps_after_cancel <= 4 and job.fraction < 0.5
    assert job.ended - job.cancel_requested_at < 1.0
    assert not (tmp_path / "m").exists()  # nothing written


def test_a_killed_actor_fails_nothing_its_job_runs_again_elsewhere(engine, tiny_sd, tmp_path):
    import ray

    watch = Watch(engine)
    media = tmp_path / "media"
    job = engine.submit(DiffusersImage, request(tiny_sd, steps=30), media_dir=media)
    assert watch.first_step.wait(120)
    (lane,) = [lane for lane in engine.lanes if lane.worker_name == job.worker]
    first_worker = job.worker
    ray.kill(lane.actor)  # as an out-of-memory kill or a lost machine would
    assert job.wait(180)
    assert job.state is JobState.DONE, job.error
    assert job.worker != first_worker  # a new actor ran it
    messages = [e.message for e in watch.events[job.id] if e.kind is EventKind.PROGRESS]
    assert any("trying once more" in m for m in messages)
    take = job.path.name  # one whole take and its sidecar, nothing half-written beside them
    assert sorted(p.name for p in media.iterdir()) == [take, f"{take}.provenance.json"]


def test_jobs_go_to_the_actor_that_holds_their_model(engine, tiny_sd, tmp_path):
    one, two = (Path(shutil.copytree(tiny_sd, tmp_path / name)) for name in ("one", "two"))
    first = [engine.submit(DiffusersImage, request(m)) for m in (one, two)]
    assert all(job.wait(180) and job.state is JobState.DONE for job in first)
    holder = {one: first[0].worker, two: first[1].worker}
    assert holder[one] != holder[two]
    models = [one, two, two, one, one, two]
    jobs = [engine.submit(DiffusersImage, request(m)) for m in models]
    assert all(job.wait(180) and job.state is JobState.DONE for job in jobs)
    assert [job.worker for job in jobs] == [holder[m] for m in models]
    for lane in engine.lanes:  # neither loaded the other's model
        mine = {m for m, w in holder.items() if w == lane.worker_name}
        assert {k for k in lane.cache.loaded if "one" in k or "two" in k} == {
            f"diffusers.image@{m}" for m in mine
        }


def test_the_jobs_dock_names_the_worker_that_ran_each_job(engine, tiny_sd, qtbot):
    from studio.ui.qt_bridge import EngineBridge
    from studio.ui.qt_jobs import JobsDock

    bridge = EngineBridge()
    bridge.attach(engine)
    dock = JobsDock(bridge)
    qtbot.addWidget(dock)
    with qtbot.waitSignal(bridge.finished, timeout=120000):
        job = engine.submit(DiffusersImage, request(tiny_sd))
    row = dock.row(job)
    assert job.worker and row.state_text == "Done"
    assert row.message_text.endswith(f" · on {job.worker}")
    assert "(pid " in job.worker and ", cpu)" in job.worker  # machine, process, device
    bridge.detach()


def test_a_log_record_alone_never_keeps_cancel_from_a_quiet_job(engine, caplog):
    from tests.cluster.generators import LogsThenWaits

    job = engine.submit(LogsThenWaits, Request(prompt="quiet"))
    deadline = time.monotonic() + 60
    while "a long quiet stretch begins" not in caplog.text and time.monotonic() < deadline:
        time.sleep(0.05)  # the worker's record reached this process's log
    assert "a long quiet stretch begins" in caplog.text
    job.cancel()
    assert job.wait(5) and job.state is JobState.CANCELLED
