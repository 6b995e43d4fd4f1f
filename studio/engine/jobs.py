"""Jobs: one generation request and its life, queued → running → done | cancelled | failed.

A job's state changes under its own lock and each change is announced once, as
a JobEvent, on whatever thread made it (a worker, or the caller of `cancel()`).
"""

from __future__ import annotations

import enum
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studio.plugins.api import Generator, Output, Request


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.CANCELLED, JobState.FAILED)


class EventKind(enum.StrEnum):
    QUEUED = "queued"
    STARTED = "started"
    PROGRESS = "progress"
    PREVIEW = "preview"
    FINISHED = "finished"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class JobEvent:
    """What happened to a job. `preview` is set for PREVIEW events only."""

    kind: EventKind
    job: Job
    fraction: float = 0.0
    message: str = ""
    preview: Any = None


_ids = itertools.count(1)


class Job:
    """A request for one generator, and where its output goes.

    Read its fields from any thread; only the engine changes them. `path` is the
    written file once DONE; `error` is the one-line reason once FAILED.
    """

    def __init__(
        self,
        generator: type[Generator],
        request: Request,
        emit: Callable[[JobEvent], None],
        *,
        out: Path | None = None,
        media_dir: Path | None = None,
        target: Any = None,
    ) -> None:
        self.id = next(_ids)
        self.generator = generator
        self.request = request
        self.out = out
        self.media_dir = media_dir
        # What the caller means the take for (studio.workflows.landing.Target); the engine
        # only carries it, to the job's end and to its retries.
        self.target = target
        self.state = JobState.QUEUED
        self.fraction = 0.0
        self.message = ""
        self.error: str | None = None
        self.output: Output | None = None
        self.path: Path | None = None  # the written take (the first, for a batch)
        self.paths: list[Path] = []  # every written take: the first, then each variation
        self.device: str | None = None
        self.worker: str | None = None  # which remote worker ran it (a cluster's), for the UI
        self.steps_after_cancel = 0  # progress reports that arrived after cancel() (bench, tests)
        self.created = time.monotonic()
        self.started: float | None = None
        self.ended: float | None = None
        self.cancel_requested_at: float | None = None
        self.cancel_event = threading.Event()
        self._emit = emit
        self._lock = threading.Lock()
        self._done = threading.Event()

    def __repr__(self) -> str:
        return f"<Job {self.id} {self.generator.id} {self.state.value}>"

    @property
    def generator_id(self) -> str:
        return self.generator.id

    def cancel(self) -> None:
        """Ask the job to stop: a queued job ends now, a running one within one step."""
        with self._lock:
            if self.state.finished:
                return
            if self.cancel_requested_at is None:
                self.cancel_requested_at = time.monotonic()
            self.cancel_event.set()
            if self.state is not JobState.QUEUED:
                return
            self._end(JobState.CANCELLED)
        self._announce_end(JobEvent(EventKind.CANCELLED, self))

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job has finished; False if `timeout` passed first."""
        return self._done.wait(timeout)

    # Transitions, called by the engine's workers ------------------------------------------

    def _start(self, device: str) -> bool:
        """Move to RUNNING; False if the job was cancelled while it waited."""
        with self._lock:
            if self.state is not JobState.QUEUED:
                return False
            self.state = JobState.RUNNING
            self.device = device
            self.started = time.monotonic()
        self._emit(JobEvent(EventKind.STARTED, self))
        return True

    def _progress(self, fraction: float, message: str) -> None:
        with self._lock:
            self.fraction, self.message = fraction, message
            if self.cancel_event.is_set():
                self.steps_after_cancel += 1
        self._emit(JobEvent(EventKind.PROGRESS, self, fraction, message))

    def _preview(self, obj: Any) -> None:
        self._emit(JobEvent(EventKind.PREVIEW, self, self.fraction, self.message, obj))

    def _finish(self, output: Output, paths: list[Path]) -> None:
        with self._lock:
            self.output, self.fraction = output, 1.0
            self.paths = list(paths)
            self.path = self.paths[0] if self.paths else None
            self._end(JobState.DONE)
        self._announce_end(JobEvent(EventKind.FINISHED, self, 1.0))

    def _fail(self, error: str) -> None:
        with self._lock:
            self.error = error
            self._end(JobState.FAILED)
        self._announce_end(JobEvent(EventKind.FAILED, self, self.fraction, error))

    def _cancelled(self) -> None:
        with self._lock:
            self._end(JobState.CANCELLED)
        self._announce_end(JobEvent(EventKind.CANCELLED, self, self.fraction))

    def _end(self, state: JobState) -> None:
        self.state = state
        self.ended = time.monotonic()

    def _announce_end(self, event: JobEvent) -> None:
        # Waiters wake only after subscribers have heard the end, so they see one story.
        try:
            self._emit(event)
        finally:
            self._done.set()
