"""The GUI thread keeps ticking while 200 media files are probed, copied, placed and thumbnailed."""

from __future__ import annotations

import gc
import os
import time

import pytest
from PySide6.QtCore import QElapsedTimer, QTimer

from studio.media import synth
from tests.ui.driving import file_mime, point, send_drop

TICK_MS = 5
MAX_STALL_MS = 50


@pytest.fixture(scope="module")
def media_folder(tmp_path_factory):
    """200 files: 170 stills, 20 tones, 10 short videos."""
    folder = tmp_path_factory.mktemp("two-hundred")
    for i in range(170):
        synth.write_card(folder / f"still-{i:03d}.png", (96, 54), str(i), (i, 80, 255 - i))
    for i in range(20):
        synth.write_tone(folder / f"tone-{i:02d}.wav", seconds=0.25, freq=200 + 20 * i)
    for i in range(10):
        synth.write_test_video(folder / f"video-{i}.mp4", 6, 24, (64, 36))
    return folder


class StallMeter:
    """A timer that should fire every TICK_MS; the longest gap is how long the loop froze.

    `worst_busy` is the most CPU time the GUI thread itself spent between two ticks: the
    part of a stall our code causes, whatever else the machine is running.
    """

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.timer = QTimer(interval=TICK_MS)
        self.timer.timeout.connect(self._tick)
        self.last = 0
        self.last_cpu = 0.0
        self.worst = 0
        self.worst_busy = 0.0
        self.ticks = 0

    def start(self) -> None:
        # The test process holds the objects of every test before it; a full collection
        # among them landed in a measurement as 120 ms of "GUI work" in a CI run. They are
        # frozen out of the collector, as the editor freezes its own long-lived objects
        # once a project is open (studio.ui.gui_process.freeze_long_lived).
        gc.collect()
        gc.freeze()
        self.clock.start()
        self.last_cpu = time.thread_time()
        self.timer.start()

    def _tick(self) -> None:
        now, cpu = self.clock.elapsed(), time.thread_time()
        self.worst = max(self.worst, now - self.last)
        self.worst_busy = max(self.worst_busy, (cpu - self.last_cpu) * 1000)
        self.last, self.last_cpu = now, cpu
        self.ticks += 1

    def stop(self) -> int:
        self.timer.stop()
        gc.unfreeze()
        return self.worst


def import_and_measure(editor, media_folder, qtbot) -> StallMeter:
    """Drop the folder on V2, show all 200 clips, and meter the loop until all work is done."""
    editor.session.set_snapping(False)
    # Earlier tests leave windows' worth of garbage; a full collection of it landing inside
    # the measurement would be their cost, not this import's.
    gc.collect()
    meter = StallMeter()
    meter.start()
    qtbot.wait(50)
    with qtbot.waitSignal(editor.importer.finished, timeout=60000) as placed:
        send_drop(editor.timeline.canvas, file_mime([media_folder]), point(editor, "V2", 300))
        meter._tick()  # the drop itself is measured too
    editor.timeline.fit()  # show all 200 clips: every thumbnail and waveform is asked for
    qtbot.waitUntil(lambda: editor.work.pending == 0, timeout=60000)
    qtbot.wait(100)
    meter.stop()
    assert len(placed.args[0]) >= 200
    assert meter.ticks > 20
    return meter


def stall_problem(meter: StallMeter) -> str | None:
    if meter.worst_busy >= MAX_STALL_MS:
        return f"the GUI thread was busy {meter.worst_busy:.0f} ms"
    # Wall-clock stalls also count time other programs took the CPU from this one; on a
    # machine with more runnable processes than cores that alone exceeds 50 ms.
    overloaded = os.getloadavg()[0] > (os.cpu_count() or 1)
    limit = 4 * MAX_STALL_MS if overloaded else MAX_STALL_MS
    if meter.worst >= limit:
        return f"the event loop stalled for {meter.worst} ms"
    return None


def test_importing_200_files_never_stalls_the_event_loop(editor, media_folder, qtbot):
    problem = stall_problem(import_and_measure(editor, media_folder, qtbot))
    assert len(editor.session.project.assets) == 203
    if problem is not None:
        # Once more on a fresh undo of the import: a stall of ours repeats, while one from
        # another process sharing this 2-core machine (a CI neighbour, a helper) does not.
        editor.session.undo()
        problem = stall_problem(import_and_measure(editor, media_folder, qtbot))
    assert problem is None, problem
