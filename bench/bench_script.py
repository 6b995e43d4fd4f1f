"""Benchmark: parsing 120- and 2,000-page Fountain scripts, against a line-splitting regex pass.

The baseline does the least a parser must: split the text into lines and match each
against a scene-heading regex. The goal is a 120-page script in under 100 ms.

    .venv/bin/python bench/bench_script.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from studio.screenplay import parse, write_fountain  # noqa: E402
from studio.screenplay.layout import paginate  # noqa: E402
from studio.workflows.script.breakdown import plan_scenes  # noqa: E402

_HEADING = re.compile(r"(?:INT|EXT|EST|I/E)[. ]", re.IGNORECASE)


def baseline(text: str) -> int:
    return sum(1 for line in text.split("\n") if _HEADING.match(line))


def script_of(pages: int) -> str:
    """A script of about `pages` pages built from the sample's and the tricky file's scenes."""
    sample = (REPO / "resources/sample/sample.fountain").read_text().split("FADE IN:", 1)[1]
    tricky = (REPO / "resources/sample/tricky.fountain").read_text().split("\n\n", 2)[2]
    unit = sample + "\n\n" + tricky + "\n\n"
    unit_pages = len(paginate(parse(unit * 20))) / 20
    return unit * max(1, round(pages / unit_pages))


def timed(fn, arg, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn(arg)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    ok = True
    for pages in (120, 2000):
        text = script_of(pages)
        script = parse(text)
        printed = len(paginate(script))
        base = timed(baseline, text, args.repeat)
        ours = timed(parse, text, args.repeat)
        lines = text.count("\n") + 1
        print(
            f"{printed:5d} pages, {lines:6d} lines, {len(script.scenes):5d} scenes: "
            f"parse {ours:7.1f} ms | regex line pass {base:6.1f} ms | x{ours / base:.1f}"
        )
        if pages == 120:
            ok = ours < 100
            write = timed(write_fountain, script, args.repeat)
            layout = timed(paginate, script, args.repeat)
            plan = timed(plan_scenes, script, args.repeat)
            print(
                f"      write Fountain {write:.1f} ms | paginate {layout:.1f} ms | "
                f"breakdown plan {plan:.1f} ms"
            )
    print("goal (120 pages parsed in under 100 ms):", "met" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
