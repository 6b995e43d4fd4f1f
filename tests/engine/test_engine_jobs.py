"""Jobs through the real engine and its threads: states, events, failures and cancel."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PIL import Image as PILImage

from studio.engine import EventKind, JobState
from studio.errors import MediaError, UserError
from studio.plugins.api import Audio, Image, Kind, Media, Request, Text
from tests.engine.engine_fakes import (
    Blocker,
    CpuText,
    IgnoresCancel,
    Raises,
    Returns,
    StepParams,
    Steps,
    video,
)


def steps(n: int, seconds: float = 0.0, **fields) -> Request:
    return Request(params=StepParams(steps=n, step_seconds=seconds), width=16, height=8, **fields)


@pytest.fixture
def blocker():
    Blocker.started, Blocker.release = threading.Event(), threading.Event()
    yield Blocker
    Blocker.release.set()


def test_a_job_goes_queued_running_done_and_says_so_in_order(engine):
    events = []
    engine.subscribe(lambda e: events.append((e.kind, e.job.state)))
    job = engine.submit(Steps, steps(3))
    assert job.wait(10)
    assert job.state is JobState.DONE
    assert [kind for kind, _ in events] == [
        EventKind.QUEUED,
        EventKind.STARTED,
        EventKind.PROGRESS,
        EventKind.PROGRESS,
        EventKind.PROGRESS,
        EventKind.FINISHED,
    ]
    assert events[1][1] is JobState.RUNNING
    assert isinstance(job.output, Image) and job.output.image.size == (16, 8)
    assert job.fraction == 1.0 and job.error is None


def test_a_generator_that_raises_fails_only_its_job_with_its_message(engine):
    failed = engine.submit(Raises)
    after = engine.submit(Steps, steps(2))
    assert failed.wait(10) and after.wait(10)
    assert failed.state is JobState.FAILED
    assert failed.error == "the model exploded at step 3"
    assert after.state is JobState.DONE


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Text("not a video"), "returned Text, expected Video (video)"),
        (PILImage.new("RGB", (4, 4)), "returned Image, expected Video"),
        (video(np.zeros((3, 4, 4, 3), np.float32)), "float32, expected uint8"),
        (video(np.zeros((3, 4, 4), np.uint8)), "shape (3, 4, 4), expected [T, H, W, 3]"),
        (video(np.zeros((0, 4, 4, 3), np.uint8)), "expected [T, H, W, 3]"),
        (video(np.zeros((2, 4, 4, 3), np.uint8), fps=0), "fps 0 is not positive"),
        (None, "returned NoneType"),
    ],
)
def test_wrong_output_type_or_shape_fails_the_job_clearly(engine, value, message):
    Returns.value = value
    job = engine.submit(Returns)
    assert job.wait(10)
    assert job.state is JobState.FAILED
    assert job.error.startswith("test.returns broke the output contract:")
    assert message in job.error


@pytest.mark.parametrize(
    ("samples", "message"),
    [
        (np.zeros(100, np.float32), "expected [frames, channels]"),
        (np.zeros((100, 2), np.int16), "int16, expected float32"),
        (np.full((4, 1), np.nan, np.float32), "NaN"),
    ],
)
def test_malformed_audio_fails_the_job(engine, samples, message):
    class BadAudio(Returns):
        id = "test.bad-audio"
        output = Kind.AUDIO
        value = Audio(samples, 8000)

    job = engine.submit(BadAudio)
    assert job.wait(10)
    assert job.state is JobState.FAILED and message in job.error


def test_cancel_takes_effect_within_one_step_of_a_50_step_job(engine):
    reached = threading.Event()
    engine.subscribe(
        lambda e: e.kind is EventKind.PROGRESS and e.fraction >= 10 / 50 and reached.set()
    )
    job = engine.submit(Steps, steps(50, seconds=0.01))
    assert reached.wait(10)
    job.cancel()
    assert job.wait(10)
    assert job.state is JobState.CANCELLED
    assert job.steps_after_cancel <= 1
    assert job.fraction < 1.0
    assert job.output is None


def test_a_queued_job_is_cancelled_before_it_starts(engine, blocker):
    running = engine.submit(blocker)
    assert blocker.started.wait(10)
    loads_before = Steps.loads
    queued = engine.submit(Steps, steps(2))
    started = []
    engine.subscribe(lambda e: e.kind is EventKind.STARTED and started.append(e.job))
    queued.cancel()
    assert queued.state is JobState.CANCELLED  # at once, not when the lane gets to it
    blocker.release.set()
    assert running.wait(10) and running.state is JobState.DONE
    after = engine.submit(Steps, steps(1))
    assert after.wait(10)
    assert queued not in started
    assert Steps.loads - loads_before <= 1  # loaded for `after` only (or already cached)


def test_a_generator_that_ignores_cancel_ends_cancelled_and_writes_nothing(engine, tmp_path):
    out = tmp_path / "ignored.png"
    reached = threading.Event()
    engine.subscribe(lambda e: e.kind is EventKind.PROGRESS and reached.set())
    job = engine.submit(IgnoresCancel, steps(20, seconds=0.005), out=out)
    assert reached.wait(10)
    job.cancel()
    assert job.wait(10)
    assert job.state is JobState.CANCELLED
    assert job.steps_after_cancel >= 1  # it did run on past the cancel...
    assert not out.exists()  # ...but its output was not wanted
    after = engine.submit(Steps, steps(1))
    assert after.wait(10) and after.state is JobState.DONE


def test_a_lane_runs_its_jobs_one_at_a_time_in_order(engine):
    order, active, overlap = [], [0], []
    lock = threading.Lock()

    def watch(event):
        with lock:
            if event.kind is EventKind.STARTED:
                active[0] += 1
                overlap.append(active[0])
                order.append(event.job.id)
            elif event.kind is EventKind.FINISHED:
                active[0] -= 1

    engine.subscribe(watch)
    jobs = [engine.submit(Steps, steps(3, seconds=0.002)) for _ in range(4)]
    assert all(job.wait(10) for job in jobs)
    assert order == [job.id for job in jobs]
    assert max(overlap) == 1


def test_cpu_generators_run_on_the_pool_while_the_lane_is_busy(engine, blocker):
    engine.submit(blocker)
    assert blocker.started.wait(10)
    job = engine.submit(CpuText, Request(prompt="slate"))
    assert job.wait(10)
    assert job.output == Text("SLATE")
    assert job.device == "cpu"


def test_a_failing_subscriber_does_not_fail_the_job(engine):
    def broken(event):
        raise RuntimeError("a view crashed")

    engine.subscribe(broken)
    job = engine.submit(Steps, steps(2))
    assert job.wait(10) and job.state is JobState.DONE


def test_unsubscribe_stops_events(engine):
    seen = []
    unsubscribe = engine.subscribe(seen.append)
    unsubscribe()
    assert engine.submit(Steps, steps(1)).wait(10)
    assert seen == []


def test_submit_refuses_inputs_and_files_the_generator_cannot_take(engine, tmp_path):
    with pytest.raises(UserError, match="does not take image inputs"):
        engine.submit(Steps, steps(1, inputs=(Media(Kind.IMAGE, tmp_path / "a.png"),)))
    with pytest.raises(MediaError, match=r"\.png, \.jpg, \.jpeg"):
        engine.submit(Steps, steps(1), out=tmp_path / "frame.wav")
    with pytest.raises(UserError, match="takes NoParams parameters, not StepParams"):
        engine.submit(Raises, steps(1))
    assert engine.jobs == []


def test_retry_runs_the_same_request_again(engine):
    first = engine.submit(Steps, steps(2, seed=42))
    assert first.wait(10)
    again = engine.retry(first)
    assert again.wait(10)
    assert again is not first and again.request == first.request
    assert again.state is JobState.DONE


def test_close_cancels_unfinished_jobs(blocker):
    from studio.engine import Engine

    engine = Engine(devices=["cpu"])
    running = engine.submit(blocker)
    queued = engine.submit(Steps, steps(1))
    assert blocker.started.wait(10)
    blocker.release.set()  # a blocker cannot see cancel; let it return
    engine.close()
    assert queued.state is JobState.CANCELLED
    assert running.state in (JobState.CANCELLED, JobState.DONE)
    with pytest.raises(RuntimeError, match="closed"):
        engine.submit(Steps, steps(1))


def test_previews_reach_subscribers_with_the_object_offered(engine):
    frame = PILImage.new("RGB", (4, 4), "blue")

    class Previews(Steps):
        id = "test.previews"

        def generate(self, request, ctx):
            ctx.progress(0.5, "half")
            ctx.preview(frame)
            return super().generate(request, ctx)

    previews = []
    engine.subscribe(lambda e: e.kind is EventKind.PREVIEW and previews.append(e))
    assert engine.submit(Previews, steps(1)).wait(10)
    assert [(e.preview, e.fraction, e.message) for e in previews] == [(frame, 0.5, "half")]


def test_an_engine_without_named_devices_finds_its_own(monkeypatch):
    from studio.engine import Engine

    monkeypatch.setenv("STORYREEL_DEVICE", "cpu")  # skip probing torch: that is the lane's job
    with Engine() as engine:
        job = engine.submit(Steps, steps(1))
        assert job.wait(10)
        assert job.device == "cpu" and engine.lanes[0].cache.budget > 0
