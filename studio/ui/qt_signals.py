"""Ending the editor on SIGTERM, SIGINT or SIGHUP (a `kill`, Ctrl+C in its terminal, a
logout) as closing its window does: the project's last edits autosaved for the next start
to offer, the worker processes shut down, exit status 0.

Python's default ended the process on the spot: no autosave of the last second's edits,
no shutdown of the media pool, and multiprocessing's resource tracker printing "leaked
semaphore objects" on the terminal. A Python signal handler runs only when the interpreter
next runs, which in Qt's event loop may be never; the signal's number is written to a
socket (signal.set_wakeup_fd) that a QSocketNotifier watches on the GUI thread.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject, QSocketNotifier
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

ENDING_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGINT", "SIGHUP") if hasattr(signal, name)
)
_ENDING_NUMBERS = frozenset(int(s) for s in ENDING_SIGNALS)


class SignalEnding(QObject):
    """While it lives (until `restore`), those signals call `end(name)` on the GUI thread."""

    def __init__(self, end: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._end = end
        self._reader, self._writer = socket.socketpair()
        for end_of_pair in (self._reader, self._writer):
            end_of_pair.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        # The wakeup byte does the work; a handler is needed so the default does not.
        self._previous = {sig: signal.signal(sig, _noted) for sig in ENDING_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._arrived)

    def _arrived(self) -> None:
        try:
            data = self._reader.recv(64)
        except OSError:
            return
        names = [signal.Signals(n).name for n in data if n in _ENDING_NUMBERS]
        if names:
            self._end(names[0])

    def restore(self) -> None:
        """Give the signals back their earlier handlers (tests; an embedding host)."""
        self._notifier.setEnabled(False)
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()


def _noted(_signum, _frame) -> None:
    pass


def end_editor_on_signals(window) -> SignalEnding:
    """SIGTERM, SIGINT and SIGHUP close `window` without questions, its edits autosaved
    (`MainWindow.end_by_request`), then leave every event loop, a modal dialog's too."""

    def end(name: str) -> None:
        log.info("ending on %s: the project's edits are autosaved", name)
        window.end_by_request()
        app = QApplication.instance()
        if app is not None:
            app.exit(0)

    return SignalEnding(end, window)
