"""Run `storyreel` as users run it: a subprocess, with a timeout so a hang fails the test."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def storyreel(*args, timeout: float = 60, cwd=None, workers: str | None = None):
    """`workers`: STORYREEL_WORKERS for the command ("process" as users run it)."""
    env = None if workers is None else {**os.environ, "STORYREEL_WORKERS": workers}
    try:
        return subprocess.run(
            [sys.executable, "-m", "studio.cli", *map(str, args)],
            capture_output=True,
            text=True,
            cwd=cwd or REPO,
            timeout=timeout,
            env=env,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"storyreel {' '.join(map(str, args))} hung for {timeout} s") from None


def one_line_error(done: subprocess.CompletedProcess) -> str:
    """The command failed with one line on stderr and no traceback; returns that line."""
    assert done.returncode != 0, done.stdout
    assert "Traceback" not in done.stderr, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    return lines[0]


def checked(*args, ok: bool = True, timeout: float = 300, workers: str | None = "process"):
    """`storyreel ARGS` that must succeed (`ok`) or fail without a traceback."""
    done = storyreel(*args, timeout=timeout, workers=workers)
    if ok:
        assert done.returncode == 0, done.stderr
    else:
        assert done.returncode != 0 and "Traceback" not in done.stderr, done.stderr
    return done
