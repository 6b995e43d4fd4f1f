"""Run `storyreel` as users run it: a subprocess, with a timeout so a hang fails the test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def storyreel(*args, timeout: float = 60, cwd=None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(
            [sys.executable, "-m", "studio.cli", *map(str, args)],
            capture_output=True,
            text=True,
            cwd=cwd or REPO,
            timeout=timeout,
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
