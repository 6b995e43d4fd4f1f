"""bench/bench_stall.py's statistics: a percentile is one of the values, never above the
maximum (the old stall figure printed a p99 above its max: an interpolating estimate over
31-44 ticks)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

_spec = importlib.util.spec_from_file_location(
    "bench_stall", Path(__file__).resolve().parents[1] / "bench" / "bench_stall.py"
)
bench_stall = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_stall)


@given(st.lists(st.floats(0, 10, allow_nan=False), min_size=1, max_size=300), st.floats(0.01, 1))
def test_a_percentile_is_one_of_the_values_and_never_above_the_max(values, fraction):
    ordered = sorted(values)
    p = bench_stall.nearest_rank(ordered, fraction)
    assert p in ordered and p <= ordered[-1]
    assert sum(v <= p for v in ordered) >= fraction * len(ordered)


def test_stalls_are_gaps_less_the_interval():
    gaps = [0.002] * 98 + [0.010, 0.030]  # seconds between ticks of a 2 ms timer
    summary = bench_stall.stall_summary(gaps, 2)
    assert summary["ticks"] == 100
    assert summary["max_ms"] == 28.0
    assert summary["p99_ms"] == 8.0
    assert summary["over_goal"] == 1
