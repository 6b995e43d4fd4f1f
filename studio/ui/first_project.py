"""The sample project's build, started before the editor imports Qt. No Qt here.

A first start builds the sample in a child process: starting it and importing the media
libraries in it take about half a second, which used to begin only once the window was
up. Begun at the top of `storyreel`, it overlaps importing Qt and making the window, and
the window opens the sample when the future ends (`MainWindow.open_sample(early=...)`).
No Qt here: only shiboken, PySide6's binding layer, whose start-up must come first (below).
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
    from studio.paths import SAMPLE_NAME, user_data_dir

    folder = user_data_dir() / SAMPLE_NAME
    first_start = not folder.exists() and not folder.is_symlink()
    build = _start_build() if first_start else None  # nothing to check: it begins now
    # shiboken's start-up (PySide6's first import, 80 ms) walks sys.modules, and a thread
    # importing meanwhile made it abort the editor ("Fatal Python error: libshiboken/
    # signature", about one start in 50). Taken first, the walk is over before the thread
    # imports anything; the window needs shiboken anyway.
    import shiboken6  # noqa: F401

    early: Future[Path] = Future()
    early.set_running_or_notify_cancel()
    threading.Thread(
        target=_find_or_build, args=(early, build), name="sample-early", daemon=True
    ).start()
    return early


def _find_or_build(early: Future[Path], build: subprocess.Popen | None) -> None:
    try:
        if build is None:
            from studio.sample_record import ready_sample

            ready = ready_sample() or _built(_start_build())
        else:
            ready = _built(build)
    except BaseException as exc:  # noqa: BLE001 - the window reports it and opens an empty project
        early.set_exception(exc)
    else:
        early.set_result(ready)


def _start_build() -> subprocess.Popen:
    command = [sys.executable, "-c", BUILD]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _built(build: subprocess.Popen) -> Path:
    out, err = build.communicate()
    if build.returncode != 0:
        lines = err.strip().splitlines() or [f"exit status {build.returncode}"]
        raise OSError(f"could not build the sample project: {lines[-1]}")
    return Path(out.strip().splitlines()[-1])
