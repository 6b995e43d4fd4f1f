"""The editor's worker-process pools, one per kind of work, shared by every window. No Qt:
the sample project's build is submitted here before Qt is even imported
(`studio.ui.first_project`); `studio.ui.qt_workers` answers their futures on the GUI thread."""

from __future__ import annotations

import atexit
import os
import sys
import threading
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# One pool per kind of work for the whole application: windows come and go, the
# processes (and the media libraries they have imported) stay.
_pools: dict[str, ProcessPoolExecutor] = {}
# The warm-up thread and the GUI thread may both ask for a pool first: one is made.
_pools_lock = threading.Lock()


def shared_pool(name: str, workers: int) -> ProcessPoolExecutor:
    with _pools_lock:
        return _pools.get(name) or _new_pool(name, workers)


def pool_started(name: str, workers: int) -> bool:
    """Whether the pool exists with all its processes running, so a submit starts none."""
    pool = _pools.get(name)
    # ProcessPoolExecutor keeps no public count of its processes; without one, assume not.
    processes = getattr(pool, "_processes", None) if pool is not None else None
    return processes is not None and len(processes) >= workers


# Workers yield the CPU to the GUI: thumbnails, peaks and proxies can wait a moment. The
# viewer's worker is the exception: it draws the picture the user is looking at, and at
# nice 10 beside a first start's other work its start took 0.6 s longer to show the sample.
BACKGROUND_NICENESS = 10
POOL_NICENESS = {"viewer": 0}


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
        max_workers=workers,
        mp_context=context,
        initializer=_worker_setup,
        initargs=(pool_niceness(name),),
    )
    return pool


def shutdown_pools() -> None:
    """Stop every worker process, dropping queued work (at exit)."""
    while _pools:
        _, pool = _pools.popitem()
        pool.shutdown(wait=True, cancel_futures=True)


def pool_niceness(name: str) -> int:
    return POOL_NICENESS.get(name, BACKGROUND_NICENESS)


def spawn_at_pool_priority(name: str) -> None:
    """(on the short-lived thread that submits to a cold pool) Take the pool's niceness for
    this thread alone, so the processes it starts have it from their first instruction: a
    spawned worker starts Python and imports at the priority of the thread that forked it,
    and two of them at the GUI's priority held its input for 100+ ms at start-up."""
    if sys.platform != "linux":
        return  # elsewhere the call would lower the whole editor's priority
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), pool_niceness(name))
    except OSError:
        pass  # not allowed here: the worker lowers itself once started, as before


def _worker_setup(niceness: int) -> None:
    """(in each worker) Yield the CPU to the GUI, and end with the editor if it dies."""
    try:
        if os.getpriority(os.PRIO_PROCESS, 0) < niceness:  # not already, from its spawner
            os.setpriority(os.PRIO_PROCESS, 0, niceness)
    except (AttributeError, OSError):
        pass  # not on this platform: the work still runs, at normal priority
    parent = os.getppid()

    def watch() -> None:
        # A killed editor cannot shut its pool down; its orphans must not linger.
        while os.getppid() == parent:
            time.sleep(2.0)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def forget_broken(name: str, pool: ProcessPoolExecutor | None) -> None:
    with _pools_lock:
        if pool is not None and _pools.get(name) is pool:
            del _pools[name]


def current_pool(name: str) -> ProcessPoolExecutor | None:
    """The pool called `name` if one was made (and not forgotten as broken)."""
    return _pools.get(name)
