"""A lane whose worker is a Ray actor on a cluster's GPU (studio.engine.cluster_actor).

It is the local worker lane (studio.engine.workers.WorkerLane) with another transport:
the same messages, progress, previews, cancel, deadlines and model-cache reports, sent
through Ray calls instead of a pipe. What differs is what a remote machine needs: input
files travel as bytes through Ray's object store, and the result's arrays come back and
are written here, through the same take writer as local jobs, so the project folder never
needs to be on shared storage and a lost worker never leaves half a take. A worker that
dies mid-job (killed, out of memory, its machine gone) is replaced and the job tried once
more, wherever Ray places the new actor; a second loss fails the job in one line.
"""

from __future__ import annotations

import collections
import logging
import sys
import time
from pathlib import Path
from typing import Any

from studio.engine.cluster import Cluster
from studio.engine.cluster_actor import INPUT_BYTES
from studio.engine.jobs import Job, JobState
from studio.engine.protocol import Message, UnreachableGenerator, generator_ref, message
from studio.engine.protocol import request_to_wire as _request_to_wire
from studio.engine.runner import model_key, one_line, write_takes
from studio.engine.workers import START_TIMEOUT_S, WorkerGone, WorkerLane, relog
from studio.errors import StoryreelError

log = logging.getLogger(__name__)

LONG_POLL_S = 0.5  # how long the actor holds a `receive` call open while its job is silent
SEND_TIMEOUT_S = 30.0


class ActorConnection:
    """Our end of an actor's messages, with a pipe's face (poll, recv, send): a long-poll
    `receive` call is kept in flight, and what it brings back is read one message at a time.
    A dead actor reads as EOFError (as a closed pipe), its reason kept in `lost`."""

    def __init__(self, actor: Any) -> None:
        self.actor = actor
        self.lost = "was lost"
        self._buffer: collections.deque[Message] = collections.deque()
        self._call: Any = None

    def send(self, msg: Message, timeout: float = SEND_TIMEOUT_S) -> None:
        """Deliver `msg` and wait until the actor has it: messages arrive in order, so a
        cancel never overtakes the job it cancels."""
        import ray

        try:
            ray.get(self.actor.send.remote(msg), timeout=timeout)
        except Exception as exc:  # noqa: BLE001 - dead, unreachable or too slow: all "gone"
            self.lost = _how_lost(exc)
            raise OSError(self.lost) from None

    def poll(self, timeout: float) -> bool:
        import ray

        deadline = time.monotonic() + timeout
        while not self._buffer:
            if self._call is None:
                self._call = self.actor.receive.remote(LONG_POLL_S)
            left = max(0.0, deadline - time.monotonic())
            ready, _ = ray.wait([self._call], timeout=left)
            if not ready:
                return False
            call, self._call = self._call, None
            try:
                self._buffer.extend(ray.get(call))
            except Exception as exc:  # noqa: BLE001 - the actor died (or its node did)
                self.lost = _how_lost(exc)
                raise EOFError(self.lost) from None
            if not self._buffer and time.monotonic() >= deadline:
                return False
        return True

    @property
    def buffered(self) -> bool:
        """Whether a message has arrived that `recv` has not returned yet."""
        return bool(self._buffer)

    def recv(self) -> Message:
        while not self.poll(LONG_POLL_S):
            pass
        return self._buffer.popleft()

    def close(self) -> None:
        self._call = None


