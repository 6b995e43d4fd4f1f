"""A generator worker process: runs the jobs the engine sends it (see studio.engine.protocol).

Started by studio.engine.workers as `python -m studio.engine.worker FD PARENT_PID`: FD is
its end of the pipe. It keeps its models loaded between jobs; whatever a plugin does here
(crash, exit, hang, print) cannot reach the editor. It ends when told, when the pipe
closes, or when its parent dies, so it is never left behind.
"""

from __future__ import annotations

import logging
import os
import queue
import signal
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from studio.engine.protocol import Message, message, request_from_wire, resolve_ref

log = logging.getLogger("storyreel.worker")


class Worker:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self._send_lock = threading.Lock()  # a plugin may report from threads of its own
        self._inbox: queue.SimpleQueue[Message | None] = queue.SimpleQueue()
        self._current: Any = None  # the running Job
        self._current_lock = threading.Lock()
        self.device = "cpu"
        self.cache: Any = None
        self.cpu_threads: int | None = None

    def send(self, kind: str, **fields: Any) -> None:
        with self._send_lock:
            self.conn.send(message(kind, **fields))

    def run(self) -> None:
        root = logging.getLogger()
        root.addHandler(_ToEngine(self))
        root.setLevel(logging.INFO)
        try:
            hello = self.conn.recv()
        except EOFError:  # a spare nobody took (studio.engine.worker_spawn): its owner ended
            return
        self._hello(hello)
        threading.Thread(target=self._read, name="storyreel-worker-inbox", daemon=True).start()
        while (msg := self._inbox.get()) is not None:
            if msg["type"] in ("load", "generate"):
                self._run(msg)
            elif msg["type"] == "discover":
                self._probe(msg["entries"])
        if self.cache is not None:
            self.cache.clear()

    def _hello(self, hello: Message) -> None:
        from studio.engine.cache import ModelCache
        from studio.engine.devices import detect_device, memory_budget

        for entry in reversed(hello["sys_path"]):  # the parent's imports resolve here too
            if entry not in sys.path:
                sys.path.insert(0, entry)
        device, budget = hello["device"], hello["budget"]
        if device is None:
            try:
                device = detect_device()
            except Exception:  # a broken torch install: still run what works on the CPU
                log.warning("device detection failed; using the CPU", exc_info=True)
                device = "cpu"
        if budget is None and hello["cached"]:
            try:
                budget = memory_budget(device)
            except Exception:
                log.warning("cannot read %s's memory; the cache has no budget", device)
        self.device, self.cpu_threads = device, hello["cpu_threads"]
        if hello.get("nice"):  # an older engine's hello has none
            try:
                os.nice(hello["nice"])
            except OSError:  # not allowed here: run at the engine's priority
                log.warning("cannot lower the worker's priority", exc_info=True)
        self.cache = ModelCache(budget) if hello["cached"] else None
        self.send("ready", device=device, budget=budget, pid=os.getpid())

    def _read(self) -> None:
        """(reader thread) Cancel must reach a running job, so the pipe is read here."""
        try:
            while True:
                msg = self.conn.recv()
                if msg["type"] == "cancel":
                    with self._current_lock:
                        job = self._current
                    if job is not None and job.id == msg["job"]:
                        job.cancel()
                elif msg["type"] == "shutdown":
                    self._inbox.put(None)
                    return
                else:
                    self._inbox.put(msg)
        except (EOFError, OSError):
            os._exit(0)  # the engine is gone: nobody wants these jobs

    def _run(self, msg: Message) -> None:
        """Load the job's generator ("load") or run the job ("generate", loading first if
        the cache does not hold it)."""
        from studio.engine.jobs import Job
        from studio.engine.runner import one_line, run_job

        try:
            cls = resolve_ref(msg["generator"])
            request = request_from_wire(msg["request"], cls)
        except BaseException as exc:  # noqa: BLE001 - any failure here fails this job only
            log.warning("cannot load %s", msg["generator"]["qualname"], exc_info=True)
            self._send_end(msg["job"], f"cannot load the generator: {one_line(exc)}")
            return
        out, media_dir = msg.get("out"), msg.get("media_dir")  # none for a "load"
        job = Job(
            cls,
            request,
            self._forward,
            out=None if out is None else Path(out),
            media_dir=None if media_dir is None else Path(media_dir),
        )
        job.id = msg["job"]  # the engine's id, so its cancel finds this job
        with self._current_lock:
            self._current = job
        loading = msg["type"] == "load"
        if loading and self.cache is None:  # nothing is kept: each job loads its own
            self.send("loaded", job=job.id, **self._loaded())
            return
        try:
            run_job(job, self.device, self.cache, self.cpu_threads, load_only=loading)
        finally:
            with self._current_lock:
                self._current = None
        if loading and not job.state.finished:
            self.send("loaded", job=job.id, **self._loaded())

    def _forward(self, event: Any) -> None:
        """The job's events, as messages to the engine."""
        from studio.engine.jobs import EventKind

        job, kind = event.job, event.kind
        if kind is EventKind.PROGRESS:
            self.send("progress", job=job.id, fraction=event.fraction, message=event.message)
        elif kind is EventKind.PREVIEW:
            preview = _plain_preview(event.preview)
            if preview is not None:
                self.send("preview", job=job.id, preview=preview)
        elif kind is EventKind.FINISHED:
            self.send(
                "result",
                job=job.id,
                output=job.output,
                paths=[str(p) for p in job.paths],
                **self._loaded(),
            )
        elif kind is EventKind.FAILED:
            self._send_end(job.id, job.error or "failed")
        elif kind is EventKind.CANCELLED:
            self._send_end(job.id, "cancelled", cancelled=True)

    def _send_end(self, job_id: int, text: str, *, cancelled: bool = False) -> None:
        self.send("error", job=job_id, message=text, cancelled=cancelled, **self._loaded())

    def _loaded(self) -> dict[str, Any]:
        if self.cache is None:
            return {"loaded": [], "used": 0}
        return {"loaded": self.cache.loaded, "used": self.cache.used}

    def _probe(self, entries: list[dict[str, Any]]) -> None:
        """Import each plugin once, saying which before it starts: the engine ends this
        process if one hangs or kills it, and knows which one did."""
        from studio.engine.discovery import probe_import

        for entry in entries:
            self.send("importing", key=entry["key"])
            self.send("imported", key=entry["key"], error=probe_import(entry))
        self.send("probed")


