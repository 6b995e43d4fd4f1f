"""One render running in its own process, seen from the GUI thread as signals; never waited on."""

from __future__ import annotations

import multiprocessing
import queue
import shutil
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from studio.workflows.playback import render_process

POLL_MS = 40
KILL_AFTER_MS = 5000  # a cancel the render does not notice by then ends the process


class RenderRun(QObject):
    progress = Signal(int, int)  # frames done, frames in all
    finished = Signal(str)  # the rendered file (or, for a PNG sequence, its folder)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, job, out: Path, animatic: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.job, self.out, self.animatic = job, Path(out), animatic
        self._context = multiprocessing.get_context("spawn")  # forking a Qt process is unsafe
        self._events = None
        self._cancel = None
        self._process = None
        self._ended = False
        self._killed = False
        self._poll = QTimer(self, interval=POLL_MS)
        self._poll.timeout.connect(self._read)
        self._kill = QTimer(self, singleShot=True, interval=KILL_AFTER_MS)
        self._kill.timeout.connect(self._terminate)

    @property
    def running(self) -> bool:
        return self._process is not None and not self._ended

    def start(self) -> None:
        self._events = self._context.Queue()
        self._cancel = self._context.Event()
        self._process = self._context.Process(
            target=render_process.run,
            args=(self.job, self.out, self.animatic, self._events, self._cancel),
            name="storyreel-render",
            daemon=True,  # ends with the editor
        )
        self._process.start()
        self._poll.start()

    def cancel(self) -> None:
        if self.running:
            self._cancel.set()
            self._kill.start()

    def _read(self) -> None:
        # Looked at before draining: whatever it sent before it ended is read below.
        alive = self._process.is_alive()
        while True:
            try:
                kind, *rest = self._events.get_nowait()
            except queue.Empty:
                break
            if kind == "progress":
                self.progress.emit(*rest)
                continue
            self._end()
            if kind == "done":
                self.finished.emit(rest[0])
            elif kind == "cancelled":
                self.cancelled.emit()
            else:
                self.failed.emit(rest[0])
            return
        if alive:
            return
        self._end()
        if self._killed:
            self._remove_leftover()
            self.cancelled.emit()
        else:
            code = self._process.exitcode
            self.failed.emit(f"the render process ended unexpectedly (exit code {code})")

    def _terminate(self) -> None:
        if self.running:
            self._killed = True
            self._process.terminate()  # the next poll sees it gone and cleans up

    def _remove_leftover(self) -> None:
        leftover = render_process.temporary_name(self.out, self._process.pid)
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)

    def _end(self) -> None:
        self._ended = True
        self._poll.stop()
        self._kill.stop()
