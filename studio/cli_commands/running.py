"""Running generation jobs from the command line: progress on stderr, Ctrl-C cancels."""

from __future__ import annotations

import sys


def progress_printer(label: str):
    """An engine subscriber printing each job's progress as "label:  42% message" on stderr
    (one line rewritten in place on a terminal, a line per percent otherwise)."""
    from studio.engine.jobs import EventKind

    last: dict[int, int] = {}
    tty = sys.stderr.isatty()

    def on_event(event) -> None:
        if event.kind is not EventKind.PROGRESS:
            return
        percent = int(event.fraction * 100)
        if last.get(event.job.id) == percent:
            return
        last[event.job.id] = percent
        line = f"{label}: {percent:3d}% {event.message}".rstrip()
        if tty:
            end = "\n" if percent == 100 else ""
            print(f"\r{line}\x1b[K", end=end, file=sys.stderr, flush=True)
        else:
            print(line, file=sys.stderr, flush=True)

    return on_event


def wait_for(job) -> None:
    """Wait for `job` to end; Ctrl-C cancels it (and waits a moment for it to stop)."""
    try:
        while not job.wait(0.1):  # short waits keep Ctrl-C responsive
            pass
    except KeyboardInterrupt:
        job.cancel()
        job.wait(10)
        raise
