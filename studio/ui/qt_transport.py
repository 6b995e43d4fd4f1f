"""Transport: play, pause and shuttle (J/K/L) by moving the playhead against a clock.

At 1× forward the clock is the sound's (`sound`, a TimelineSound), so the picture follows
what is heard and waits when the sound is late; other speeds have no sound and use `clock`.
A seek while playing (a click on the ruler) plays on from there.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from studio.ui.playback.clock import Clock, WallClock
from studio.ui.qt_session import EditSession

MAX_RATE = 8.0
TICK_MS = 5  # well under a frame at 24-60 fps, so a frame is shown within 5 ms of its time


class Transport(QObject):
    rate_changed = Signal(float)

    def __init__(self, parent=None, clock: Clock | None = None) -> None:
        super().__init__(parent)
        self.session: EditSession | None = None
        self.rate = 0.0
        self.clock: Clock = clock or WallClock()  # tests give a clock they move themselves
        self.sound = None  # a TimelineSound, when playback has sound
        self._driver: Clock = self.clock  # the clock of the current play: sound or wall
        self._moving = False  # the playhead is being moved by this transport's tick
        self._from_time = 0.0
        self._from_frame = 0
        self._timer = QTimer(self, interval=TICK_MS)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    @property
    def playing(self) -> bool:
        return self.rate != 0.0

    def set_session(self, session: EditSession) -> None:
        self.stop()
        if self.session is not None:
            self.session.playhead_moved.disconnect(self._seeked)
        self.session = session
        session.playhead_moved.connect(self._seeked)

    def play(self, rate: float = 1.0) -> None:
        if self.session is None:
            return
        end = self.session.project.duration
        if rate > 0 and self.session.playhead >= end > 0 and not self.playing:
            self.session.set_playhead(0)  # play from the start after reaching the end
        self.rate = max(-MAX_RATE, min(MAX_RATE, rate))
        self._from_frame = self.session.playhead
        if self.sound is not None and self.rate == 1.0:
            self.sound.start(self._from_frame)  # its clock reads the start until sound flows
            self._driver = self.sound
        else:
            if self.sound is not None:
                self.sound.stop()
            self._driver = self.clock
        self._from_time = self._driver.now()
        self._timer.start()
        self.rate_changed.emit(self.rate)  # also when only the start moved: a new run

    def stop(self) -> None:
        if self.playing:
            self.rate = 0.0
            self._timer.stop()
            if self.sound is not None:
                self.sound.stop()
            self.rate_changed.emit(0.0)

    def _seeked(self, _frame: int) -> None:
        if self.playing and not self._moving:
            self.play(self.rate)  # someone else moved the playhead: play on from there

    def toggle(self) -> None:
        if self.playing:
            self.stop()
        else:
            self.play(1.0)

    def forward(self) -> None:
        """L: play forward; again plays faster."""
        self.play(self.rate * 2 if self.rate > 0 else 1.0)

    def backward(self) -> None:
        """J: play backward; again plays faster."""
        self.play(self.rate * 2 if self.rate < 0 else -1.0)

    def _tick(self) -> None:
        if self._driver is self.sound and self.sound.lost():
            # The device went away mid-play: go on from here on the wall clock.
            self._from_frame, self._driver = self.session.playhead, self.clock
            self._from_time = self.clock.now()
        fps = float(self.session.project.settings.fps)
        elapsed = self._driver.now() - self._from_time
        # The frame due now, from the clock alone: a slow tick skips frames, never drifts.
        # (The epsilon keeps exact frame times, as a test clock gives, on their own frame.)
        steps = math.floor(elapsed * fps * abs(self.rate) + 1e-6)
        frame = self._from_frame + (steps if self.rate > 0 else -steps)
        end = self.session.project.duration
        if frame <= 0 and self.rate < 0:
            self._move(0)
            self.stop()
        elif frame >= end and self.rate > 0:
            self._move(end)
            self.stop()
        else:
            self._move(frame)

    def _move(self, frame: int) -> None:
        self._moving = True  # not a seek: `_seeked` lets it pass
        try:
            self.session.set_playhead(frame)
        finally:
            self._moving = False
