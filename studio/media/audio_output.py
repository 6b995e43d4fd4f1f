"""Where played sound goes: the system's sound device (miniaudio), or a silent paced output.

An output calls `pull(count)` from its own thread whenever it needs `count` more samples
(float32 [count, 2]) and reports, with `latency`, how many samples it holds that have not
been heard yet. Both kinds pace themselves by real time, so the clock built on them
(studio.media.playout) runs at the speed sound is heard.

miniaudio carries its own ALSA/PulseAudio/CoreAudio/WASAPI code, so there is no system
library to install; on a machine with no sound device it falls back to its "Null" backend,
which is paced like a device and plays nothing.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from typing import Protocol

import numpy as np

log = logging.getLogger(__name__)

CHANNELS = 2
PERIOD_MS = 20  # one device callback's worth: small enough for a tight clock
PERIODS = 3  # periods the device buffers: enough to ride out a busy GUI holding the GIL

Pull = Callable[[int], np.ndarray]


class Output(Protocol):
    name: str  # what the viewer says is playing the sound
    audible: bool  # False when nothing will be heard (no device)
    reason: str  # why it is silent, when it is
    latency: int  # samples still unheard in the output when it pulls the next ones

    def start(self, pull: Pull) -> None: ...

    def close(self) -> None: ...


class OutputUnavailable(RuntimeError):
    """No output could be opened; the message says why in words for the user."""


class DeviceOutput:
    """The default sound device, through miniaudio.

    `backends` names miniaudio backends to try ("null" for its paced silent device, as the
    tests use); None tries the system's own in miniaudio's order.
    """

    def __init__(self, rate: int, backends: list[str] | None = None) -> None:
        try:
            import miniaudio
        except (ImportError, OSError) as error:
            raise OutputUnavailable(f"the sound library did not load ({error})") from None
        try:
            self._device = miniaudio.PlaybackDevice(
                output_format=miniaudio.SampleFormat.FLOAT32,
                nchannels=CHANNELS,
                sample_rate=rate,
                buffersize_msec=PERIOD_MS,
                callback_periods=PERIODS,
                app_name="Storyreel",
                backends=[miniaudio.Backend[name.upper()] for name in backends or []],
            )
        except miniaudio.MiniaudioError as error:
            raise OutputUnavailable(f"the device did not open (miniaudio: {error})") from None
        self._lib = miniaudio.lib
        backend = self._device.backend
        self.audible = backend.lower() != "null"
        self.name = backend if self.audible else "no sound device"
        self.reason = "" if self.audible else "miniaudio found no device and plays to none"
        # At a callback a device still holds the periods before the one it asks for; the
        # binding cannot read the real buffer, so this is an estimate (miniaudio's null
        # device, measured, holds one period).
        periods_held = PERIODS - 1 if self.audible else 1
        self.latency = rate * PERIOD_MS * periods_held // 1000
        self._closing = False

    def start(self, pull: Pull) -> None:
        def feed():
            count = yield b""
            while True:
                if self._closing:
                    count = yield b""  # silence while the device winds down
                    continue
                try:
                    count = yield pull(count)
                except Exception:  # noqa: BLE001 - raising here would silently kill the device
                    log.exception("the sound callback failed")
                    count = yield b""

        generator = feed()
        next(generator)
        self._device.start(generator)

    def close(self) -> None:
        self._closing = True
        device = self._device
        # Stop the device before the binding drops its generator: stopping waits for the
        # callback to finish, so the callback never finds its generator gone mid-call.
        if device.running:
            self._lib.ma_device_stop(device._device)
            device.running = False
        device.close()
        # The binding never frees the context it made for the device; each one holds a
        # connection to the sound server, and servers refuse clients after a few dozen.
        context = getattr(device, "_context", None)
        if context is not None:
            self._lib.ma_context_uninit(context)
            device._context = None


class SilentOutput:
    """Pulls samples at the pace of real time and discards them: a device with no speaker.

    Used when no sound device opens at all, so playback keeps one clock either way.
    """

    audible = False
    name = "no sound device"

    def __init__(self, rate: int, now: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.period = rate * PERIOD_MS // 1000
        self.latency = self.period
        self.reason = "no sound device was asked for"
        self._now = now
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self, pull: Pull) -> None:
        self._thread = threading.Thread(target=self._run, args=(pull,), daemon=True)
        self._thread.start()

    def _run(self, pull: Pull) -> None:
        started, handed = self._now(), 0
        while not self._stop.is_set():
            due = started + handed / self.rate - PERIOD_MS / 1000  # one period ahead
            self._stop.wait(max(0.0, due - self._now()))
            if not self._stop.is_set():
                pull(self.period)
                handed += self.period

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=1.0)


_no_device: tuple[float, str] | None = None  # when opening last failed, and why
RETRY_SECONDS = 30.0  # a device plugged in later is found at the next play after this


def open_output(rate: int) -> Output:
    """The sound device when one opens, else a silent output; never raises.

    A failure is remembered for RETRY_SECONDS: probing again on every play and seek costs
    time, and each failed probe leaks a little inside the binding.

    STORYREEL_AUDIO=silent asks for the silent output (the test suite sets it, so tests
    on a machine with speakers stay quiet and time the same as in CI).
    """
    if os.environ.get("STORYREEL_AUDIO", "").lower() == "silent":
        output = SilentOutput(rate)
        output.reason = "STORYREEL_AUDIO=silent"
        return output
    global _no_device
    if _no_device is None or time.monotonic() - _no_device[0] > RETRY_SECONDS:
        try:
            output = DeviceOutput(rate)
            _no_device = None
            return output
        except OutputUnavailable as error:
            _no_device = (time.monotonic(), str(error))
    output = SilentOutput(rate)
    output.reason = _no_device[1]
    return output
