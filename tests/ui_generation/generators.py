"""Small generators for the UI tests: stepping, failing, failing once, and CPU-bound."""

from __future__ import annotations

import time

import numpy as np
import PIL.Image
from pydantic import BaseModel, Field

from studio.plugins.api import Context, Generator, Image, Kind, Request


class StepsParams(BaseModel):
    steps: int = Field(20, ge=1, le=10_000)
    delay: float = Field(0.01, ge=0.0, le=1.0)


class Steps(Generator):
    """Sleeps a little per step, reporting progress and a preview each step."""

    id = "test.steps"
    name = "Test steps"
    output = Kind.IMAGE
    Params = StepsParams
    runs_on = "cpu"

    def generate(self, request: Request, ctx: Context) -> Image:
        p: StepsParams = request.params  # type: ignore[assignment]
        for step in range(p.steps):
            ctx.check_cancelled()
            time.sleep(p.delay)
            ctx.progress((step + 1) / p.steps, f"step {step + 1}/{p.steps}")
            ctx.preview(np.full((32, 48, 3), (step * 20) % 256, np.uint8))
        return Image(PIL.Image.new("RGB", (64, 36), (200, 60, 60)))


class Broken(Generator):
    id = "test.broken"
    name = "Test broken"
    output = Kind.IMAGE
    runs_on = "cpu"

    def generate(self, request: Request, ctx: Context) -> Image:
        ctx.progress(0.5, "half way")
        raise ValueError("no light in the studio")


class FailsOnce(Generator):
    id = "test.fails-once"
    name = "Test fails once"
    output = Kind.IMAGE
    runs_on = "cpu"
    calls = 0

    def generate(self, request: Request, ctx: Context) -> Image:
        type(self).calls += 1
        if type(self).calls == 1:
            raise RuntimeError("the first take fails")
        return Image(PIL.Image.new("RGB", (64, 36), (60, 200, 60)))


class BusyParams(BaseModel):
    seconds: float = 1.5


class Busy(Generator):
    """Pure Python work holding the GIL, reporting as fast as it can: the worst case."""

    id = "test.busy"
    name = "Test busy"
    output = Kind.IMAGE
    Params = BusyParams
    runs_on = "cpu"
    reports = 0  # how many progress reports the last run made

    def generate(self, request: Request, ctx: Context) -> Image:
        p: BusyParams = request.params  # type: ignore[assignment]
        frame = np.zeros((64, 64, 3), np.uint8)
        start = time.monotonic()
        reports = 0
        while (elapsed := time.monotonic() - start) < p.seconds:
            ctx.check_cancelled()
            sum(i * i for i in range(2000))
            ctx.progress(elapsed / p.seconds, f"report {reports}")
            ctx.preview(frame)
            reports += 1
        type(self).reports = reports
        return Image(PIL.Image.new("RGB", (64, 36)))
