"""Embedding 1,000 prompts on the engine's CPU pool leaves the GUI thread responsive."""

from __future__ import annotations

import threading
import time

import pytest

from studio.engine import Engine
from studio.taste.models import text_model

PROMPTS = [f"shot {i}: a harbour at dawn, fishing boats, take {i % 7}" for i in range(1000)]


def worst_stall(engine: Engine) -> float:
    """Seconds of the longest late tick of a 5 ms ticking thread while the pool embeds."""
    gaps: list[float] = []
    done = threading.Event()

    def tick() -> None:  # stands in for the GUI thread's event loop
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.005)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        rows = engine.run_cpu(text_model().embed, PROMPTS).result(timeout=120)
    finally:
        done.set()
        ticker.join()
    assert rows.shape == (1000, 384) and len(gaps) > 100
    return max(gaps) - 0.005


@pytest.mark.slow
def test_embedding_a_thousand_prompts_never_stalls_a_ticking_thread_50_ms():
    text_model().embed(["load the model first"])  # loading is a one-off, not measured
    stalls = []
    with Engine(cpu_workers=1) as engine:
        # A second try forgives one run slowed by another process on a busy 2-core machine;
        # a lock held by our worker would stall both.
        for _ in range(2):
            stalls.append(worst_stall(engine))
            if stalls[-1] < 0.050:
                return
    pytest.fail(f"worst stalls {[round(s * 1000) for s in stalls]} ms (goal < 50 ms)")
