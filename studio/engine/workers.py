"""Supervised worker processes: a device lane whose jobs run in a worker process of its own.

The lane's thread sends each job to its worker (studio.engine.protocol) and turns the
worker's messages back into the job's events, so callers see the same jobs and events
as with in-process lanes. A worker that dies, or says nothing for `stall_timeout`
seconds, fails its job in one line and is replaced for the next job; a job that
ignores cancel for `cancel_grace` seconds is stopped by ending its worker.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from pathlib import Path

from studio.engine import worker_spawn
from studio.engine.jobs import Job, JobState
from studio.engine.lanes import Lane
from studio.engine.protocol import (
    Message,
    UnreachableGenerator,
    generator_ref,
    message,
    request_to_wire,
)
from studio.engine.runner import model_key

log = logging.getLogger(__name__)

POLL_S = 0.02  # how often a lane looks at cancel and deadlines while its worker is silent
START_TIMEOUT_S = 120.0  # python + numpy + (for an auto device) torch, on a slow disk


class WorkerGone(Exception):  # noqa: N818 - says what happened
    """The worker process ended or could not start; the message says how, in one line."""


class WorkerProcess:
    """One `python -m studio.engine.worker` and our end of its pipe."""

    def __init__(
        self, hello: Message, start_timeout: float = START_TIMEOUT_S, spare: bool = False
    ) -> None:
        """Start one and greet it; `spare`: take the one a command started early, if any
        (studio.engine.worker_spawn)."""
        started = worker_spawn.take_spare() if spare else None
        if started is None:
            try:
                started = worker_spawn.start_worker_process()
            except (OSError, ValueError) as exc:  # ValueError: no pass_fds (not POSIX)
                raise WorkerGone(f"could not start a worker process: {exc}") from None
        self.proc, self.conn = started
        self.pid = self.proc.pid
        try:
            self.send(hello)
            if not self.conn.poll(start_timeout):
                raise WorkerGone(f"the worker process did not start within {start_timeout:g} s")
            ready = self.receive()
        except (EOFError, OSError):
            raise WorkerGone(f"the worker process {self.ended()} while starting") from None
        except WorkerGone:
            self.kill()
            raise
        self.device: str = ready["device"]
        self.budget: int | None = ready["budget"]

    def send(self, msg: Message) -> None:
        self.conn.send(msg)

    def receive(self) -> Message:
        """The next message other than a log record (those go to our log)."""
        while True:
            msg = self.conn.recv()
            if msg["type"] != "log":
                return msg
            relog(msg)

    def ended(self) -> str:
        """How the process ended, as words: 'crashed (SIGSEGV)', 'exited with status 3'."""
        try:
            code = self.proc.wait(2)
        except subprocess.TimeoutExpired:
            self.kill()
            return "stopped answering"
        if code < 0:
            try:
                return f"crashed ({signal.Signals(-code).name})"
            except ValueError:
                return f"crashed (signal {-code})"
        return f"exited with status {code}"

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        self.conn.close()

    def shutdown(self, timeout: float = 2.0, wait: bool = True) -> None:
        """Ask it to unload its models and end; kill it if it does not within `timeout`.
        `wait=False`: ask and let go (a command about to exit): it ends by itself, at the
        message, at our end of the pipe closing, or with this process."""
        try:
            self.send(message("shutdown"))
            if not wait:
                self.conn.close()
                return
            self.proc.wait(timeout)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()


def relog(msg: Message) -> None:
    """A worker's log record, logged here as if it happened here (its traceback as the
    record's exception text, so handlers that leave tracebacks out still do)."""
    logger = logging.getLogger(msg["name"])
    if logger.isEnabledFor(msg["level"]):
        record = logger.makeRecord(
            msg["name"], msg["level"], "(worker)", 0, "%s", (msg["text"],), None
        )
        record.exc_text = msg.get("trace")
        logger.handle(record)


class LoadedModels:
    """What the worker's model cache holds, as its last message said (for choosing a lane)."""

    def __init__(self, budget: int | None) -> None:
        self.budget = budget
        self._loaded: list[str] = []
        self._used = 0

    @property
    def loaded(self) -> list[str]:
        return list(self._loaded)

    @property
    def used(self) -> int:
        return self._used

    def __contains__(self, key: object) -> bool:
        return key in self._loaded

    def holds(self, generator_id: str) -> bool:
        return any(k == generator_id or k.startswith(generator_id + "@") for k in self._loaded)

    def update(self, msg: Message) -> None:
        self._loaded, self._used = list(msg.get("loaded", [])), int(msg.get("used", 0))


