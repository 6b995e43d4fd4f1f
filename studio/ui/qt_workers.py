"""Slow work (probing, decoding, thumbnails, peaks) in worker processes, results on the GUI thread.

Processes rather than threads: Python work on a thread holds the GIL in slices, and every
Qt call the GUI thread makes may then wait for it, so painting slows down several times
while an import runs. Results come back by queued signal; nothing here ever waits.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

log = logging.getLogger(__name__)

# One pool per kind of work for the whole application: windows come and go, the
# processes (and the media libraries they have imported) stay.
_pools: dict[str, ProcessPoolExecutor] = {}
# The warm-up thread and the GUI thread may both ask for a pool first: one is made.
_pools_lock = threading.Lock()


def shared_pool(name: str, workers: int) -> ProcessPoolExecutor:
    with _pools_lock:
        return _pools.get(name) or _new_pool(name, workers)


def _new_pool(name: str, workers: int) -> ProcessPoolExecutor:
    # Imported here: process pools cost start-up time and the window needs none yet.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # spawn, not fork: forking a process that runs Qt threads is unsafe.
    context = multiprocessing.get_context("spawn")
    if not _pools:
        # Shut the pools down while the interpreter is whole: left to garbage collection
        # at exit, their manager threads trip over half-torn-down modules.
        atexit.register(shutdown_pools)
    pool = _pools[name] = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_worker_setup
    )
    return pool


def shutdown_pools() -> None:
    """Stop every worker process, dropping queued work (at exit)."""
    while _pools:
        _, pool = _pools.popitem()
        pool.shutdown(wait=True, cancel_futures=True)


def _worker_setup() -> None:
    """(in each worker) Yield the CPU to the GUI, and end with the editor if it dies."""
    try:
        os.nice(10)
    except (AttributeError, OSError):
        pass  # not on this platform: the work still runs, at normal priority
    parent = os.getppid()

    def watch() -> None:
        # A killed editor cannot shut its pool down; its orphans must not linger.
        while os.getppid() == parent:
            time.sleep(2.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _forget_broken(name: str, pool: ProcessPoolExecutor | None) -> None:
    with _pools_lock:
        if pool is not None and _pools.get(name) is pool:
            del _pools[name]


class _Relay(QObject):
    """Lives on the GUI thread; the pool's emit is queued to it, so callbacks run there."""

    finished = Signal(object, object, object)  # on_done, on_error, future


class BackgroundWork(QObject):
    def __init__(self, pool: str = "media", workers: int = 2, parent=None) -> None:
        super().__init__(parent)
        self._name = pool
        self._workers = workers
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._futures: set[Future] = set()
        self._closed = False

    @property
    def pending(self) -> int:
        return len(self._futures)

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future:
        """Run `fn(*args)` in a worker; `on_done(result)` or `on_error(exc)` runs on this thread.

        `fn` must be a module-level function and its arguments and result picklable.
        """
        pool = shared_pool(self._name, self._workers)
        try:
            future = pool.submit(fn, *args)
        except RuntimeError:  # BrokenProcessPool
            _forget_broken(self._name, pool)  # a worker crashed: start afresh
            future = shared_pool(self._name, self._workers).submit(fn, *args)
        self._futures.add(future)
        relay = self._relay

        def finished(done: Future) -> None:
            try:
                relay.finished.emit(on_done, on_error, done)
            except RuntimeError:
                pass  # the window closed while this ran: nobody is left to tell

        future.add_done_callback(finished)
        return future

    def _deliver(self, on_done, on_error, future: Future) -> None:
        self._futures.discard(future)
        if self._closed or future.cancelled():
            return
        error = future.exception()
        if type(error).__name__ == "BrokenProcessPool":
            _forget_broken(self._name, _pools.get(self._name))
        if error is None:
            on_done(future.result())
        elif on_error is not None:
            on_error(error)
        else:
            log.warning("background work failed: %s", error)

    def warm_up(self) -> None:
        """Start the worker processes now (they import the media libraries once). Starting
        a process blocks its caller for tens of milliseconds each, so a thread does it."""
        from studio.ui.media_jobs import warm_up

        for _ in range(self._workers):
            self.submit_from_thread(warm_up, on_done=lambda _result: None)

    def submit_from_thread(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """`submit`, made from a short-lived thread: the first submissions start the pool's
        processes, and starting one blocks the caller for tens of milliseconds."""

        def start() -> None:
            self.submit(fn, *args, on_done=on_done, on_error=on_error)

        threading.Thread(target=start, name=f"{self._name}-submit", daemon=True).start()

    def shutdown(self) -> None:
        """Cancel this owner's queued work and stop delivering; the shared pool stays."""
        self._closed = True
        for future in list(self._futures):
            future.cancel()
        self._futures.clear()
