"""Re-parsing the script as it changes: debounced, on a worker thread, latest text wins.

A thread rather than a worker process: the parse result is a large object graph, and
unpickling it on the GUI thread would cost more than the parse itself. The parse holds
the GIL in slices, so the GUI thread still runs between them (a 2,000-page script takes
about 0.3 s to parse; the event loop keeps ticking meanwhile).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from studio.ui.script.analysis import Analysis, analyse

QUICK_MS = 150  # quiet time after typing before a short script is re-parsed
SLOW_MS = 500  # ... and a long one, whose parse is worth doing less often
LONG_SCRIPT = 200_000  # characters: about 40 pages


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits `done` and the queued slot runs here."""

    done = Signal(object)


class ScriptParser(QObject):
    """Parses `source()` — a (text, revision) pair read on the GUI thread — off it."""

    parsed = Signal(object)  # Analysis

    def __init__(self, source: Callable[[], tuple[str, int]], parent: QObject | None = None):
        super().__init__(parent)
        self._source = source
        self.latest: Analysis | None = None
        self._running: threading.Thread | None = None
        self._waiting: list[Callable[[Analysis], None]] = []
        self._relay = _Relay(self)
        self._relay.done.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.parse_now)

    @property
    def busy(self) -> bool:
        return self._running is not None or self._timer.isActive()

    def schedule(self, length: int) -> None:
        """The text changed: parse once it has been quiet for a moment."""
        self._timer.start(SLOW_MS if length > LONG_SCRIPT else QUICK_MS)

    def parse_now(self) -> None:
        self._timer.stop()
        if self._running is not None:
            return  # when it ends, a stale result starts the next pass with the newest text
        text, revision = self._source()
        self._running = threading.Thread(
            target=self._work, args=(text, revision), name="storyreel-script-parse", daemon=True
        )
        self._running.start()

    def when_current(self, then: Callable[[Analysis], None]) -> None:
        """Call `then` with a parse of the text as it is now: at once if there is one."""
        if self.latest is not None and self.latest.revision == self._source()[1]:
            then(self.latest)
            return
        self._waiting.append(then)
        self.parse_now()

    def _work(self, text: str, revision: int) -> None:
        result = analyse(text, revision)
        try:
            self._relay.done.emit(result)
        except RuntimeError:
            pass  # the panel was closed while this ran: nobody is left to tell

    def _finished(self, result: Analysis) -> None:
        self._running = None
        current = result.revision == self._source()[1]
        if not current:
            self.parse_now()
        self.latest = result
        self.parsed.emit(result)
        if current:
            waiting, self._waiting = self._waiting, []
            for then in waiting:
                then(result)
