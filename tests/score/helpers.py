"""Fake score generators with known output, to test fitting without a model."""

from __future__ import annotations

import numpy as np

from studio.plugins.api import Audio, Context, Generator, Kind, Request


class Tone(Generator):
    """A sine whose phase runs on from the start of time; each call starts at `offset`.

    With `continues_audio`, a continue-from input is taken as the start: the output
    begins where the input began, as the contract asks, so joins are seamless.
    """

    id = "test.tone"
    name = "test tone (no model)"
    output = Kind.AUDIO
    accepts = (Kind.AUDIO,)

    def __init__(self, max_duration=None, continues=True, rate=16000, hz=220.0):
        self.max_duration = max_duration
        self.continues_audio = continues
        self.rate, self.hz = rate, hz
        self.requests: list[Request] = []
        self.made = 0  # samples of new music made so far: where the next one starts

    def generate(self, request: Request, ctx: Context) -> Audio:
        self.requests.append(request)
        count = round(request.duration * self.rate)
        prompt = request.inputs_of(Kind.AUDIO)
        start = self.made
        if prompt:
            start -= round(prompt[0].audio().duration * self.rate)
        for step in range(4):
            ctx.check_cancelled()
            ctx.progress((step + 1) / 4)
        t = (start + np.arange(count)) / self.rate
        if not self.continues_audio:
            t = t + 0.37 * len(self.requests)  # an unrelated take: phase jumps
        self.made = start + count
        wave = 0.5 * np.sin(2 * np.pi * self.hz * t)
        return Audio(np.stack([wave, wave], axis=1).astype(np.float32), self.rate)


def jumps(samples: np.ndarray) -> np.ndarray:
    """The largest sample-to-sample step across channels, at each sample boundary."""
    return np.abs(np.diff(samples, axis=0)).max(axis=1)
