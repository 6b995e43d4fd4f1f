"""Transport: play, pause and shuttle (J/K/L) by moving the playhead against the clock."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QObject, QTimer, Signal

from studio.ui.qt_session import EditSession

MAX_RATE = 8.0


class Transport(QObject):
    rate_changed = Signal(float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.session: EditSession | None = None
        self.rate = 0.0
        self._clock = QElapsedTimer()
        self._from_frame = 0
        self._timer = QTimer(self, interval=10)
        self._timer.timeout.connect(self._tick)

    @property
    def playing(self) -> bool:
        return self.rate != 0.0

    def set_session(self, session: EditSession) -> None:
        self.stop()
        self.session = session

    def play(self, rate: float = 1.0) -> None:
        if self.session is None:
            return
        end = self.session.project.duration
        if rate > 0 and self.session.playhead >= end > 0 and not self.playing:
            self.session.set_playhead(0)  # play from the start after reaching the end
        self.rate = max(-MAX_RATE, min(MAX_RATE, rate))
        self._from_frame = self.session.playhead
        self._clock.start()
        self._timer.start()
        self.rate_changed.emit(self.rate)

    def stop(self) -> None:
        if self.playing:
            self.rate = 0.0
            self._timer.stop()
            self.rate_changed.emit(0.0)

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
        fps = float(self.session.project.settings.fps)
        frame = self._from_frame + int(self._clock.elapsed() / 1000 * fps * self.rate)
        end = self.session.project.duration
        if frame <= 0 and self.rate < 0:
            self.session.set_playhead(0)
            self.stop()
        elif frame >= end and self.rate > 0:
            self.session.set_playhead(end)
            self.stop()
        else:
            self.session.set_playhead(frame)
