"""Generators for the cluster tests, importable by the cluster's workers (no torch)."""

from __future__ import annotations

import time

from studio.plugins.api import Context, Generator, Kind, Output, Request


class LogsThenWaits(Generator):
    """Logs one record, then waits for cancel without a word of progress."""

    id = "tests.logs-then-waits"
    name = "logs, then waits"
    output = Kind.IMAGE

    def generate(self, request: Request, ctx: Context) -> Output:
        ctx.log.warning("a long quiet stretch begins")
        while True:
            ctx.check_cancelled()
            time.sleep(0.01)
