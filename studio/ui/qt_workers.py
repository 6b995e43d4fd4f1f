"""Slow work (probing, decoding, thumbnails, peaks) on worker threads, results on the GUI thread."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; a worker's emit is queued to it, so callbacks run there."""

    finished = Signal(object, object, object)  # on_done, on_error, future


class BackgroundWork(QObject):
    """A small thread pool whose results are delivered by queued signal, never by waiting."""

    def __init__(self, threads: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="storyreel-ui")
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._closed = False
        self.pending = 0

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future:
        """Run `fn(*args)` on a worker; `on_done(result)` or `on_error(exc)` runs on this thread."""
        self.pending += 1
        future = self._pool.submit(fn, *args)
        relay = self._relay

        def finished(done: Future) -> None:
            try:
                relay.finished.emit(on_done, on_error, done)
            except RuntimeError:
                pass  # the window closed while this ran: nobody is left to tell

        future.add_done_callback(finished)
        return future

    def _deliver(self, on_done, on_error, future: Future) -> None:
        self.pending -= 1
        if self._closed or future.cancelled():
            return
        error = future.exception()
        if error is None:
            on_done(future.result())
        elif on_error is not None:
            on_error(error)
        else:
            log.warning("background work failed: %s", error)

    def shutdown(self) -> None:
        """Drop queued work and stop delivering; running work finishes on its own."""
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
