"""A device lane: one worker thread that runs one device's jobs in order, with its model cache."""

from __future__ import annotations

import logging
import queue
import threading
from typing import Any

from studio.engine.cache import ModelCache
from studio.engine.devices import detect_device, memory_budget
from studio.engine.jobs import Job, JobState
from studio.engine.runner import run_job

log = logging.getLogger(__name__)


_WARM_UP: Any = object()  # queued by Lane.warm_up, never a job


class Lane:
    """One thread that takes a lane's jobs in order: subclasses run each (`_run_job`) and
    tidy up after the last (`_finished`). Call `_start()` once the subclass is set up."""

    def __init__(self, device: str | None) -> None:
        self.device = device
        self._queue: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._pending = 0
        self._lock = threading.Lock()
        self._thread = threading.Thread(
            target=self._run, name=f"storyreel-lane-{device or 'auto'}", daemon=True
        )

    def _start(self) -> None:
        self._thread.start()

    @property
    def pending(self) -> int:
        """Jobs queued or running on this lane."""
        with self._lock:
            return self._pending

    def put(self, job: Job) -> None:
        with self._lock:
            self._pending += 1
        self._queue.put(job)

    def stop(self, timeout: float | None = None) -> None:
        self._queue.put(None)
        self._thread.join(timeout)

    def warm_up(self) -> None:
        """Get ready for a first job now (a worker lane starts its process), so that its
        start overlaps whatever the caller does before submitting."""
        self._queue.put(_WARM_UP)

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            if job is _WARM_UP:
                self._warm_up()
                continue
            try:
                self._run_job(job)
            except Exception as exc:  # a bug of ours must not end the lane
                log.exception("the lane for %s failed running job %d", self.device, job.id)
                if job._start(self.device or "cpu") or job.state is JobState.RUNNING:
                    job._fail(f"the engine failed: {exc}")
            finally:
                with self._lock:
                    self._pending -= 1
        self._finished()

    def _run_job(self, job: Job) -> None:
        raise NotImplementedError

    def _warm_up(self) -> None:
        """(on the lane's thread) What `warm_up` asks; nothing by default."""

    def _finished(self) -> None:
        """After the last job (stop)."""


class DeviceLane(Lane):
    """Jobs for one accelerator (or the CPU when there is none), one at a time, on a
    thread of this process.

    `device=None` detects the device on the lane's own thread when its first job
    starts, so building an engine never imports torch.
    """

    def __init__(self, device: str | None, budget: int | None, cpu_threads: int | None) -> None:
        super().__init__(device)
        self.cache = ModelCache(budget)
        self._auto_budget = budget is None
        self._prepared = False
        self._cpu_threads = cpu_threads
        self._start()

    def _run_job(self, job: Job) -> None:
        if job.state is JobState.QUEUED and not self._prepared:
            self._prepare()
        run_job(job, self.device or "cpu", self.cache, self._cpu_threads)

    def _finished(self) -> None:
        self.cache.clear()

    def _prepare(self) -> None:
        """Find the device and its memory, on this thread, when the first job needs them."""
        self._prepared = True
        if self.device is None:
            try:
                self.device = detect_device()
            except Exception:  # a broken torch install: still run what works on the CPU
                log.warning("device detection failed; using the CPU", exc_info=True)
                self.device = "cpu"
        if self._auto_budget:
            try:
                self.cache.budget = memory_budget(self.device)
            except Exception:
                log.warning("cannot read %s's memory; the cache has no budget", self.device)
