"""Re-parsing the script as it changes: debounced, off the GUI thread, latest text wins.

A short script is read on a thread: quick, and nothing to start. A long one goes to a
worker process: a parse holding the GIL for a second would make every Qt call on the GUI
thread wait its turn, and the collector's passes over its 100,000 elements would stall
it outright. Only the small `Analysis` comes back. The parsed elements themselves, which
the breakdown and the logline need, are made on demand (`with_screenplay`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

from studio.screenplay import Screenplay, parse
from studio.ui.qt_workers import BackgroundWork
from studio.workflows.script.analysis import Analysis, analyse

QUICK_MS = 150  # quiet time after typing before a short script is re-parsed
SLOW_MS = 500  # ... and a long one, whose parse is worth doing less often
LONG_SCRIPT = 200_000  # characters: about 40 pages

log = logging.getLogger(__name__)


class ScriptParser(QObject):
    """Parses `source()` — a (text, revision) pair read on the GUI thread — off it."""

    parsed = Signal(object)  # Analysis

    def __init__(self, source: Callable[[], tuple[str, int]], parent: QObject | None = None):
        super().__init__(parent)
        self._source = source
        self.latest: Analysis | None = None
        self._running = False
        self._waiting: list[Callable[[Analysis], None]] = []
        # Short scripts parse on a thread; the process starts with the first long one.
        self._work = BackgroundWork("script", workers=1, parent=self)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.parse_now)

    @property
    def busy(self) -> bool:
        return self._running or self._timer.isActive()

    def schedule(self, length: int) -> None:
        """The text changed: parse once it has been quiet for a moment."""
        self._timer.start(SLOW_MS if length > LONG_SCRIPT else QUICK_MS)

    def parse_now(self) -> None:
        self._timer.stop()
        if self._running:
            return  # when it ends, a stale result starts the next pass with the newest text
        self._running = True
        text, revision = self._source()
        if len(text) <= LONG_SCRIPT:
            self._work.run_in_thread(
                analyse, text, revision, on_done=self._finished, on_error=self._failed
            )
        else:
            self._work.submit(
                analyse, text, revision, on_done=self._finished, on_error=self._failed
            )

    def when_current(self, then: Callable[[Analysis], None]) -> None:
        """Call `then` with a reading of the text as it is now: at once if there is one."""
        if self.latest is not None and self.latest.revision == self._source()[1]:
            then(self.latest)
            return
        self._waiting.append(then)
        self.parse_now()

    def with_screenplay(self, then: Callable[[Screenplay, str], None]) -> None:
        """Parse the text as it is now on a thread; `then(screenplay, text)` runs here,
        unless the text changed meanwhile (the caller's action would be out of date)."""
        text, revision = self._source()

        def done(screenplay: Screenplay) -> None:
            if self._source()[1] == revision:
                then(screenplay, text)

        self._work.run_in_thread(parse, text, on_done=done, on_error=self._failed)

    def _finished(self, result: Analysis) -> None:
        self._running = False
        current = result.revision == self._source()[1]
        if not current:
            self.parse_now()
        self.latest = result
        self.parsed.emit(result)
        if current:
            waiting, self._waiting = self._waiting, []
            for then in waiting:
                then(result)

    def _failed(self, error: BaseException) -> None:
        # The parser takes any text, so this is a worker process that died: the next edit
        # starts a fresh one.
        self._running = False
        log.warning("parsing the script failed: %s", error)
