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
from studio.ui.playback.qt_sound import opened

FOLLOW_MS = 30  # how often the cursor follows the sound: smooth enough for a waveform


class TakeSoundPlayer(QObject):
    """Plays one sound take (a score take, a voice sample) through the audio output; no
    widget of its own (the clips panel's ClipTakeView is the one that shows takes)."""

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
        self._source: FileSource | None = None
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
        if self._source is None or (self._source.path, self._source.rate) != (path, rate):
            self._source = FileSource(path, rate)  # decoded once, played again from memory
        self._length = length
        self.playout.start(self._source, round(start * rate))
        self._timer.start()

    def stop(self) -> None:
        if self.playing:
            self.playout.stop()
            self._timer.stop()
            self.finished.emit()

    def _follow(self) -> None:
        if not self.playing:
            return
        if self.playout.stalled():
            if not self.playout.failed:  # a failure has said why already
                self.problem.emit("The sound output stopped responding")
            self.stop()
            return
        seconds = self.playout.position() / self.playout.rate
        self.position.emit(min(seconds, self._length))
        if seconds >= self._length:
            self.stop()

    def _open(self, rate: int) -> Output:
        return opened(self._opener(rate), self.opened)  # on the feeder thread

    def _failed(self, message: str) -> None:
        self.problem.emit(message)  # from the feeder thread; `_follow` then stops playing
