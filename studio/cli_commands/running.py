"""Running generation jobs from the command line: progress on stderr, Ctrl-C cancels."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any


def progress_printer(label: str | Callable[[Any], str | None]):
    """An engine subscriber printing each job's progress as "label:  42% message" on stderr
    (one line rewritten in place on a terminal, a line per percent otherwise). `label` may
    be a function of the job (None: say nothing about that job)."""
    from studio.engine.jobs import EventKind

    last: dict[int, int] = {}
    tty = sys.stderr.isatty()

    def on_event(event) -> None:
        if event.kind is not EventKind.PROGRESS:
            return
        name = label if isinstance(label, str) else label(event.job)
        if name is None:
            return
        percent = int(event.fraction * 100)
        if last.get(event.job.id) == percent:
            return
        last[event.job.id] = percent
        line = f"{name}: {percent:3d}% {event.message}".rstrip()
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


def add_cluster_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cluster",
        default=None,
        metavar="auto|ADDRESS",
        help="run on a Ray cluster: auto (this machine's, or a new local one), HOST:PORT or "
        "ray://HOST:10001 (default: $STORYREEL_CLUSTER, else this computer; docs/cluster.md)",
    )


def cluster_of(args: argparse.Namespace) -> str | None:
    """Where the command's jobs run: --cluster, else the setting, else None (here)."""
    from studio.engine.cluster import cluster_setting

    return args.cluster or cluster_setting()


def land_and_save(doc, job, head: str) -> bool:
    """Land a finished job's take in `doc` and save, printing "head: path"; a job that
    failed or a take that cannot land is one line on stderr and False."""
    from studio.engine import JobState
    from studio.errors import StoryreelError
    from studio.model.files import save_project
    from studio.workflows.landing import land

    if job.state is not JobState.DONE:
        print(f"{head}: {job.error or job.state.value}", file=sys.stderr)
        return False
    try:
        (asset, *_more) = land(doc, job)
    except StoryreelError as exc:
        print(f"{head}: {exc}", file=sys.stderr)
        return False
    save_project(doc)
    print(f"{head}: {asset.path}")
    return True
