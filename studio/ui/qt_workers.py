"""The one way off the GUI thread and back: run a function on a thread or in a worker
process, and hear its result or its error on the GUI thread.

What goes where:
- The GUI thread draws and edits the document, and nothing else: it never waits on a model,
  a decode, a render, a long parse or a disk write.
- A thread (`run_in_thread`) for work that mostly waits, or runs in C with the GIL released:
  reading and writing files, a short parse, torch and numpy kernels. Cheap to start,
  nothing to pickle.
- A worker process (`submit`) for Python-heavy work longer than a frame: probing, decoding,
  thumbnails, peaks, compositing, a long parse. A thread running Python holds the GIL in
  slices, and every Qt call the GUI thread makes may then wait for it: painting slowed
  down several times while an import ran on a thread. `fn` must be a module-level function
  and its arguments and result picklable.
- Generation runs as engine jobs in their own supervised processes (studio.engine); their
  events reach the GUI through EngineBridge (studio.ui.qt_bridge), coalesced.
- A Future made elsewhere (the engine's CPU pool, the autosave writer): `when_done`.
- Anything else a thread must tell the GUI: `call_in_gui`. A QObject's own public signals
  may still be emitted from a thread (Qt queues them), but no class exists only to hop
  threads: `GuiCall` is the one.

Callbacks run while their owner lives: make a BackgroundWork on the GUI thread as the child
of the object whose callbacks it runs; once that is deleted (its window closed) or
`shutdown()` is called, answers still on their way are dropped. Nothing here ever waits.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from studio.ui.worker_pools import (
    current_pool,
    forget_broken,
    pool_started,
    shared_pool,
    spawn_at_pool_priority,
)

log = logging.getLogger(__name__)


class GuiCall(QObject):
    """Runs `fn(*args)` on the thread it was made on (the GUI thread), asked from any thread."""

    _posted = Signal(object, object)  # fn, its arguments

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, fn: Callable[..., Any], *args: Any) -> bool:
        """Queue `fn(*args)`; False once this object is deleted (nobody is left to tell)."""
        try:
            self._posted.emit(fn, args)
        except RuntimeError:
            return False
        return True

    def _run(self, fn: Callable[..., Any], args: tuple) -> None:
        fn(*args)


class BackgroundWork(QObject):
    """One owner's work off the GUI thread, its answers on the GUI thread (see the module)."""

    def __init__(self, pool: str = "media", workers: int = 2, parent=None) -> None:
        super().__init__(parent)
        self._name = pool
        self._workers = workers
        self._gui = GuiCall(self)
        self._futures: set[Future] = set()  # every run not yet answered
        self._started: set[Future] = set()  # ... of which this object started (cancellable)
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
        """Run `fn(*args)` in a worker process; `on_done(result)` or `on_error(exc)` runs on
        this object's thread (without `on_error`, the failure is logged).

        `fn` must be a module-level function and its arguments and result picklable.
        """
        pool = shared_pool(self._name, self._workers)
        try:
            future = pool.submit(fn, *args)
        except RuntimeError:  # BrokenProcessPool
            forget_broken(self._name, pool)  # a worker crashed: start afresh
            future = shared_pool(self._name, self._workers).submit(fn, *args)
        self._started.add(future)
        return self.when_done(future, on_done=on_done, on_error=on_error)

    def run_in_thread(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
        name: str = "storyreel-work",
    ) -> Future:
        """Run `fn(*args)` on a daemon thread of its own; answered as `submit` is."""
        future: Future = Future()

        def work() -> None:
            if not future.set_running_or_notify_cancel():
                return  # cancelled before it started
            try:
                result = fn(*args)
            except BaseException as exc:  # noqa: BLE001 - every failure is answered, none raised
                future.set_exception(exc)
            else:
                future.set_result(result)

        self._started.add(future)
        self.when_done(future, on_done=on_done, on_error=on_error)
        threading.Thread(target=work, name=name, daemon=True).start()
        return future

    def when_done(
        self,
        future: Future,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Future:
        """`on_done(result)` or `on_error(exc)` on this object's thread once `future` ends;
        nothing if it was cancelled. `shutdown()` cancels only the work this object started."""
        self._futures.add(future)
        gui, deliver = self._gui, self._deliver
        future.add_done_callback(lambda done: gui.post(deliver, on_done, on_error, done))
        return future

    def call_in_gui(self, fn: Callable[..., Any], *args: Any) -> None:
        """`fn(*args)` on this object's thread, asked from any thread; dropped once it is gone."""
        self._gui.post(fn, *args)

    def _deliver(self, on_done, on_error, future: Future) -> None:
        self._futures.discard(future)
        self._started.discard(future)
        if self._closed or future.cancelled():
            return
        error = future.exception()
        if type(error).__name__ == "BrokenProcessPool":
            forget_broken(self._name, current_pool(self._name))
        if error is None:
            on_done(future.result())
        elif on_error is not None:
            on_error(error)
        else:
            log.warning("background work failed: %s", error)

    def warm_up(self) -> None:
        """Start the worker processes now (they import the media libraries once). Starting
        a process blocks its caller for tens of milliseconds each, so a thread does it."""
        from studio.workflows.media_jobs import warm_up

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
            spawn_at_pool_priority(self._name)
            self.submit(fn, *args, on_done=on_done, on_error=on_error)

        threading.Thread(target=start, name=f"{self._name}-submit", daemon=True).start()

    def submit_soon(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> None:
        """`submit` at once when the pool's processes are all running, else from a thread:
        at start-up the viewer's first frame waited 100+ ms on the GUI thread for the pool's
        lock while the warm-up started the processes."""
        if pool_started(self._name, self._workers):
            self.submit(fn, *args, on_done=on_done, on_error=on_error)
        else:
            self.submit_from_thread(fn, *args, on_done=on_done, on_error=on_error)

    def shutdown(self) -> None:
        """Cancel the work this owner started and not begun, and stop answering; the shared
        pool stays."""
        self._closed = True
        for future in list(self._started):
            future.cancel()
        self._futures.clear()
        self._started.clear()
