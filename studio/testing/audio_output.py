"""An audio output a test drives by hand: it pulls only when told, on a clock the test sets.

Give `ManualOutput.opener` to `studio.media.playout.Playout(opener=...)`; once the playout
has pre-rolled and opened it, `pull(count)` takes samples as a device callback would.
"""

from __future__ import annotations

import threading

import numpy as np


class ManualClock:
    """Seconds that move only when the test says so."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __call__(self) -> float:
        return self.seconds

    def advance(self, seconds: float) -> None:
        self.seconds += seconds


class ManualOutput:
    audible = False
    name = "manual test output"
    reason = "a test drives it"

    def __init__(self, latency: int = 0) -> None:
        self.latency = latency
        self.rate = 0
        self.closed = False
        self.pulled: list[np.ndarray] = []
        self._pull = None
        self._started = threading.Event()

    def opener(self, rate: int) -> ManualOutput:
        self.rate = rate
        return self

    def start(self, pull) -> None:
        self._pull = pull
        self._started.set()

    def close(self) -> None:
        self.closed = True

    def wait_started(self, timeout: float = 5.0) -> None:
        if not self._started.wait(timeout):
            raise TimeoutError("the playout never opened its output")

    def pull(self, count: int) -> np.ndarray:
        """Take `count` samples, as the device's callback would."""
        self.wait_started()
        samples = self._pull(count)
        self.pulled.append(samples)
        return samples

    def heard(self) -> np.ndarray:
        return np.concatenate(self.pulled) if self.pulled else np.zeros((0, 2), np.float32)
