"""The Jobs dock over a real engine: progress, previews, cancel, retry, failures, results."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from studio.engine.jobs import JobState
from studio.plugins.api import Request
from studio.ui.qt_jobs import BAR_STEPS
from tests.ui_generation.generators import Broken, FailsOnce, Steps, StepsParams


def test_progress_reaches_the_dock_on_the_gui_thread(dock, bridge, engine, qtbot):
    seen: list[tuple[float, bool]] = []
    bridge.progress.connect(
        lambda _job, fraction, _msg: seen.append(
            (fraction, threading.current_thread() is threading.main_thread())
        )
    )
    with qtbot.waitSignal(bridge.finished, timeout=10000):
        job = engine.submit(Steps, Request(params=StepsParams(steps=30, delay=0.01)))
    row = dock.row(job)
    assert seen and all(on_gui for _fraction, on_gui in seen)
    assert any(0 < fraction < 1 for fraction, _ in seen)
    assert row.bar.value() == BAR_STEPS
    assert row.state_text == "Done"
    assert not row.thumb.pixmap().isNull()  # the result's picture replaced the previews
    assert row.action_button.text() == "Retry"
    assert row.open_button is None  # nothing was written: there is no file to open


def test_cancel_from_the_dock_stops_the_running_job(dock, bridge, engine, qtbot):
    job = engine.submit(Steps, Request(params=StepsParams(steps=500, delay=0.01)))
    qtbot.waitUntil(lambda: dock.row(job) is not None and dock.row(job).bar.value() > 0)
    row = dock.row(job)
    assert row.state_text == "Running" and row.action_button.text() == "Cancel"
    with qtbot.waitSignal(bridge.cancelled, timeout=3000):
        qtbot.mouseClick(row.action_button, Qt.MouseButton.LeftButton)
    assert job.state is JobState.CANCELLED
    assert job.steps_after_cancel <= 1
    assert row.state_text == "Cancelled"
    assert row.bar.value() < BAR_STEPS
    assert row.action_button.text() == "Retry" and row.open_button is None


def test_a_failing_generator_shows_its_message(dock, bridge, engine, qtbot):
    with qtbot.waitSignal(bridge.failed, timeout=5000) as failed:
        job = engine.submit(Broken, Request())
    assert failed.args == [job, "no light in the studio"]
    row = dock.row(job)
    assert row.state_text == "Failed"
    assert "no light in the studio" in row.message_text
    assert row.open_button is None and row.action_button.text() == "Retry"
    assert "no light in the studio" in row.info.text()


def test_retry_runs_the_same_request_again(dock, bridge, engine, qtbot):
    FailsOnce.calls = 0
    request = Request(prompt="again", seed=1234)
    with qtbot.waitSignal(bridge.failed, timeout=5000):
        first = engine.submit(FailsOnce, request)
    assert "the first take fails" in dock.row(first).message_text
    with qtbot.waitSignal(bridge.finished, timeout=5000) as finished:
        qtbot.mouseClick(dock.row(first).action_button, Qt.MouseButton.LeftButton)
    second = finished.args[0]
    assert second is not first and second.state is JobState.DONE
    assert second.request == request
    assert list(dock.rows) == [first, second]
    assert dock.list_layout.indexOf(dock.row(second).frame) == 0  # newest first


def test_a_built_in_take_opens_and_clearing_keeps_running_jobs(
    dock, bridge, engine, builtin_registry, tmp_path, qtbot
):
    engine.registry = builtin_registry
    with qtbot.waitSignal(bridge.finished, timeout=10000):
        done = engine.submit(
            "builtin.title-card",
            Request(prompt="THE END", width=320, height=180),
            media_dir=tmp_path / "media",
        )
    row = dock.row(done)
    assert done.path.parent == tmp_path / "media" and done.path.suffix == ".png"
    assert row.message_text == done.path.name
    assert 0 < row.thumb.pixmap().width() <= row.thumb.width()
    opened = []
    dock.open_file = opened.append
    qtbot.mouseClick(row.open_button, Qt.MouseButton.LeftButton)
    assert opened == [done.path]

    running = engine.submit(Steps, Request(params=StepsParams(steps=500, delay=0.01)))
    qtbot.waitUntil(lambda: dock.row(running) is not None and running.state is JobState.RUNNING)
    assert dock.clear_button.isEnabled()
    dock.clear_finished()
    assert list(dock.rows) == [running]
    assert "1 running" in dock.summary.text()
    with qtbot.waitSignal(bridge.cancelled, timeout=3000):
        dock.cancel(running)


class LongFailure(Broken):
    id = "test.long-failure"

    def generate(self, request, ctx):
        raise ValueError("out of memory while decoding the latents " * 8)


def test_a_message_lays_out_its_own_row_only(dock, bridge, engine, qtbot):
    """A row's height is its three lines at any dock width: a message then costs Qt one
    label's text layout. Wrapping rows made every message lay out every row's text (with
    40 rows, 10-20 ms of the GUI thread per progress step while the user scrolled)."""
    for _ in range(12):
        with qtbot.waitSignal(bridge.failed, timeout=5000):
            engine.submit(Broken, Request())
    with qtbot.waitSignal(bridge.failed, timeout=5000):
        job = engine.submit(LongFailure, Request())
    qtbot.waitUntil(lambda: dock.row(job) is not None and dock.row(job).state_text == "Failed")
    row = dock.row(job)
    assert not dock.list_layout.hasHeightForWidth()
    assert len(row.message_text) <= 120 and row.message_text.endswith("…")
    assert job.error in row.info.toolTip()  # the whole error is one hover away
    qtbot.waitUntil(lambda: row.frame.isVisible() and row.frame.width() > 400)
    wide = row.frame.height()
    dock.resize(300, 420)
    qtbot.waitUntil(lambda: row.frame.width() < 300)
    assert row.frame.height() == wide  # a narrow dock neither wraps nor grows the row
