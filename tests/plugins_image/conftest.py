"""Shared set-up for the diffusers.image tests: one generator instance, events recorded."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import pytest

from plugins.diffusers_image import DiffusersImage
from plugins.diffusers_image.params import DiffusersImageParams
from studio.plugins.api import Context


@dataclass
class Recorder:
    """A Context whose progress messages and previews are kept for the test to read."""

    cancel_at_step: int | None = None
    progress: list[tuple[float, str]] = field(default_factory=list)
    previews: list = field(default_factory=list)
    cancel_event: threading.Event = field(default_factory=threading.Event)

    def context(self) -> Context:
        return Context(
            "cpu",
            on_progress=self._progress,
            on_preview=self.previews.append,
            cancel_event=self.cancel_event,
        )

    @property
    def steps(self) -> list[str]:
        return [m for _, m in self.progress if m.startswith("step ")]

    def _progress(self, fraction: float, message: str) -> None:
        self.progress.append((fraction, message))
        if self.cancel_at_step is not None and message.startswith(f"step {self.cancel_at_step}/"):
            self.cancel_event.set()


@pytest.fixture(scope="module")
def generator():
    """One loaded instance per module, as the engine's model cache keeps one."""
    import torch

    # As the engine does (cores - 1): on a busy 2-core runner two threads contend and
    # tiny convolutions run ten times slower.
    threads = torch.get_num_threads()
    torch.set_num_threads(max(1, threads - 1))
    instance = DiffusersImage()
    instance.load(Context("cpu"))
    yield instance
    instance.unload()
    torch.set_num_threads(threads)


@pytest.fixture
def params(tiny_sd):
    def make(**changes) -> DiffusersImageParams:
        return DiffusersImageParams(
            **{"model": str(tiny_sd), "steps": 4, "preview_interval_ms": 0, **changes}
        )

    return make
