"""Where jobs run when they run on a Ray cluster: the connection, its worker actors, and
which actor's lane takes a job.

`Cluster("auto")` joins the Ray instance this process already runs, else a local cluster
(`ray start --head` on this machine), else starts one here; `Cluster("HOST:PORT")` or
`Cluster("ray://HOST:10001")` joins a cluster elsewhere. It connects on a thread of its
own, so building an engine never waits on the network; `check()` (the engine calls it at
submit) says in one line why a cluster cannot be reached. ray is imported only there.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
from pathlib import Path
from typing import Any

from studio.errors import UserError

log = logging.getLogger(__name__)

CLUSTER_ENV = "STORYREEL_CLUSTER"  # the setting: "auto" or an address (empty: this computer)
RUNTIME_ENV_FILE = "STORYREEL_CLUSTER_RUNTIME_ENV"  # a JSON runtime env for the actors
CONNECT_TIMEOUT_S = 30.0
REACH_TIMEOUT_S = 5.0  # a TCP connect to the head first: a clear error before Ray's retries
ACTOR_CONCURRENCY = 4  # the job's thread, its reader, cancel and the long poll at once
INSTALL_HINT = "Ray is not installed: pip install 'storyreel[cluster]'"


def cluster_setting() -> str | None:
    """The cluster jobs go to when none is named: $STORYREEL_CLUSTER, else this computer."""
    return os.environ.get(CLUSTER_ENV) or None


def joined_cluster() -> Cluster | None:
    """The setting's cluster with its connection awaited, for callers off the GUI thread
    (the editor, before it builds its engine); None: jobs run on this computer. A cluster
    that cannot be reached is returned all the same: each submit says why."""
    address = cluster_setting()
    if address is None:
        return None
    cluster = Cluster(address)
    try:
        cluster.check()
    except UserError as exc:
        log.warning("%s", exc)
    return cluster


class Cluster:
    """A Ray cluster to run generation jobs on, one worker actor per GPU.

    workers: how many actors; None: one per GPU of the cluster, or one per CPU where it
        has no GPU (each then capped to one torch thread).
    """

    def __init__(
        self,
        address: str,
        *,
        workers: int | None = None,
        runtime_env: dict[str, Any] | None = None,
        connect_timeout: float = CONNECT_TIMEOUT_S,
    ) -> None:
        self.address = address.strip() or "auto"
        self.connect_timeout = connect_timeout
        self._workers = workers
        self._runtime_env = runtime_env
        self._ready = threading.Event()
        self._closing = threading.Event()
        self._error: str | None = None
        self._owns_ray = False
        self.gpus = 0
        self.cpus = 0
        self._thread = threading.Thread(
            target=self._connect, name="storyreel-cluster-connect", daemon=True
        )
        self._thread.start()

    def check(self, timeout: float | None = None) -> None:
        """Wait for the connection; UserError in one line if the cluster cannot be used."""
        if not self._ready.wait(self.connect_timeout if timeout is None else timeout):
            raise UserError(
                f"the Ray cluster at {self.address} did not answer within "
                f"{self.connect_timeout:g} s"
            )
        if self._error is not None:
            raise UserError(self._error)

    def actor_options(self) -> list[dict[str, Any]]:
        """Ray options for each worker actor: a GPU each, else a CPU each."""
        self.check()
        if self.gpus:
            count = self._workers or self.gpus
            return [{"num_gpus": 1, "num_cpus": 1}] * count
        return [{"num_cpus": 1}] * (self._workers or max(1, self.cpus))

    def new_actor(self, options: dict[str, Any]) -> Any:
        """A new worker actor (its process starts in the background, wherever Ray puts it)."""
        import ray

        from studio.engine.cluster_actor import WorkerActor

        remote = ray.remote(WorkerActor).options(
            max_concurrency=ACTOR_CONCURRENCY, max_restarts=0, **options
        )
        return remote.remote()

    def close(self) -> None:
        """Leave the cluster (stop the local one, if this process started it)."""
        self._ready.wait(self.connect_timeout)
        self._closing.set()
        self._thread.join(30)

    def _connect(self) -> None:
        """(its own thread, alive until close) Join or start the cluster. A local cluster's
        processes are tied to the thread that started them (Linux kills them when it ends),
        so this thread stays until close() and shuts Ray down itself."""
        try:
            self._join()
        finally:
            self._ready.set()
        self._closing.wait()
        if self._owns_ray:
            import ray

            ray.shutdown()
            self._owns_ray = False

    def _join(self) -> None:
        try:
            import ray
        except ImportError:
            self._error = INSTALL_HINT
            return
        try:
            if self.address != "auto":
                _check_reachable(self.address)
            if ray.is_initialized():  # the host's Ray (a test, an app that embeds Storyreel)
                current = ray.get_runtime_context().gcs_address
                if self.address not in ("auto", current) and "://" not in self.address:
                    raise UserError(f"this process already uses the Ray cluster at {current}")
            else:
                runtime_env = self._runtime_env or _runtime_env_from_file()
                if self.address != "auto":  # other machines: our plugin packages go along
                    runtime_env = with_first_party_plugins(runtime_env)
                ray.init(
                    address=None if self.address == "auto" else self.address,
                    runtime_env=runtime_env,
                    log_to_driver=False,  # a plugin's prints never reach our stdout
                    logging_level=logging.ERROR,  # its start-up notices are not ours to print
                )
                self._owns_ray = True
            resources = ray.cluster_resources()
            self.gpus = int(resources.get("GPU", 0))
            self.cpus = int(resources.get("CPU", 0))
            log.info("joined the Ray cluster at %s: %s", self.address, resources)
        except UserError as exc:
            self._error = str(exc)
        except Exception as exc:  # noqa: BLE001 - Ray raises many kinds; all mean "cannot use it"
            log.warning("cannot join the Ray cluster at %s", self.address, exc_info=True)
            self._error = f"cannot reach the Ray cluster at {self.address}: {_one_line(exc)}"


def _check_reachable(address: str) -> None:
    """A plain TCP connect to the head's port: refused or silent is said at once, in words."""
    where = address.removeprefix("ray://")
    host, _, port = where.rpartition(":")
    if not host or not port.isdigit():
        raise UserError(
            f"--cluster: {address!r} is not an address (HOST:PORT, ray://HOST:PORT or auto)"
        )
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=REACH_TIMEOUT_S):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        if isinstance(exc, TimeoutError | socket.timeout):
            reason = f"no answer within {REACH_TIMEOUT_S:g} s"
        raise UserError(f"cannot reach the Ray cluster at {address}: {reason.lower()}") from None


