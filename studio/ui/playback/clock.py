"""The clocks playback runs against.

Playback asks a clock for the time and shows the frame due then; frames that are late are
dropped, so the picture never drifts from the clock. At normal speed the clock is the
sound's (studio.ui.playback.qt_sound: samples heard / sample rate), so picture follows
sound; shuttling and reverse play have no sound and run on the monotonic wall clock.
"""

from __future__ import annotations

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
