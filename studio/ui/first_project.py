"""The sample project's build, started before the editor imports Qt. No Qt here.

A first start builds the sample in a child process: starting it and importing the media
libraries in it take about half a second, which used to begin only once the window was
up. Begun at the top of `storyreel`, it overlaps importing Qt and making the window, and
the window opens the sample when the future ends (`MainWindow.open_sample(early=...)`).
"""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

# The build, run as a child of its own at the editor's priority: the media pool's workers
# run at nice 10 and, beside the window's start-up, took twice as long to build it.
BUILD = "from studio.workflows.media_jobs import sample_project; print(sample_project())"


def start_sample_early() -> Future[Path]:
    """A future of the sample project's folder: at once when it is built, else built in a
    child process. Returns without waiting: a thread checks, and waits on the child."""
    early: Future[Path] = Future()
    early.set_running_or_notify_cancel()
    threading.Thread(target=_find_or_build, args=(early,), name="sample-early", daemon=True).start()
    return early


def _find_or_build(early: Future[Path]) -> None:
    from studio.sample_record import ready_sample

    try:
        ready = ready_sample() or _build()
    except BaseException as exc:  # noqa: BLE001 - the window reports it and opens an empty project
        early.set_exception(exc)
    else:
        early.set_result(ready)


def _build() -> Path:
    done = subprocess.run([sys.executable, "-c", BUILD], capture_output=True, text=True)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        raise OSError(f"could not build the sample project: {lines[-1]}")
    return Path(done.stdout.strip().splitlines()[-1])
