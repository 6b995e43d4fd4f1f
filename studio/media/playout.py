"""Playing sound from a position, and the clock of what is being heard (no Qt).

A feeder thread reads the source a little ahead of the output into a queue, so the
output's thread only copies samples and never waits on a mix or a decode. The position
reported is the source sample being heard now: at each pull, what was handed over before
it less what the output still holds unheard; between pulls it moves with real time, at
most through the samples of the last pull. When the feeder falls behind, the
output gets silence and the clock stops with the sound; picture that follows this clock
therefore follows the sound (studio.ui's transport), never the other way round.

Opening the output and the first reads (which may decode whole files) run on the feeder
thread too: `start` and `stop` return at once.
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Protocol

import numpy as np

from studio.media.audio_output import CHANNELS, Output, open_output
from studio.media.mix import decode_audio

BLOCK = 2048  # samples read from the source per trip of the feeder
AHEAD_SECONDS = 0.3  # read this far ahead of the output
STALL_SECONDS = 1.0  # an open output that has not pulled for this long has stopped
FIRST_PULL_SECONDS = 3.0  # a started output that has never pulled by then never will


class Source(Protocol):
    def samples(self, first: int, count: int) -> np.ndarray:
        """`count` samples from sample `first`: float32 [count, 2], zeros where silent."""
        ...


class ArraySource:
    """Decoded sound in memory (a take), silent outside it."""

    def __init__(self, audio: np.ndarray) -> None:
        self.audio = audio

    def samples(self, first: int, count: int) -> np.ndarray:
        out = np.zeros((count, CHANNELS), dtype=np.float32)
        lo, hi = max(first, 0), min(first + count, len(self.audio))
        if lo < hi:
            out[lo - first : hi - first] = self.audio[lo:hi, :CHANNELS]
        return out


class FileSource(ArraySource):
    """A sound file at `rate`, decoded on the first read: on the feeder's thread, not the GUI's."""

    def __init__(self, path: str | os.PathLike[str], rate: int) -> None:
        super().__init__(np.zeros((0, CHANNELS), np.float32))
        self.path, self.rate = path, rate
        self._decoded = False
        self._decoding = threading.Lock()  # a replay's run may ask while the last still reads

    def samples(self, first: int, count: int) -> np.ndarray:
        with self._decoding:
            if not self._decoded:
                self.audio, self._decoded = decode_audio(self.path, self.rate), True
        return super().samples(first, count)


class Playout:
    """Plays one source at a time from a sample position; `position()` is the clock."""

    def __init__(
        self,
        rate: int,
        opener: Callable[[int], Output] = open_output,
        now: Callable[[], float] = time.monotonic,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        self.rate = rate
        self._opener = opener
        self._now = now
        self._on_problem = on_problem
        self._run: _Run | None = None
        self._rest = 0  # where the clock stays when nothing plays
        self._last_output = ""
        self._last_underruns = 0

    @property
    def playing(self) -> bool:
        return self._run is not None

    @property
    def output_name(self) -> str:
        """The output of the current or last run ("" before the first one opened)."""
        return self._last_output

    @property
    def underruns(self) -> int:
        """Times the output got silence because the feeder was late (this or the last run)."""
        return self._run.underruns if self._run else self._last_underruns

    @property
    def failed(self) -> bool:
        """The current run ended by itself on an error (already reported to `on_problem`)."""
        return self._run is not None and self._run.failed

    def start(self, source: Source, first: int) -> None:
        """Play `source` from sample `first`; returns at once, sound follows shortly."""
        self.stop()
        self._rest = first
        self._run = _Run(self, source, first)

    def set_source(self, source: Source) -> None:
        """Play on from the same position with changed sound (an edit while playing)."""
        if self._run is not None:
            self._run.source = source

    def stop(self) -> None:
        run, self._run = self._run, None
        if run is not None:
            self._rest = run.position()
            self._last_underruns = run.underruns
            run.stop()

    def wait_ready(self, timeout: float = 5.0) -> bool:
        """Block until the read-ahead is full (for tests and benchmarks; never the GUI)."""
        run = self._run
        return run is not None and run.wait_full(timeout)

    def stalled(self) -> bool:
        """The sound stopped while playing: the output no longer asks for samples (a device
        unplugged or gone to sleep), or the run failed."""
        run = self._run
        return run is not None and run.stalled()

    def position(self) -> int:
        """The source sample being heard now (where it stopped, when stopped)."""
        run = self._run
        return run.position() if run is not None else self._rest

    def _opened(self, output: Output) -> None:
        self._last_output = output.name

    def _problem(self, message: str) -> None:
        if self._on_problem is not None:
            try:
                self._on_problem(message)
            except RuntimeError:
                pass  # its receiver (a closed window's Qt object) is gone


class _Run:
    """One start-to-stop: its own queue, feeder thread and output, so runs never mix."""

    def __init__(self, playout: Playout, source: Source, first: int) -> None:
        self.playout = playout
        self.source = source
        self.first = first
        self.rate = playout.rate
        self.ahead = round(self.rate * AHEAD_SECONDS)
        self.output: Output | None = None
        self.underruns = 0
        self.failed = False
        self._next = first  # the next source sample the feeder reads
        self._queue: deque[np.ndarray] = deque()
        self._queued = 0
        self._heard_in_pull = 0  # source samples in the last pull (silence excluded)
        self._content = 0  # source samples handed to the output so far
        self._anchor: tuple[float, int] | None = None  # (time of last pull, heard then)
        self._started_at: float | None = None  # when the output was started
        self._reported = 0
        self._stopped = False
        self._cond = threading.Condition()
        threading.Thread(target=self._feed, name="playout-feeder", daemon=True).start()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def wait_full(self, timeout: float) -> bool:
        with self._cond:
            return (
                self._cond.wait_for(
                    lambda: (
                        self._stopped or (self.output is not None and self._queued >= self.ahead)
                    ),
                    timeout,
                )
                and not self._stopped
            )

    def stalled(self) -> bool:
        with self._cond:
            if self.failed:
                return True
            if self._stopped or self._started_at is None:
                return False  # pre-rolling or opening, however long: not stalled
            now = self.playout._now()
            if self._anchor is None:  # started, but has it ever asked for sound?
                return now - self._started_at > FIRST_PULL_SECONDS
            return now - self._anchor[0] > STALL_SECONDS

    def position(self) -> int:
        with self._cond:
            if self._anchor is None:
                return self.first
            at, heard = self._anchor
            moved = min(round((self.playout._now() - at) * self.rate), self._heard_in_pull)
            # `heard` is negative while the first samples are still in the device's buffer.
            self._reported = max(self._reported, heard + max(0, moved), 0)
            return self.first + self._reported

    def _feed(self) -> None:
        try:
            if not self._read_until_full():  # pre-roll: sound is ready before it starts
                return  # stopped meanwhile: no output is opened for nothing
            output = self.playout._opener(self.rate)
            with self._cond:
                if self._stopped:
                    output.close()
                    return
                self.output = output
            self.playout._opened(output)
            with self._cond:
                self._started_at = self.playout._now()
            output.start(self._pull)
            with self._cond:
                self._cond.notify_all()  # wait_full: the output is open
            while self._read_until_full():
                pass
        except Exception as error:  # noqa: BLE001 - a bad file or device is reported, not raised
            if not self._stopped:  # a run already replaced fails quietly
                self.failed = True
                self.playout._problem(f"Sound stopped: {error}")
        finally:
            with self._cond:
                self._stopped = True
                output, self.output = self.output, None
            if output is not None:
                output.close()

    def _read_until_full(self) -> bool:
        """Read blocks until the queue holds `ahead` samples; False once stopped."""
        while True:
            with self._cond:
                while not self._stopped and self._queued >= self.ahead and self.output:
                    self._cond.wait()
                if self._stopped:
                    return False
                if self._queued >= self.ahead:
                    return True  # pre-roll done
                source, first = self.source, self._next
                self._next += BLOCK
            block = np.asarray(source.samples(first, BLOCK), dtype=np.float32)
            with self._cond:
                self._queue.append(block)
                self._queued += len(block)
                self._cond.notify_all()

    def _pull(self, count: int) -> np.ndarray:
        """The output's thread takes `count` samples; silence where the feeder is behind."""
        out = np.zeros((count, CHANNELS), dtype=np.float32)
        with self._cond:
            filled = 0
            while filled < count and self._queue and not self._stopped:
                block = self._queue[0]
                take = min(count - filled, len(block))
                out[filled : filled + take] = block[:take]
                filled += take
                if take == len(block):
                    self._queue.popleft()
                else:
                    self._queue[0] = block[take:]
            self._queued -= filled
            if filled < count and not self._stopped:
                self.underruns += 1
            self._content += filled
            self._heard_in_pull = filled
            latency = self.output.latency if self.output is not None else 0
            self._anchor = (self.playout._now(), self._content - filled - latency)
            self._cond.notify_all()
        return out
