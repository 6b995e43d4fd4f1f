"""Benchmark: `script breakdown` of 5k to 50k scenes must grow linearly with the scenes.

Three runs per size, each one `break_down` on a document: the first breakdown of a fresh
project, the same script again (nothing changes), and a revised script with every other
scene new and the old scenes in reverse order (the worst case for matching and reordering).

    .venv/bin/python bench/bench_breakdown.py [--sizes 5000 10000 20000 50000]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from studio.model import Document  # noqa: E402
from studio.screenplay import parse  # noqa: E402
from studio.workflows.script.breakdown import break_down  # noqa: E402


def scene(n: int, tag: str = "") -> str:
    return f"INT. ROOM {tag}{n} - DAY\n\nSomeone waits in room {n}. The clock ticks.\n\n"


def script_of(numbers, tag: str = "") -> str:
    return "".join(scene(n, tag) for n in numbers)


def timed(fn) -> float:
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    assert result, getattr(result, "reason", result)
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 10000, 20000, 50000])
    args = parser.parse_args()
    print(f"{'scenes':>7}  {'first':>8}  {'again':>8}  {'revised':>8}  (seconds)")
    for size in args.sizes:
        first = parse(script_of(range(size)))
        revised_text = "".join(scene(n) + scene(n, "NEW ") for n in reversed(range(0, size, 2)))
        revised = parse(revised_text)
        doc = Document()
        t_first = timed(lambda d=doc, s=first: break_down(d, s))
        t_again = timed(lambda d=doc, s=first: break_down(d, s))
        t_revised = timed(lambda d=doc, s=revised: break_down(d, s))
        print(f"{size:>7}  {t_first:8.2f}  {t_again:8.2f}  {t_revised:8.2f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