class RayWorker:
    """One worker actor, with the face of workers.WorkerProcess (send, receive, ended,
    kill, shutdown; device, budget, pid) and a name saying where it runs."""

    def __init__(
        self, cluster: Cluster, options: dict[str, Any], hello: Message, start_timeout: float
    ) -> None:
        import ray

        self.actor = cluster.new_actor(options)
        self.conn = ActorConnection(self.actor)
        try:
            self.conn.send(hello, timeout=start_timeout)  # waits for the actor to be up
            ready = self._ready(start_timeout)
            where = ray.get(self.actor.where.remote(), timeout=SEND_TIMEOUT_S)
        except (EOFError, OSError) as exc:
            self.kill()
            raise WorkerGone(f"the Ray worker could not start: it {exc}") from None
        except WorkerGone:
            self.kill()
            raise
        except Exception as exc:  # noqa: BLE001 - a timeout of `where`: still not usable
            self.kill()
            raise WorkerGone(f"the Ray worker could not start: {one_line(exc)}") from None
        self.device: str = ready["device"]
        self.budget: int | None = ready["budget"]
        self.pid: int = ready["pid"]
        gpu = f" GPU {','.join(where['gpus'])}" if where["gpus"] else ""
        self.name = f"{where['node']}{gpu} (pid {self.pid}, {self.device})"

    def _ready(self, timeout: float) -> Message:
        deadline = time.monotonic() + timeout
        while self.conn.poll(max(0.0, deadline - time.monotonic())):
            msg = self.receive()
            if msg["type"] == "ready":
                return msg
        raise WorkerGone(f"the Ray worker did not start within {timeout:g} s")

    def send(self, msg: Message) -> None:
        self.conn.send(msg)

    def receive(self) -> Message:
        """The next message other than a log record (those go to our log); a "noop" when
        only log records had come, so the lane never blocks here past what arrived."""
        while True:
            msg = self.conn.recv()
            if msg["type"] != "log":
                return msg
            relog(msg)
            if not self.conn.buffered:
                return message("noop")

    def ended(self) -> str:
        return self.conn.lost

    def kill(self) -> None:
        import ray

        try:
            ray.kill(self.actor, no_restart=True)
        except Exception:  # noqa: BLE001 - already gone
            pass
        self.conn.close()

    def shutdown(self, timeout: float = 2.0, wait: bool = True) -> None:
        """Ask it to unload its models, then end it. ray.kill does not wait for the actor
        to go, so `wait` (WorkerProcess's: a command about to exit) changes nothing here."""
        try:
            self.conn.send(message("shutdown"), timeout=timeout)
        except OSError:
            pass
        self.kill()


