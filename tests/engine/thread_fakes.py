"""A generator that reports how many threads torch gives it, where it runs (a worker process
imports it by name, so it lives in a module of its own)."""

from __future__ import annotations

from studio.plugins.api import Context, Generator, Kind, Request, Text


class TorchThreads(Generator):
    id = "test.torch-threads"
    name = "torch threads"
    output = Kind.TEXT

    def load(self, ctx: Context) -> None:
        import torch  # as a real plugin does: the engine caps torch after load()

        self.torch = torch

    def generate(self, request: Request, ctx: Context) -> Text:
        return Text(str(self.torch.get_num_threads()))


class Niceness(Generator):
    """Reports the CPU priority (nice value) of the process it runs in."""

    id = "test.niceness"
    name = "niceness"
    output = Kind.TEXT

    def generate(self, request: Request, ctx: Context) -> Text:
        import os

        return Text(str(os.nice(0)))
