"""Playing a take from a position, when an audio output library (sounddevice) is installed."""

from __future__ import annotations

import importlib.util
import os
import threading


def unavailable_reason() -> str:
    """Why playback cannot work here, or "" when it can."""
    if importlib.util.find_spec("sounddevice") is None:
        return "No audio output: install sounddevice to listen to takes"
    return ""


class Player:
    """Plays one file at a time; reading and starting run on a thread, never the GUI's."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._serial = 0

    def play(self, path: str | os.PathLike[str], from_seconds: float, on_error) -> None:
        with self._lock:
            self._serial += 1
            serial = self._serial
        threading.Thread(
            target=self._start, args=(path, from_seconds, serial, on_error), daemon=True
        ).start()

    def _start(self, path, from_seconds: float, serial: int, on_error) -> None:
        try:
            import sounddevice
            import soundfile

            with soundfile.SoundFile(os.fspath(path)) as sound:
                sound.seek(min(sound.frames, max(0, round(from_seconds * sound.samplerate))))
                samples, rate = sound.read(dtype="float32", always_2d=True), sound.samplerate
            with self._lock:
                if serial != self._serial:
                    return  # stopped or replaced while the file was read
                sounddevice.play(samples, rate)
        except Exception as exc:  # noqa: BLE001 - a device error is shown, not raised
            on_error(f"Cannot play: {exc}")

    def stop(self) -> None:
        with self._lock:
            self._serial += 1
        try:
            import sounddevice

            sounddevice.stop()
        except ImportError:
            pass  # nothing could have been playing
