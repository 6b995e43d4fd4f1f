"""Embedding 1,000 prompts on the engine's CPU pool leaves the GUI thread responsive."""

from __future__ import annotations

import threading
import time

import pytest

from studio.engine import Engine
from studio.taste.models import text_model


@pytest.mark.slow
def test_embedding_a_thousand_prompts_never_stalls_a_ticking_thread_50_ms():
    model = text_model()
    model.embed(["load the model first"])  # loading is a one-off, outside the measurement
    prompts = [f"shot {i}: a harbour at dawn, fishing boats, take {i % 7}" for i in range(1000)]
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
    with Engine(cpu_workers=1) as engine:
        ticker.start()
        rows = engine.run_cpu(model.embed, prompts).result(timeout=120)
        done.set()
        ticker.join()
    assert rows.shape == (1000, 384)
    assert len(gaps) > 100
    assert max(gaps) - 0.005 < 0.050, f"worst stall {1000 * (max(gaps) - 0.005):.0f} ms"
