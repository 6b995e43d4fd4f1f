"""Generators that kill, hang or flood the process they run in; only worker processes survive them.

They are imported by the worker processes too, so they keep no state the test could
change after submitting: each takes what it needs from its request.
"""

from __future__ import annotations

import ctypes
import os
import time

from PIL import Image as PILImage

from studio.plugins.api import Context, Generator, Image, Kind, Request, Text


class Segfaults(Generator):
    id = "test.segfaults"
    name = "Segfaults"
    output = Kind.IMAGE

    def generate(self, request: Request, ctx: Context) -> Image:
        ctypes.string_at(0)  # reads address 0: SIGSEGV
        raise AssertionError("unreachable")


class Exits(Generator):
    id = "test.exits"
    name = "Exits"
    output = Kind.IMAGE

    def generate(self, request: Request, ctx: Context) -> Image:
        os._exit(3)


class Interrupts(Generator):
    id = "test.interrupts"
    name = "Interrupts"
    output = Kind.IMAGE

    def generate(self, request: Request, ctx: Context) -> Image:
        raise KeyboardInterrupt


class IgnoresCancel(Generator):
    """Reports progress every 20 ms for a minute, never checking for cancel."""

    id = "test.deaf"
    name = "Ignores cancel"
    output = Kind.IMAGE

    def generate(self, request: Request, ctx: Context) -> Image:
        for step in range(3000):
            time.sleep(0.02)
            ctx.progress(step / 3000)
        return Image(PILImage.new("RGB", (8, 8)))


class Hangs(Generator):
    """Says nothing, does nothing, for a minute."""

    id = "test.hangs"
    name = "Hangs"
    output = Kind.TEXT

    def generate(self, request: Request, ctx: Context) -> Text:
        time.sleep(60)
        return Text("too late")


class Prints(Generator):
    """Prints on stdout, from Python and below it, then previews and returns its prompt."""

    id = "test.prints"
    name = "Prints"
    output = Kind.IMAGE

    def generate(self, request: Request, ctx: Context) -> Image:
        print("chatty plugin output", flush=True)
        os.write(1, b"chatty plugin output from C\n")
        for step in range(3):
            ctx.progress((step + 1) / 3, f"step {step + 1}")
            ctx.preview(PILImage.new("RGB", (4, 4), (step * 100, 0, 0)))
        ctx.preview(Text("so far"))  # a text generator streams its text this way
        return Image(PILImage.new("RGB", (request.width, request.height), "white"))


class CountsLoads(Generator):
    """Returns how many times this worker process has loaded it, and its process id."""

    id = "test.counts-loads"
    name = "Counts loads"
    output = Kind.TEXT
    loads = 0

    def load(self, ctx: Context) -> None:
        type(self).loads += 1

    def generate(self, request: Request, ctx: Context) -> Text:
        return Text(f"{type(self).loads} {os.getpid()}")


class SegfaultsOnCpu(Segfaults):
    """A light `runs_on="cpu"` generator that crashes: the CPU worker takes it."""

    id = "test.segfaults-on-cpu"
    runs_on = "cpu"


class SlowLoad(Generator):
    """Loads for up to ten seconds, reporting and checking for cancel every 20 ms."""

    id = "test.slow-load"
    name = "Slow load"
    output = Kind.TEXT

    def load(self, ctx: Context) -> None:
        for step in range(500):
            ctx.check_cancelled()
            ctx.progress(0.0, f"loading {step}")
            time.sleep(0.02)

    def generate(self, request: Request, ctx: Context) -> Text:
        return Text("loaded")
