"""Test generators that misbehave in each way the engine must survive."""

from __future__ import annotations

import threading
import time

import numpy as np
from PIL import Image as PILImage
from pydantic import BaseModel, Field

from studio.plugins.api import Audio, Context, Generator, Image, Kind, Request, Text, Video


class StepParams(BaseModel):
    steps: int = Field(5, ge=1, le=1000)
    step_seconds: float = Field(0.0, ge=0.0)


class Steps(Generator):
    """A well-behaved generator: per step, check cancel, work, report progress."""

    id = "test.steps"
    name = "Steps"
    output = Kind.IMAGE
    Params = StepParams
    loads = 0

    def load(self, ctx: Context) -> None:
        type(self).loads += 1

    def generate(self, request: Request, ctx: Context) -> Image:
        p = request.params
        for step in range(p.steps):
            ctx.check_cancelled()
            time.sleep(p.step_seconds)
            ctx.progress((step + 1) / p.steps, f"step {step + 1}/{p.steps}")
        return Image(PILImage.new("RGB", (request.width, request.height), "gray"))


class IgnoresCancel(Steps):
    id = "test.ignores-cancel"

    def generate(self, request: Request, ctx: Context) -> Image:
        p = request.params
        for step in range(p.steps):
            time.sleep(p.step_seconds)
            ctx.progress((step + 1) / p.steps)
        return Image(PILImage.new("RGB", (8, 8)))


class Raises(Generator):
    id = "test.raises"
    name = "Raises"
    output = Kind.IMAGE

    def generate(self, request: Request, ctx: Context) -> Image:
        raise ValueError("the model exploded at step 3")


class Returns(Generator):
    """Returns whatever the test put in `value` (for output-contract tests)."""

    id = "test.returns"
    name = "Returns"
    output = Kind.VIDEO
    value: object = None

    def generate(self, request: Request, ctx: Context):
        return type(self).value


class Blocker(Generator):
    """Holds its lane until the test sets `release`; `started` says it is running."""

    id = "test.blocker"
    name = "Blocker"
    output = Kind.TEXT
    started = threading.Event()
    release = threading.Event()

    def generate(self, request: Request, ctx: Context) -> Text:
        type(self).started.set()
        if not type(self).release.wait(10):
            raise TimeoutError("the test never released the blocker")
        return Text("released")


class CpuText(Generator):
    id = "test.cpu-text"
    name = "CPU text"
    output = Kind.TEXT
    runs_on = "cpu"

    def generate(self, request: Request, ctx: Context) -> Text:
        return Text(request.prompt.upper())


def sized(gen_id: str, size: int, journal: list[str]) -> type[Generator]:
    """A generator claiming `size` bytes, journaling its loads and unloads."""

    class Sized(Generator):
        id = gen_id
        name = gen_id
        output = Kind.TEXT
        memory_estimate = size

        def load(self, ctx: Context) -> None:
            journal.append(f"load {gen_id}")

        def generate(self, request: Request, ctx: Context) -> Text:
            return Text(gen_id)

        def unload(self) -> None:
            journal.append(f"unload {gen_id}")

    return Sized


class OutOfMemoryError(RuntimeError):
    """Named like torch.cuda.OutOfMemoryError, which the engine detects by name."""


class RunsOutOfMemory(Generator):
    id = "test.oom"
    name = "OOM"
    output = Kind.AUDIO
    memory_estimate = 10
    error: type[BaseException] = OutOfMemoryError
    unloads = 0
    fail = True

    def generate(self, request: Request, ctx: Context) -> Audio:
        if type(self).fail:
            raise type(self).error("CUDA out of memory. Tried to allocate 2.00 GiB")
        return Audio(np.zeros((10, 1), np.float32), 8000)

    def unload(self) -> None:
        type(self).unloads += 1


def video(frames: np.ndarray, fps: float = 24.0) -> Video:
    return Video(frames, fps)