def _runtime_env_from_file() -> dict[str, Any] | None:
    """The actors' runtime env from the JSON file $STORYREEL_CLUSTER_RUNTIME_ENV names
    (how third-party plugins and their packages reach the cluster's machines)."""
    name = os.environ.get(RUNTIME_ENV_FILE)
    if not name:
        return None
    try:
        data = json.loads(Path(name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserError(f"{RUNTIME_ENV_FILE}: cannot read {name}: {_one_line(exc)}") from None
    if not isinstance(data, dict):
        raise UserError(f"{RUNTIME_ENV_FILE}: {name} must hold a JSON object")
    return data


def with_first_party_plugins(runtime_env: dict[str, Any] | None) -> dict[str, Any]:
    """The runtime env plus the checkout's plugin packages (plugins/NAME/) as py_modules:
    Ray uploads them to the cluster, and a worker imports a generator whose file it lacks
    from the package of the same name (studio.engine.cluster_actor.local_ref)."""
    from studio.engine.discovery import default_repo_dir

    env = dict(runtime_env or {})
    folder = default_repo_dir()
    if folder is not None:
        packages = sorted(str(p) for p in folder.iterdir() if (p / "__init__.py").is_file())
        env["py_modules"] = [*env.get("py_modules", []), *packages]
    return env


def _one_line(exc: BaseException) -> str:
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


# Which lane takes a job ---------------------------------------------------------------------

LOAD_COST = 2  # loading a model counts as two jobs' time (SD on a GPU: ~10 s, a frame ~5 s)


def choose_lane(lanes: list, key: str):
    """The lane that should take a job for model `key`: the one that would finish it first,
    counting each job ahead as one and each model load ahead (this job's included) as
    LOAD_COST; on a tie, the one with fewer jobs ahead (two loads at once beat two in a row)."""

    def cost(lane) -> tuple[int, int]:
        loads = lane.loads_ahead() + (0 if lane.expects(key) else 1)
        return (lane.pending + LOAD_COST * loads, lane.pending)

    return min(lanes, key=cost)
