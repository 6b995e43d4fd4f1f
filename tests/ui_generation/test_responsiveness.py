"""A CPU job reporting as fast as it can neither stalls the GUI loop nor floods it."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QTimer

from studio.engine.jobs import JobState
from studio.plugins.api import Request
from studio.ui.qt_bridge import FLUSH_MS
from tests.ui_generation.generators import Busy, BusyParams

TICK_MS = 5
MAX_STALL_MS = 50
SECONDS = 1.5


class StallMeter:
    """A timer due every TICK_MS; the longest gap between its ticks is the worst stall."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer(interval=TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.worst = 0
        self.ticks = 0

    def start(self) -> None:
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        now = self.clock.elapsed()
        self.worst = max(self.worst, now - self.last)
        self.last = now
        self.ticks += 1


def _run_busy_job(engine, bridge, dock, qtbot) -> tuple[int, int, int]:
    """(worst stall ms, ticks, progress signals) over one busy job."""
    signals = []
    bridge.progress.connect(lambda *args: signals.append(args))
    meter = StallMeter()
    meter.start()
    with qtbot.waitSignal(bridge.finished, timeout=15000):
        job = engine.submit(Busy, Request(params=BusyParams(seconds=SECONDS)))
    meter.timer.stop()
    assert job.state is JobState.DONE and dock.row(job).state_text == "Done"
    return meter.worst, meter.ticks, len(signals)


def test_a_busy_cpu_job_keeps_the_gui_loop_ticking(engine, bridge, dock, qtbot):
    worst, ticks, progress_signals = _run_busy_job(engine, bridge, dock, qtbot)
    if worst >= MAX_STALL_MS:
        # Other processes share this machine: one slow run may be theirs; two are ours.
        worst, ticks, progress_signals = _run_busy_job(engine, bridge, dock, qtbot)
    assert worst < MAX_STALL_MS, f"the GUI loop stalled {worst} ms"
    assert ticks > SECONDS * 1000 / TICK_MS / 4
    # Thousands of reports reach the GUI as at most one batch per FLUSH_MS.
    assert Busy.reports > 20 * progress_signals
    assert progress_signals <= SECONDS * 1000 / FLUSH_MS + 5
