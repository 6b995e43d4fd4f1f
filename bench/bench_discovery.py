"""What plugin discovery costs with manifests against without: the repo's plugins/ as they
are (each with a storyreel-plugin.toml: listed, not imported) and a copy without the
manifests (each probed in a process and imported, as before API 1.4), plus one extra plugin
that sleeps 2 s at import. Each discovery runs in a fresh process (no probe cache).

Goal: discovery never imports a manifest plugin, so a slow plugin adds nothing to it.

    .venv/bin/python bench/bench_discovery.py [--runs 3]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TIMED = """
import sys, time
sys.path.insert(0, {root!r})
from studio.engine.discovery import discover
started = time.perf_counter()
registry = discover(repo_dir={repo!r}, user_dirs=[], entry_points=False)
elapsed = time.perf_counter() - started
assert all(r.status != "broken" for r in registry), [r.error for r in registry]
print(elapsed)
"""

SLOW = """
import time
from studio.plugins.api import Generator, Kind, Text

time.sleep(2)  # a plugin whose import is slow (a heavy import at module level)


class Slow(Generator):
    id = "bench.slow"
    name = "Slow"
    output = Kind.TEXT

    def generate(self, request, ctx):
        return Text("")
"""

SLOW_MANIFEST = """
api_version = "1.4"

[[generator]]
id = "bench.slow"
name = "Slow"
version = "0.1.0"
output = "text"
entry = ".:Slow"
"""


def copy_plugins(to: Path, *, manifests: bool, slow: bool) -> Path:
    shutil.copytree(
        ROOT / "plugins",
        to,
        ignore=shutil.ignore_patterns(
            "example-plugin", "__pycache__", *(() if manifests else ("storyreel-plugin.toml",))
        ),
    )
    if slow:
        (to / "slow").mkdir()
        (to / "slow" / "__init__.py").write_text(SLOW)
        if manifests:
            (to / "slow" / "storyreel-plugin.toml").write_text(SLOW_MANIFEST)
    return to


def discovery_seconds(repo: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        code = TIMED.format(root=str(ROOT), repo=str(repo))
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        times.append(float(done.stdout.split()[-1]))
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        print(f"discovery of plugins/, median of {args.runs} fresh processes:")
        for slow in (False, True):
            results = {}
            for manifests in (False, True):
                folder = Path(tmp) / f"plugins-{manifests}-{slow}"
                repo = copy_plugins(folder, manifests=manifests, slow=slow)
                results[manifests] = discovery_seconds(repo, args.runs)
            label = "first-party + a 2 s import" if slow else "first-party plugins"
            print(
                f"  {label:28} without manifests {results[False] * 1000:7.0f} ms"
                f"   with {results[True] * 1000:6.1f} ms"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
