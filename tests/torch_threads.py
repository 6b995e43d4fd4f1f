"""One torch thread per test, for suites that run tiny torch models in the test process:
tiny models on a busy 2-core machine ran up to 40x faster on one thread than on all."""

from __future__ import annotations

import sys

import pytest


@pytest.fixture(autouse=True)
def _one_torch_thread():
    torch = sys.modules.get("torch")
    if torch is None:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
