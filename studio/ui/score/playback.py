"""Listening to a take from a position; the panel's cursor follows what is heard.

The file is decoded on the playout's feeder thread, and the output opens there too: the
GUI thread only starts, stops and reads the clock.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from studio.media.audio_output import Output, open_output
from studio.media.playout import FileSource, Playout

FOLLOW_MS = 30  # how often the cursor follows the sound: smooth enough for a waveform


class TakePlayer(QObject):
    position = Signal(float)  # seconds into the take being heard, while playing
    finished = Signal()  # stopped: by `stop`, or at the take's end
    opened = Signal(str, bool, str)  # output name, audible, why silent
    problem = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        opener: Callable[[int], Output] = open_output,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._opener, self._now = opener, now
        self.playout: Playout | None = None
        self._length = 0.0
        self._timer = QTimer(self, interval=FOLLOW_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._follow)

    @property
    def playing(self) -> bool:
        return self.playout is not None and self.playout.playing

    def play(self, path: str | os.PathLike[str], rate: int, start: float, length: float) -> None:
        """Play the take at `path` (`length` seconds) from `start` seconds, at `rate` Hz."""
        self.stop()
        if self.playout is None or self.playout.rate != rate:
            self.playout = Playout(rate, self._open, self._now, on_problem=self._failed)
        self._length = length
        self.playout.start(FileSource(path, rate), round(start * rate))
        self._timer.start()

    def stop(self) -> None:
        if self.playing:
            self.playout.stop()
            self._timer.stop()
            self.finished.emit()

    def _follow(self) -> None:
        if not self.playing:
            return
        seconds = self.playout.position() / self.playout.rate
        self.position.emit(min(seconds, self._length))
        if seconds >= self._length:
            self.stop()

    def _open(self, rate: int) -> Output:
        output = self._opener(rate)  # on the feeder thread: signals queue to the GUI
        self.opened.emit(output.name, output.audible, getattr(output, "reason", ""))
        return output

    def _failed(self, message: str) -> None:
        self.problem.emit(message)  # from the feeder thread
        QTimer.singleShot(0, self, self.stop)
