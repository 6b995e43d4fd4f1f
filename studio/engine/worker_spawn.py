"""Starting a worker process (studio.engine.worker), apart from greeting it: a command
that will run a generator starts one first thing, so the process's start and its imports
overlap the command's own (the engine, discovery, the project), which they followed.

Light on purpose (no engine import): `storyreel reel …` calls `start_spare()` before it
imports anything else. The engine's next worker takes the spare (`take_spare`) and greets
it; a spare nobody takes ends when this process does (its pipe closes).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from multiprocessing import Pipe
from multiprocessing.connection import Connection

_spare: tuple[subprocess.Popen, Connection] | None = None
_lock = threading.Lock()


def start_worker_process(prepare: str | None = None) -> tuple[subprocess.Popen, Connection]:
    """`python -m studio.engine.worker FD PARENT_PID [GENERATOR]` and our end of its pipe;
    raises OSError (or ValueError where pass_fds is unknown) if it cannot be started.
    `prepare`: a generator id the worker imports while it waits for its hello."""
    ours, theirs = Pipe()
    fd = theirs.fileno()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "studio.engine.worker", str(fd), str(os.getpid())]
            + ([prepare] if prepare else []),
            pass_fds=(fd,),
            stdin=subprocess.DEVNULL,
            stdout=2,  # a plugin's prints go to stderr, never into a command's output
            env=env,
        )
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    return proc, ours


def start_spare(prepare: str | None = None) -> None:
    """Start a worker for the engine to take later, importing the generator `prepare`
    meanwhile; nothing if one is waiting already or none can be started (the engine then
    starts its own and says why it cannot)."""
    global _spare
    with _lock:
        if _spare is not None and _spare[0].poll() is None:
            return
        try:
            _spare = start_worker_process(prepare)
        except (OSError, ValueError):
            _spare = None


def take_spare() -> tuple[subprocess.Popen, Connection] | None:
    """The spare worker, if one is waiting and alive; it is the caller's from now on."""
    global _spare
    with _lock:
        spare, _spare = _spare, None
    if spare is not None and spare[0].poll() is not None:
        spare[1].close()
        return None
    return spare