class RayLane(WorkerLane):
    """One worker actor's jobs, one at a time; the engine makes one lane per actor."""

    def __init__(
        self,
        cluster: Cluster,
        options: dict[str, Any],
        *,
        stall_timeout: float = 900.0,
        cancel_grace: float = 5.0,
        start_timeout: float = START_TIMEOUT_S,
    ) -> None:
        self.cluster = cluster
        self.options = dict(options)
        self.start_timeout = start_timeout
        self._expected: collections.Counter[str] = collections.Counter()
        self._lost: str | None = None
        on_cpu = not options.get("num_gpus")
        super().__init__(
            None,
            None,
            1 if on_cpu else None,  # a CPU actor has one CPU: torch gets one thread
            stall_timeout=stall_timeout,
            cancel_grace=cancel_grace,
        )

    @property
    def actor(self) -> Any:
        """The Ray actor handle while one runs (tests kill it with ray.kill)."""
        worker = self._worker
        return None if worker is None else worker.actor

    @property
    def worker_name(self) -> str | None:
        worker = self._worker
        return None if worker is None else worker.name

    def expects(self, key: str) -> bool:
        """Whether this lane's worker holds the model `key`, or will once its queue runs."""
        with self._lock:
            return key in self.cache or self._expected[key] > 0

    def loads_ahead(self) -> int:
        """Models that jobs queued here will load before they run."""
        with self._lock:
            return sum(1 for key in self._expected if key not in self.cache)

    def put(self, job: Job) -> None:
        with self._lock:
            self._expected[model_key(job.generator, job.request)] += 1
        super().put(job)

    def _run_job(self, job: Job) -> None:
        try:
            self._run_remote(job)
        finally:
            key = model_key(job.generator, job.request)
            with self._lock:
                self._expected[key] -= 1
                if self._expected[key] <= 0:
                    del self._expected[key]

    def _run_remote(self, job: Job) -> None:
        if job.state is not JobState.QUEUED:
            return  # cancelled while it waited
        name = job.generator.id
        try:
            ref = generator_ref(job.generator)
        except UnreachableGenerator as exc:
            if job._start(self.device or "cluster"):
                job._fail(str(exc))
            return
        how = "was lost"
        for attempt in (1, 2):
            try:
                worker = self._ensure_worker()
            except WorkerGone as exc:
                if job.state is JobState.QUEUED:
                    job._start(self.device or "cluster")
                job._fail(str(exc))
                return
            job.worker = worker.name  # before STARTED, so the Jobs dock names it at once
            if attempt == 1 and not job._start(worker.device):
                return
            self._lost = None
            self._attempt(job, worker, ref)
            if job.state.finished:
                return
            how = self._lost or "ended without a word"
            if job.cancel_event.is_set():
                job._cancelled()
                return
            log.warning("the Ray worker %s running %s %s", worker.name, name, how)
            if attempt == 1:
                job._progress(0.0, f"its Ray worker {how}; trying once more")
        job._fail(f"the Ray worker running {name} {how}, twice; the job was given up")

    def _attempt(self, job: Job, worker: RayWorker, ref: dict[str, Any]) -> None:
        """Run the job on `worker` once: load if needed, then generate (out=None: the
        result's arrays come back and are written here)."""
        try:
            request = ship_inputs(_request_to_wire(job.request))
        except OSError as exc:
            job._fail(f"{job.generator.id}: cannot send an input file: {one_line(exc)}")
            return
        try:
            if model_key(job.generator, job.request) not in self.cache:
                worker.send(message("load", job=job.id, generator=ref, request=request))
                if not self._follow(job, worker):
                    return
                if job.cancel_event.is_set():
                    job._cancelled()  # the model stays loaded for the next job
                    return
            worker.send(
                message(
                    "generate", job=job.id, generator=ref, request=request, out=None, media_dir=None
                )
            )
        except OSError:
            self._end_worker(kill=True)
            self._worker_lost(job, worker.ended())
            return
        self._follow(job, worker)

    def _worker_lost(self, job: Job, how: str) -> None:
        self._lost = how  # _run_remote tries once more

    def _relay(self, job: Job, msg: Message) -> bool:
        if msg["type"] != "result" or msg.get("job") != job.id:
            return super()._relay(job, msg)
        self.cache.update(msg)
        if job.cancel_event.is_set():
            job._cancelled()  # it finished anyway; the user no longer wants it
            return True
        output = msg["output"]
        try:
            paths = write_takes(job, output)
        except (StoryreelError, OSError) as exc:
            job._fail(f"{job.generator.id}: the take could not be written: {one_line(exc)}")
        else:
            job._finish(output, paths)
        return True

    def _ensure_worker(self) -> RayWorker:  # type: ignore[override]
        if self._worker is None:
            hello = message(
                "hello",
                sys_path=list(sys.path),  # paths that exist on the worker's machine help
                device=None,  # the actor's own: cuda where Ray gave it a GPU
                budget=None,
                cpu_threads=self._cpu_threads,
                cached=True,
            )
            self._worker = RayWorker(self.cluster, self.options, hello, self.start_timeout)  # type: ignore[assignment]
            self.device = self._worker.device
            self.cache.budget = self._worker.budget
        return self._worker  # type: ignore[return-value]


def ship_inputs(request: dict[str, Any]) -> dict[str, Any]:
    """The wire request with each input file's bytes put in Ray's object store (the
    worker's machine does not have our files)."""
    import ray

    inputs = []
    for media in request["inputs"]:
        if media["path"] is not None:
            path = Path(media["path"])
            media = {**media, "path": None, "name": path.name}
            media[INPUT_BYTES] = ray.put(path.read_bytes())
        inputs.append(media)
    return {**request, "inputs": inputs}


def _how_lost(exc: BaseException) -> str:
    """A Ray error as the end of "the Ray worker running X ...": short, one line."""
    kind = type(exc).__name__
    if "ActorDied" in kind or "ActorError" in kind or "ActorUnavailable" in kind:
        return "died (its actor was killed, ran out of memory, or its machine left the cluster)"
    if "Timeout" in kind:
        return "stopped answering"
    return f"was lost ({kind}: {one_line(exc)})"
