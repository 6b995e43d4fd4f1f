"""A generator worker as a Ray actor: the engine's own worker (studio.engine.worker) behind
two Ray calls, `send` and `receive`, instead of a pipe.

The actor runs the same Worker loop as a local worker process, so it speaks the same
protocol (studio.engine.protocol): hello, load, generate, cancel, shutdown in; ready, log,
loaded, progress, preview, result, error out. Only two things differ, because the
engine's disk is not this machine's disk: input files arrive as bytes through Ray's
object store and are written to a folder of the actor's own, and outputs are never
written here (the engine sends out=None, media_dir=None and writes the result's arrays).

This module runs on the cluster's machines; it imports ray only inside its methods.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import queue
import socket
import tempfile
import threading
from pathlib import Path
from typing import Any

from studio.atomic import write_with
from studio.engine.protocol import Message

INPUT_BYTES = "data"  # an input's key holding its file's bytes (an ObjectRef) in a request


class QueueConnection:
    """The worker's end of its "pipe": what the engine sent, and what goes back to it."""

    def __init__(self) -> None:
        self.inbox: queue.SimpleQueue[Message | None] = queue.SimpleQueue()
        self.outbox: queue.SimpleQueue[Message] = queue.SimpleQueue()

    def recv(self) -> Message:
        msg = self.inbox.get()
        if msg is None:
            raise EOFError  # the actor is going away
        return msg

    def send(self, msg: Message) -> None:
        self.outbox.put(msg)


class WorkerActor:
    """One GPU's (or one CPU's) worker: wrap with `ray.remote` and make it threaded
    (max_concurrency > 1), so cancel and the reading of messages reach it mid-job."""

    def __init__(self) -> None:
        from studio.engine.worker import Worker

        self._conn = QueueConnection()
        self._inputs = Path(tempfile.mkdtemp(prefix="storyreel-inputs-"))
        self._thread = threading.Thread(
            target=Worker(self._conn).run, name="storyreel-ray-worker", daemon=True
        )
        self._thread.start()

    def where(self) -> dict[str, Any]:
        """Which machine and process this is, for the Jobs dock and the log."""
        import ray

        context = ray.get_runtime_context()
        return {
            "node": _node_address(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "gpus": [str(g) for g in context.get_accelerator_ids().get("GPU", [])],
        }

    def send(self, msg: Message) -> bool:
        if msg["type"] in ("load", "generate"):
            msg = {
                **msg,
                "generator": local_ref(msg["generator"]),
                "request": self._with_local_inputs(msg["request"]),
            }
        self._conn.inbox.put(msg)
        return True

    def receive(self, wait_s: float) -> list[Message]:
        """What the worker said since the last call: at least one message, unless `wait_s`
        passed in silence (a long poll, so a step's progress comes back at once)."""
        try:
            first = self._conn.outbox.get(timeout=wait_s)
        except queue.Empty:
            return []
        found = [first]
        while True:
            try:
                found.append(self._conn.outbox.get_nowait())
            except queue.Empty:
                return found

    def _with_local_inputs(self, request: dict[str, Any]) -> dict[str, Any]:
        """The request with each shipped input file written here, under a name of its
        content (so the same frame sent for many jobs is written once)."""
        import ray

        inputs = []
        for media in request["inputs"]:
            data_ref = media.get(INPUT_BYTES)
            if data_ref is not None:
                data: bytes = ray.get(data_ref)
                digest = hashlib.sha256(data).hexdigest()[:16]
                path = self._inputs / digest / media["name"]
                if not path.exists():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    # A cache: whole or absent, but no need to survive a power cut.
                    write_with(path, lambda fh, data=data: fh.write(data), durable=False)
                media = {k: v for k, v in media.items() if k not in (INPUT_BYTES, "name")}
                media["path"] = str(path)
            inputs.append(media)
        return {**request, "inputs": inputs}


def local_ref(ref: dict[str, Any]) -> dict[str, Any]:
    """A generator reference (protocol.generator_ref) that names a plugin file this machine
    does not have, pointed at the package of the same name that Ray's runtime env brought
    here (py_modules); unchanged where the file is here or no such package is."""
    if "factory" in ref:
        args = [
            {"generator": local_ref(a["generator"])} if "generator" in a else a for a in ref["args"]
        ]
        return {**ref, "factory": local_ref(ref["factory"]), "args": args}
    origin = ref.get("origin")
    if not origin or Path(origin).exists():
        return ref
    name = Path(origin).parent.name if ref.get("package") else Path(origin).stem
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return ref
    if spec is None or not spec.origin or spec.origin == origin:
        return ref
    return {**ref, "origin": spec.origin}


def _node_address() -> str:
    try:
        import ray

        return ray.util.get_node_ip_address()
    except Exception:  # noqa: BLE001 - only a label
        return socket.gethostname()