class WorkerLane(Lane):
    """Jobs for one device, one at a time, in a worker process that keeps models loaded.

    The same face as DeviceLane (device, cache, pending, put, stop). `cached=False`
    gives each job a fresh generator instance (the CPU generators' lane).
    """

    def __init__(
        self,
        device: str | None,
        budget: int | None,
        cpu_threads: int | None,
        *,
        cached: bool = True,
        stall_timeout: float = 900.0,
        cancel_grace: float = 5.0,
        nice: int = 0,
    ) -> None:
        super().__init__(device)
        self._nice = nice
        self.cache = LoadedModels(budget)
        self.stall_timeout = stall_timeout
        self.cancel_grace = cancel_grace
        self._budget = budget
        self._cpu_threads = cpu_threads
        self._cached = cached
        self._worker: WorkerProcess | None = None
        self._wait_for_worker = True
        self._start()

    @property
    def worker_pid(self) -> int | None:
        """The worker process's id while one runs (tests check none is left behind)."""
        worker = self._worker
        return None if worker is None else worker.pid

    def stop(self, timeout: float | None = None, wait_for_worker: bool = True) -> None:
        """End the lane and its worker; `wait_for_worker=False`: do not wait for the
        worker process to exit (it ends by itself, see WorkerProcess.shutdown)."""
        self._wait_for_worker = wait_for_worker
        super().stop(timeout)
        if self._thread.is_alive():  # a job outlived the timeout: end its worker anyway
            self._end_worker(kill=True)
            self._thread.join(5)

    def _finished(self) -> None:
        self._end_worker(wait=self._wait_for_worker)

    def _run_job(self, job: Job) -> None:
        if job.state is not JobState.QUEUED:
            return  # cancelled while it waited
        try:
            ref = generator_ref(job.generator)
            worker = self._ensure_worker()
        except (UnreachableGenerator, WorkerGone) as exc:
            if job._start(self.device or "cpu"):
                job._fail(str(exc))
            return
        if not job._start(worker.device):
            return
        request = request_to_wire(job.request)
        if self._cached and model_key(job.generator, job.request) not in self.cache:
            # Loading first, as a phase of its own: a remote worker may be told to load
            # ahead of time, and the lane knows the model is there when it ends.
            worker.send(message("load", job=job.id, generator=ref, request=request))
            if not self._follow(job, worker):
                return  # the load failed, or the worker died
            if job.cancel_event.is_set():
                job._cancelled()  # the model stays loaded for the next job
                return
        worker.send(
            message(
                "generate",
                job=job.id,
                generator=ref,
                request=request,
                out=None if job.out is None else str(job.out),
                media_dir=None if job.media_dir is None else str(job.media_dir),
            )
        )
        self._follow(job, worker)

    def _follow(self, job: Job, worker: WorkerProcess) -> bool:
        """Relay the worker's reports to the job until it ends, one way or another (False)
        or, after a "load", until the generator is loaded (True)."""
        name = job.generator.id
        heard = time.monotonic()
        cancel_sent: float | None = None
        while True:
            now = time.monotonic()
            if cancel_sent is None and job.cancel_event.is_set():
                cancel_sent = now
                try:
                    worker.send(message("cancel", job=job.id))
                except OSError:
                    pass  # it is dying; the next poll says so
            if cancel_sent is not None and now - cancel_sent > self.cancel_grace:
                log.warning(
                    "%s ignored cancel for %g s; ending its worker", name, self.cancel_grace
                )
                self._end_worker(kill=True)
                job._cancelled()
                return False
            if now - heard > self.stall_timeout:
                self._end_worker(kill=True)
                job._fail(
                    f"{name} stopped responding (nothing for {self.stall_timeout:g} s); "
                    "its worker process was ended"
                )
                return False
            try:
                if not worker.conn.poll(POLL_S):
                    continue
                msg = worker.receive()
            except (EOFError, OSError):
                how = worker.ended()
                self._end_worker(kill=True)
                if cancel_sent is not None:
                    job._cancelled()
                else:
                    self._worker_lost(job, how)
                return False
            except Exception as exc:  # noqa: BLE001 - a message we cannot read (unpicklable)
                job._fail(f"{name}: its result could not be read: {exc}")
                return False
            heard = time.monotonic()
            if msg["type"] == "loaded" and msg.get("job") == job.id:
                self.cache.update(msg)
                return True
            if self._relay(job, msg):
                return False

    def _worker_lost(self, job: Job, how: str) -> None:
        """The worker died mid-job (`how`: "crashed (SIGSEGV)", ...): fail the job."""
        job._fail(
            f"the worker process running {job.generator.id} {how}; a new one takes the next job"
        )

    def _relay(self, job: Job, msg: Message) -> bool:
        """Apply one message to the job; True once the job has ended."""
        kind = msg["type"]
        if msg.get("job") != job.id:
            return False  # not about this job (nothing else should be in flight)
        if kind == "progress":
            job._progress(msg["fraction"], msg["message"])
        elif kind == "preview":
            job._preview(msg["preview"])
        elif kind == "result":
            self.cache.update(msg)
            job._finish(msg["output"], [Path(p) for p in msg["paths"]])
            return True
        elif kind == "error":
            self.cache.update(msg)
            if msg["cancelled"]:
                job._cancelled()
            else:
                job._fail(msg["message"])
            return True
        return False

    def _warm_up(self) -> None:
        try:
            self._ensure_worker()
        except (WorkerGone, OSError) as exc:  # the first job meets it again and says so
            log.debug("warming up the worker for %s failed: %s", self.device, exc)

    def _ensure_worker(self) -> WorkerProcess:
        if self._worker is None or self._worker.proc.poll() is not None:
            self._worker = WorkerProcess(
                message(
                    "hello",
                    sys_path=list(sys.path),
                    device=self.device,
                    budget=self._budget,
                    cpu_threads=self._cpu_threads,
                    cached=self._cached,
                    nice=self._nice,
                ),
                spare=True,
            )
            self.device = self._worker.device
            self.cache.budget = self._worker.budget
        return self._worker

    def _end_worker(self, *, kill: bool = False, wait: bool = True) -> None:
        worker, self._worker = self._worker, None
        self.cache.update({})
        if worker is not None:
            worker.kill() if kill else worker.shutdown(wait=wait)