class _ToEngine(logging.Handler):
    """Log records go to the engine's log, where the editor's log settings apply."""

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.worker = worker

    def emit(self, record: logging.LogRecord) -> None:
        try:
            trace = None
            if record.exc_info:
                trace = logging.Formatter().formatException(record.exc_info)
            self.worker.send(
                "log", level=record.levelno, name=record.name, text=record.getMessage(), trace=trace
            )
        except Exception:  # noqa: BLE001 - logging must never fail a job
            pass


def _plain_preview(obj: Any) -> Any:
    """A preview the editor can unpickle without the plugin's libraries: a PIL image, an
    output (Image, Text, ...), an array or a string as they are; anything else (a torch
    tensor) as an array."""
    import numpy as np

    from studio.plugins.api import Audio, Image, Text, Video

    try:
        import PIL.Image

        if isinstance(obj, PIL.Image.Image | Image | Text | Audio | Video | np.ndarray | str):
            return obj
        return np.asarray(obj)
    except Exception:  # noqa: BLE001 - a preview is optional; the job goes on
        log.debug("dropped a preview of type %s", type(obj).__name__, exc_info=True)
        return None


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when the thread that started it ends, so a killed
    editor leaves no worker behind even while a plugin holds the interpreter."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before prctl
        os._exit(0)


def main(argv: list[str]) -> None:
    """argv: [_, FD, PARENT_PID] and, for a spare worker, the generator to prepare."""
    fd, parent = int(argv[1]), int(argv[2])
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the editor's to handle
    os.dup2(2, 1)  # plugins' prints go to stderr, never into a command's output
    # What every generator needs, and the one a command named, imported while the engine
    # is still getting ready (a spare started first thing waits for its hello meanwhile).
    import studio.plugins.api  # noqa: F401

    if len(argv) > 3:
        _prepare(argv[3])
    Worker(Connection(fd)).run()


def _prepare(generator_id: str) -> None:
    """Import `generator_id`'s plugin (and what it imports: torch, diffusers) ahead of its
    job; a plugin that fails here fails again, and is reported, when its job comes."""
    from studio.engine.discovery import discover

    try:
        discover(isolate=False).get(generator_id)  # this process is the isolation
    except Exception:  # noqa: BLE001 - said when the job asks for it
        log.debug("could not prepare %s", generator_id, exc_info=True)


if __name__ == "__main__":
    main(sys.argv)
