"""The timeline's sound during playback, and the clock the picture follows at normal speed.

The mix is made on the playout's feeder thread from a copy of the audio tracks
(`sound_only`), so the editor may change the document while it plays; an edit swaps in
a fresh copy once edits pause, keeping the decoded files.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from studio.media.audio_output import Output, open_output
from studio.media.decode import LRU
from studio.media.mix import Mixer, sound_only
from studio.media.playout import Playout
from studio.model.time import frames_to_samples
from studio.ui.qt_session import EditSession

EDIT_SETTLE_MS = 60


def opened(output: Output, signal) -> Output:
    """Say which output opened (`signal(name, audible, reason)`); if the receiver is gone
    (its window closed meanwhile), close the output rather than leave a device open."""
    try:
        signal.emit(output.name, output.audible, getattr(output, "reason", ""))
    except RuntimeError:
        output.close()
        raise
    return output


class TimelineSound(QObject):
    """Plays the timeline from a frame; as a clock, `now()` is the time of what is heard."""

    opened = Signal(str, bool, str)  # output name, audible, why silent
    problem = Signal(str)

    def __init__(
        self,
        parent=None,
        opener: Callable[[int], Output] = open_output,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._now = now
        self.session: EditSession | None = None
        self.playout: Playout | None = None
        self._opener = opener
        self._sources: LRU[np.ndarray] = LRU(16)  # decoded files, kept across edits
        self._settle = QTimer(self, singleShot=True, interval=EDIT_SETTLE_MS)
        self._settle.timeout.connect(self._swap_source)

    def set_session(self, session: EditSession) -> None:
        self.stop()
        if self.session is not None:
            self.session.changed.disconnect(self._changed)
        self.session = session
        self._sources = LRU(16)
        self.playout = self._new_playout()
        session.changed.connect(self._changed)

    def _new_playout(self) -> Playout:
        return Playout(
            self.session.project.settings.sample_rate,
            opener=self._open,
            now=self._now,
            on_problem=self.problem.emit,  # from the feeder thread: queued to the GUI
        )

    @property
    def playing(self) -> bool:
        return self.playout is not None and self.playout.playing

    def start(self, frame: int) -> None:
        if self.session is None:
            return
        settings = self.session.project.settings
        if self.playout.rate != settings.sample_rate:  # the project's rate was changed
            self.playout.stop()
            self.playout = self._new_playout()
        first = frames_to_samples(frame, settings.sample_rate, settings.fps)
        self.playout.start(self._source(), first)

    def stop(self) -> None:
        self._settle.stop()
        if self.playout is not None:
            self.playout.stop()

    def now(self) -> float:
        """Seconds of timeline being heard (the start position until sound begins)."""
        if self.playout is None:
            return 0.0
        return self.playout.position() / self.playout.rate

    def lost(self) -> bool:
        """True once, when the sound has stopped mid-play: it is stopped, and says why."""
        if self.playout is None or not self.playout.stalled():
            return False
        failed = self.playout.failed  # then its reason has been said already
        self.stop()
        if not failed:
            self.problem.emit("The sound output stopped responding: playing on without sound")
        return True

    def _open(self, rate: int) -> Output:
        return opened(self._opener(rate), self.opened)  # on the feeder thread

    def _source(self) -> Mixer:
        project = sound_only(self.session.project)
        return Mixer(project, self.session.doc.path, sources=self._sources)

    def _changed(self, _change) -> None:
        if self.playing:
            self._settle.start()

    def _swap_source(self) -> None:
        # A changed sample rate needs a new output: the next play makes one.
        if self.playing and self.playout.rate == self.session.project.settings.sample_rate:
            self.playout.set_source(self._source())
