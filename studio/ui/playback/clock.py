"""The clocks playback runs against, and why there is no audio clock on this machine (no Qt).

Playback asks a clock for the time and shows the frame due then; frames that are late are
dropped, so the picture never drifts from the clock. With an audio output the clock would
be the output's own (samples played / sample rate), so picture follows sound; any object
with `now() -> seconds` can be that clock. Until one exists, a monotonic wall clock drives.
"""

from __future__ import annotations

import importlib.util
import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float:
        """Seconds on this clock; only differences between readings matter."""
        ...


class WallClock:
    """The monotonic system clock: never jumps when the system time is set."""

    def now(self) -> float:
        return time.monotonic()


def audio_output_problem() -> str | None:
    """Why sound cannot play here (None when it can): the UI says so instead of failing."""
    if importlib.util.find_spec("sounddevice") is None:
        return "no audio output library is installed (sounddevice with PortAudio)"
    try:
        import sounddevice

        sounddevice.query_devices(kind="output")
    except Exception as error:  # noqa: BLE001 - PortAudio missing, or no device: same outcome
        return f"no audio output device ({error})"
    return "audio output is not wired to playback yet"
