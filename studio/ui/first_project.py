"""The sample project's build, started before the editor imports Qt. No Qt here.

A first start builds the sample in a worker process: starting that process and importing
the media libraries in it take about half a second, which used to begin only once the
window was up. Begun here, at the top of `storyreel`, it overlaps importing Qt and making
the window, and the window opens the sample when the future ends
(`MainWindow.open_sample(early=...)`).
"""

from __future__ import annotations

import threading
from concurrent.futures import CancelledError, Future
from pathlib import Path

# The main window's own pool for this work (MainWindow.work): the process that builds the
# sample goes on serving the window's media requests.
SAMPLE_POOL, SAMPLE_WORKERS = "media", 2


def start_sample_early() -> Future[Path]:
    """A future of the sample project's folder: at once when it is built, else built in a
    worker process. Returns without waiting: a thread checks and submits (starting a
    process blocks its caller for tens of milliseconds)."""
    early: Future[Path] = Future()
    early.set_running_or_notify_cancel()
    threading.Thread(target=_find_or_build, args=(early,), name="sample-early", daemon=True).start()
    return early


def _find_or_build(early: Future[Path]) -> None:
    from studio.sample_record import ready_sample
    from studio.ui.worker_pools import shared_pool
    from studio.workflows.media_jobs import sample_project

    try:
        ready = ready_sample()
        if ready is not None:
            early.set_result(ready)
            return
        building = shared_pool(SAMPLE_POOL, SAMPLE_WORKERS).submit(sample_project)
    except BaseException as exc:  # noqa: BLE001 - the window reports it and opens an empty project
        early.set_exception(exc)
        return
    building.add_done_callback(lambda done: _pass_on(done, early))


def _pass_on(done: Future[Path], early: Future[Path]) -> None:
    if done.cancelled():  # the pool was shut down: the editor is closing
        early.set_exception(CancelledError())
    elif done.exception() is not None:
        early.set_exception(done.exception())
    else:
        early.set_result(done.result())
