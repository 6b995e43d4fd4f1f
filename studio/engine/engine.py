"""The job engine: submit generation jobs, watch their events, cancel them. Qt-free.

Generators with runs_on="accelerator" go to a device lane (one per device, jobs in
order, loaded models cached); runs_on="cpu" generators to a CPU lane. By default each
lane runs its jobs in a worker process of its own (studio.engine.workers), so a plugin
that crashes, exits or hangs fails its job and nothing else; `isolation="thread"` runs
them on threads of this process instead (faster to start; for tests of the engine's
own logic and for debugging a plugin). `run_cpu` runs the editor's smaller work on a
thread pool: bringing a take's files in (disk waits) and taste embeddings (torch kernels,
the GIL released). Python-heavy media work (thumbnails, peaks, proxies) runs in the UI's
worker processes instead: see the rule in studio.ui.qt_workers.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.engine.cluster import Cluster, choose_lane
from studio.engine.devices import default_cpu_threads
from studio.engine.discovery import Registry
from studio.engine.events import EventHub, Subscriber
from studio.engine.jobs import EventKind, Job, JobEvent
from studio.engine.lanes import DeviceLane
from studio.engine.models.required import require_installed
from studio.engine.outputs import check_extension
from studio.engine.runner import model_key, run_job
from studio.engine.workers import WorkerLane
from studio.errors import UserError
from studio.plugins.api import Generator, NoParams, Request

if TYPE_CHECKING:
    from studio.engine.cluster_lane import RayLane

WORKERS_ENV = "STORYREEL_WORKERS"  # "thread" runs generators in this process (tests, debugging)


class Engine:
    """Runs jobs in worker processes (or threads) and reports them to subscribers.

    devices: one lane per entry ("cuda:0", "cuda:1", "cpu", ...); None: one lane whose
        device is detected when its first job starts (so building an engine is cheap).
    memory_budget: bytes each lane's model cache may hold; None: from the device.
    cpu_threads: a cap on torch's intra-op threads while a model runs on the CPU (in a
        worker process, the cap is that worker's); None (the default, for commands with
        no window) leaves torch on every core. "auto" leaves one core free and honours
        $STORYREEL_CPU_THREADS: the editor's choice, since with torch on every core of a
        loaded 2-core machine a job beside the editor ran several times slower and its
        GUI stalls doubled (bench/bench_stall.py; docs/benchmarks.md).
    isolation: "process" (worker processes) or "thread"; None: $STORYREEL_WORKERS, else
        "process" (where processes can be given a pipe: POSIX).
    stall_timeout: seconds a running job may go without a word from its worker process
        (progress, preview, its end) before the worker is ended and the job failed.
    cancel_grace: seconds a cancelled job may go on before its worker process is ended.
    worker_nice: how much lower a CPU priority the worker processes take (os.nice); the
        editor asks for 10, as for its media workers, so its GUI thread comes first.
    cluster: run every generator on a Ray cluster instead ("auto" or an address, or a
        Cluster): one lane per worker actor (studio.engine.cluster_lane), same jobs and
        events; a cluster that cannot be reached is a UserError at submit.
    cluster_workers: how many worker actors; None: one per GPU of the cluster.
    """

    def __init__(
        self,
        registry: Registry | None = None,
        *,
        devices: Sequence[str] | None = None,
        memory_budget: int | None = None,
        cpu_workers: int = 2,
        cpu_threads: int | None | str = None,
        isolation: str | None = None,
        stall_timeout: float = 900.0,
        cancel_grace: float = 5.0,
        worker_nice: int = 0,
        cluster: str | Cluster | None = None,
        cluster_workers: int | None = None,
    ) -> None:
        self.registry = registry
        self._hub = EventHub()
        self._cpu_threads = default_cpu_threads() if cpu_threads == "auto" else cpu_threads
        self.isolation = isolation or os.environ.get(WORKERS_ENV) or default_isolation()
        if self.isolation not in ("process", "thread"):
            raise ValueError(f"isolation must be 'process' or 'thread', not {self.isolation!r}")
        self.lanes: list[DeviceLane | WorkerLane]
        self._cpu_lane: WorkerLane | None = None  # made with its first job: most sessions run none
        self._supervision = {
            "stall_timeout": stall_timeout,
            "cancel_grace": cancel_grace,
            "nice": worker_nice,
        }
        self.cluster: Cluster | None = None
        if cluster is not None:
            # Connects in the background; the lanes are made at the first submit, once the
            # cluster says how many GPUs it has.
            self.isolation = "cluster"
            self.cluster = (
                cluster
                if isinstance(cluster, Cluster)
                else Cluster(cluster, workers=cluster_workers)
            )
            self.lanes = []
        elif self.isolation == "process":
            self.lanes = [
                WorkerLane(device, memory_budget, self._cpu_threads, **self._supervision)
                for device in (devices or [None])
            ]
        else:
            self.lanes = [
                DeviceLane(device, memory_budget, self._cpu_threads)
                for device in (devices or [None])
            ]
        self._pool = ThreadPoolExecutor(cpu_workers, thread_name_prefix="storyreel-cpu")
        self._jobs: list[Job] = []
        self._lock = threading.Lock()
        self._closed = False

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def cpu_threads(self) -> int | None:
        """torch's threads for a job on the CPU; None: torch's own default (every core)."""
        return self._cpu_threads

    @property
    def jobs(self) -> list[Job]:
        """Every job submitted, oldest first."""
        with self._lock:
            return list(self._jobs)

    def subscribe(self, callback: Subscriber) -> Callable[[], None]:
        """Call `callback(JobEvent)` for every job event, on the thread where it happens."""
        return self._hub.subscribe(callback)

    def submit(
        self,
        generator: str | type[Generator],
        request: Request | None = None,
        *,
        out: Path | None = None,
        media_dir: Path | None = None,
        target: Any = None,
    ) -> Job:
        """Queue a job. Its output goes to `out`, else a new file in `media_dir`, else
        only to `job.output`; `target` rides along (what the take is for, see
        studio.workflows.landing). Raises UserError for a request the generator cannot take."""
        cls = self._resolve(generator)
        request = _complete_request(cls, request or Request())
        if self.cluster is None:  # a cluster's models are in its machines' caches, not ours
            require_installed(cls.id, request.params)  # nothing is downloaded behind the user
        if out is not None:
            check_extension(Path(out), cls.output)
        job = Job(cls, request, self._hub.emit, out=out, media_dir=media_dir, target=target)
        # An unreachable cluster is said before anything is queued.
        lanes = self._cluster_lanes() if self.cluster is not None else None
        with self._lock:
            if self._closed:
                raise RuntimeError("the engine is closed")
            self._jobs.append(job)
        self._hub.emit(JobEvent(EventKind.QUEUED, job))
        if lanes is not None:
            choose_lane(lanes, model_key(cls, request)).put(job)
        elif cls.runs_on == "cpu" and self.isolation == "process":
            self._cpu_worker_lane().put(job)
        elif cls.runs_on == "cpu":
            self._pool.submit(run_job, job, "cpu", None, None)
        else:
            self._lane_for(cls).put(job)
        return job

    def warm_up(self, cls: type[Generator]) -> None:
        """Start the worker that `cls`'s jobs will run in, without waiting: its process's
        start and imports overlap what the caller does before the first submit."""
        if self.cluster is not None:
            return  # a cluster's actors are up already or connect at the first submit
        if cls.runs_on == "cpu":
            if self.isolation == "process":
                self._cpu_worker_lane().warm_up()
        else:
            self._lane_for(cls).warm_up()

    def retry(self, job: Job) -> Job:
        """Run a finished job's request again (same seed: the same take, if deterministic)."""
        return self.submit(
            job.generator, job.request, out=job.out, media_dir=job.media_dir, target=job.target
        )

    def cancel(self, job: Job) -> None:
        job.cancel()

    def run_cpu(self, fn: Callable[..., Any], *args: Any) -> Future:
        """Run `fn(*args)` on the pool: work that waits on the disk or runs with the GIL
        released (bringing a take in, embeddings), never Python-heavy media work."""
        return self._pool.submit(fn, *args)

    @property
    def closed(self) -> bool:
        """True once `close()` began: nothing more can be submitted."""
        return self._closed

    def close(
        self, *, cancel: bool = True, timeout: float | None = 30.0, wait: bool = True
    ) -> None:
        """Stop the workers (cancelling unfinished jobs first) and unload every model.
        `wait=False` (a command about to exit): worker processes are told to end, not
        waited for; each ends by itself, as it does when this process ends."""
        with self._lock:
            self._closed = True
            jobs = list(self._jobs)
        if cancel:
            for job in jobs:
                job.cancel()
        lanes = list(self.lanes)
        with self._lock:
            if self._cpu_lane is not None:
                lanes.append(self._cpu_lane)
        for lane in lanes:
            if isinstance(lane, WorkerLane):
                lane.stop(timeout, wait_for_worker=wait)
            else:
                lane.stop(timeout)
        if self.cluster is not None:
            self.cluster.close()
        self._pool.shutdown(wait=True)

    def worker_pids(self) -> list[int]:
        """The ids of the worker processes running now (none once closed)."""
        lanes = [*self.lanes, self._cpu_lane]
        return [pid for lane in lanes if (pid := getattr(lane, "worker_pid", None)) is not None]

    def _cpu_worker_lane(self) -> WorkerLane:
        with self._lock:
            if self._cpu_lane is None:
                self._cpu_lane = WorkerLane("cpu", None, None, cached=False, **self._supervision)
            return self._cpu_lane

    def _cluster_lanes(self) -> list[RayLane]:
        """The cluster's lanes, one per worker actor, made once it answers (UserError if not)."""
        from studio.engine.cluster_lane import RayLane  # a cluster's: not every engine's start

        assert self.cluster is not None
        self.cluster.check()
        with self._lock:
            if not self.lanes and not self._closed:
                # A remote actor's CPU priority is its machine's business: no nice here.
                supervision = {k: v for k, v in self._supervision.items() if k != "nice"}
                self.lanes = [
                    RayLane(self.cluster, options, **supervision)
                    for options in self.cluster.actor_options()
                ]
            return list(self.lanes)  # type: ignore[arg-type]

    def _resolve(self, generator: str | type[Generator]) -> type[Generator]:
        if isinstance(generator, str):
            if self.registry is None:
                raise UserError(f"no plugin registry to find {generator!r} in")
            return self.registry.get(generator)
        return generator

    def _lane_for(self, cls: type[Generator]) -> DeviceLane | WorkerLane:
        # A lane that already holds the model beats a shorter queue: loading is the slow part.
        holding = [lane for lane in self.lanes if lane.cache.holds(cls.id)]
        return min(holding or self.lanes, key=lambda lane: lane.pending)


def default_isolation() -> str:
    # Workers get their pipe by fd inheritance (pass_fds), which only POSIX has.
    return "process" if os.name == "posix" else "thread"


def _complete_request(cls: type[Generator], request: Request) -> Request:
    params = request.params
    if isinstance(params, NoParams) and cls.Params is not NoParams:
        request = dataclasses.replace(request, params=cls.Params())
    elif not isinstance(params, cls.Params):
        raise UserError(
            f"{cls.id} takes {cls.Params.__name__} parameters, not {type(params).__name__}"
        )
    unaccepted = {m.kind for m in request.inputs} - set(cls.accepts)
    if unaccepted:
        kinds = ", ".join(sorted(k.value for k in unaccepted))
        raise UserError(f"{cls.id} does not take {kinds} inputs")
    return request
