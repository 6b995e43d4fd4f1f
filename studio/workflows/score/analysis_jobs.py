"""(worker processes) The score panel's audio analysis: waveform peaks, a spectrogram picture,
loudness. Qt-free and module-level, so the panel's process pool can run them."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.media.analysis import file_spectrogram, loudness
from studio.media.peaks import Peaks, PeaksCache

SAMPLES_PER_PEAK = 256
SPECTRUM_COLUMNS = 1024
SPECTRUM_ROWS = 256
LOWEST_HZ = 30.0
SHOWN_FLOOR_DB = -96.0  # quieter than this is black: below 16-bit dither, nothing to see
LOUDNESS_LIMIT_S = 20 * 60  # a K-weighted float64 copy of 20 min of stereo is ~0.9 GB
# Inferno-like stops (position, r, g, b): dark for silence, bright for loud, readable in grey.
_COLOURS = np.array(
    [
        (0.00, 0, 0, 4),
        (0.25, 66, 10, 104),
        (0.50, 147, 38, 103),
        (0.75, 221, 81, 58),
        (0.90, 252, 165, 10),
        (1.00, 252, 255, 164),
    ],
    dtype=np.float64,
)


@dataclass(frozen=True)
class SpectrumPicture:
    """A spectrogram as RGBA rows (lowest frequency first) on a log-frequency axis."""

    rgba: np.ndarray  # uint8 [rows, columns, 4]
    row_hz: np.ndarray  # the frequency of each row
    seconds: float  # the audio's length: the picture spans [0, seconds]


@dataclass(frozen=True)
class LoudnessFacts:
    integrated: float  # LUFS, -inf for silence
    short_term: np.ndarray  # LUFS every `step` seconds
    step: float
    measured: float  # seconds measured (all of it unless longer than LOUDNESS_LIMIT_S)
    seconds: float


def waveform(path: str | os.PathLike[str], cache_dir: str | os.PathLike[str]) -> Peaks:
    """Peaks of the take, kept in the project's cache so a second look costs a file read."""
    return PeaksCache(cache_dir).get_or_compute(path, SAMPLES_PER_PEAK)


def spectrum(path: str | os.PathLike[str]) -> SpectrumPicture:
    """An overview spectrogram of the whole file (its cost does not grow with the length)."""
    import soundfile

    info = soundfile.info(os.fspath(path))
    columns = max(16, min(SPECTRUM_COLUMNS, info.frames // 512))
    spec = file_spectrogram(path, columns=columns)
    nyquist = spec.sample_rate / 2
    row_hz = np.geomspace(min(LOWEST_HZ, nyquist / 2), nyquist, SPECTRUM_ROWS)
    # Each row reads the (fractional) bin of its frequency, interpolated between neighbours.
    position = np.interp(row_hz, spec.frequencies, np.arange(len(spec.frequencies)))
    below = np.floor(position).astype(np.int64)
    above = np.minimum(below + 1, len(spec.frequencies) - 1)
    weight = (position - below)[:, None]
    db = spec.db[below] * (1 - weight) + spec.db[above] * weight
    return SpectrumPicture(colourise(db), row_hz, info.frames / info.samplerate)


def colourise(db: np.ndarray) -> np.ndarray:
    """dB values (0 is full scale) as uint8 RGBA through the colour stops above."""
    level = np.clip((db - SHOWN_FLOOR_DB) / -SHOWN_FLOOR_DB, 0.0, 1.0)
    rgba = np.empty((*db.shape, 4), np.uint8)
    for channel in range(3):
        rgba[..., channel] = np.interp(level, _COLOURS[:, 0], _COLOURS[:, channel + 1])
    rgba[..., 3] = 255
    return rgba


def measure_loudness(path: str | os.PathLike[str]) -> LoudnessFacts:
    """BS.1770 loudness of the take (of its first LOUDNESS_LIMIT_S for longer files)."""
    import soundfile

    with soundfile.SoundFile(os.fspath(path)) as sound:
        rate, total = sound.samplerate, sound.frames
        count = min(total, LOUDNESS_LIMIT_S * rate)
        samples = sound.read(count, dtype="float32", always_2d=True)
    facts = loudness(samples, rate)
    return LoudnessFacts(
        facts.integrated, facts.short_term, facts.step_seconds, count / rate, total / rate
    )


def lufs_text(value: float) -> str:
    return "silent" if math.isinf(value) else f"{value:.1f} LUFS"


def cache_folder(project_folder: Path | None) -> Path:
    """The project's cache/, or a per-user one for a project not saved yet."""
    if project_folder is not None:
        return Path(project_folder) / "cache"
    from studio.paths import user_data_dir

    return user_data_dir() / "cache"
