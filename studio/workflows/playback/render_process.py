"""A render in a process of its own: progress out through a queue, cancel in through an event.

A process, not a thread: encoding holds the GIL between codec calls, and the editor must
stay responsive for the minutes a render takes. No Qt is imported here.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

PROGRESS_S = 0.1  # progress messages at most ten a second: the editor redraws one bar


def temporary_name(out: Path, pid: int) -> Path:
    """The file (or PNG staging folder) a render in process `pid` writes before renaming in.

    Mirrors studio.media.render, so a killed render's leftovers can be removed.
    """
    if out.suffix.lower() == ".png":
        return out.with_name(f".{out.stem}.rendering-{pid}")
    return out.with_name(f".{out.stem}.rendering-{pid}{out.suffix}")


def run(job, out: Path, animatic: bool, events, cancel) -> None:
    """(in the render process) Render `job` to `out`, reporting on `events`.

    Messages: ("progress", done, total), then one of ("done", path), ("cancelled", ""),
    ("failed", reason).
    """
    try:
        os.nice(10)  # the editor's GUI thread comes first on a busy machine
    except (AttributeError, OSError):
        pass
    from studio.errors import StoryreelError
    from studio.media.render import RenderCancelled, render, render_animatic

    last = 0.0

    def progress(done: int, total: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_S or done == total:
            last = now
            events.put(("progress", done, total))

    try:
        make = render_animatic if animatic else render
        path = make(job, out, progress, cancel.is_set)
    except RenderCancelled:
        events.put(("cancelled", ""))
    except StoryreelError as error:
        events.put(("failed", str(error)))
    except Exception as error:  # noqa: BLE001 - any failure becomes the dialog's one line
        events.put(("failed", f"{type(error).__name__}: {error}"))
    else:
        events.put(("done", str(path)))
