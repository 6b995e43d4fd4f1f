"""Audio analysis for the score panel: STFT spectrograms in dB and loudness in LUFS (BS.1770-4)."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass

import numpy as np
import soundfile

# Spectrogram magnitudes below this are shown as this (dB relative to a full-scale sine).
FLOOR_DB = -120.0
# BS.1770 gating: 400 ms blocks every 100 ms, an absolute gate at -70 LUFS and a relative
# gate 10 LU below the loudness of the blocks above the absolute gate.
_BLOCK_S, _STEP_S, _ABSOLUTE_GATE, _RELATIVE_GATE = 0.4, 0.1, -70.0, -10.0
SHORT_TERM_S = 3.0  # EBU R 128's short-term window
# Channel weights for 5.1 in the usual order (L R C LFE Ls Rs): LFE left out, surrounds +1.5 dB.
_WEIGHTS_51 = (1.0, 1.0, 1.0, 0.0, 1.41, 1.41)


@dataclass(frozen=True)
class Spectrogram:
    """`db[bin, column]`: magnitude in dB relative to a full-scale sine, bins from 0 Hz up."""

    db: np.ndarray
    sample_rate: int
    n_fft: int
    starts: np.ndarray  # the first sample of each column's window

    @property
    def frequencies(self) -> np.ndarray:
        return np.fft.rfftfreq(self.n_fft, 1.0 / self.sample_rate)


def spectrogram(
    samples: np.ndarray, sample_rate: int, n_fft: int = 2048, hop: int = 512
) -> Spectrogram:
    """The STFT of the channels' mean, Hann-windowed, one column every `hop` samples.

    The last window is zero-padded, so every sample is in some column.
    """
    mono = _mono(samples)
    count = max(1, math.ceil(max(0, len(mono) - n_fft) / hop) + 1)
    padded = np.zeros(n_fft + (count - 1) * hop, np.float32)
    padded[: len(mono)] = mono[: len(padded)]
    frames = np.lib.stride_tricks.sliding_window_view(padded, n_fft)[::hop]
    starts = np.arange(count, dtype=np.int64) * hop
    return Spectrogram(_magnitude_db(frames, n_fft), sample_rate, n_fft, starts)


def file_spectrogram(
    path: str | os.PathLike[str], columns: int = 2048, n_fft: int = 2048, windows: int = 4
) -> Spectrogram:
    """An overview of a whole file of any length: `columns` columns spread evenly over it.

    Each column averages the power of `windows` windows spread over its stretch, read by
    seeking: the cost depends on `columns`, not on the file's length, so an hour of audio
    takes as long as a minute (the peaks overview reads every sample; this does not).
    """
    with soundfile.SoundFile(os.fspath(path)) as sound:
        total, rate = sound.frames, sound.samplerate
        positions = _window_starts(total, columns * windows, n_fft)
        frames = np.zeros((len(positions), n_fft), np.float32)
        block = np.empty((n_fft, sound.channels), np.float32)
        for row, start in enumerate(positions):
            sound.seek(int(start))
            got = sound.read(n_fft, dtype="float32", always_2d=True, out=block)
            frames[row, : len(got)] = got.mean(axis=1)
    power = _power(frames, n_fft).reshape(-1, windows, n_fft // 2 + 1).mean(axis=1)
    db = (10.0 * np.log10(np.maximum(power, 10 ** (FLOOR_DB / 10)))).astype(np.float32)
    return Spectrogram(db.T, rate, n_fft, positions[::windows])


def _window_starts(total: int, count: int, n_fft: int) -> np.ndarray:
    last = max(0, total - n_fft)
    return np.linspace(0, last, count).round().astype(np.int64)


def _mono(samples: np.ndarray) -> np.ndarray:
    samples = np.asarray(samples, dtype=np.float32)
    return samples.mean(axis=1) if samples.ndim == 2 else samples


def _power(frames: np.ndarray, n_fft: int) -> np.ndarray:
    """|rfft|² of each Hann-windowed row, scaled so a full-scale sine peaks at 1 (0 dB)."""
    import scipy.fft

    window = np.hanning(n_fft + 1)[:-1].astype(np.float32)  # periodic Hann, as STFTs use
    # A full-scale sine's bin magnitude is sum(window) / 2.
    scale = np.float32(2.0 / window.sum())
    power = np.empty((len(frames), n_fft // 2 + 1), np.float32)
    chunk = max(1, (1 << 24) // n_fft)  # ~64 MB of float32 at a time, whatever the length
    for start in range(0, len(frames), chunk):
        spectrum = scipy.fft.rfft(frames[start : start + chunk] * window, axis=1, workers=-1)
        spectrum *= scale
        power[start : start + chunk] = spectrum.real**2 + spectrum.imag**2
    return power


def _magnitude_db(frames: np.ndarray, n_fft: int) -> np.ndarray:
    power = _power(frames, n_fft)
    return (10.0 * np.log10(np.maximum(power, 10 ** (FLOOR_DB / 10)))).T.astype(np.float32)


# Loudness ----------------------------------------------------------------------------------


def k_weighting(sample_rate: int) -> np.ndarray:
    """The BS.1770 K-weighting filter as second-order sections for `sample_rate`.

    The two stages (a high shelf for the head, the RLB high-pass) are derived from their
    analog prototypes, as libebur128 does, so any rate works; at 48 kHz they equal the
    coefficients printed in BS.1770.
    """
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / sample_rate)
    vh = 10 ** (gain_db / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf = [
        (vh + vb * k / q + k * k) / a0,
        2 * (k * k - vh) / a0,
        (vh - vb * k / q + k * k) / a0,
        1.0,
        2 * (k * k - 1) / a0,
        (1 - k / q + k * k) / a0,
    ]
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / sample_rate)
    a0 = 1 + k / q + k * k
    high_pass = [1.0, -2.0, 1.0, 1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]
    return np.array([shelf, high_pass])


@dataclass(frozen=True)
class Loudness:
    """Integrated loudness (gated, LUFS) and short-term loudness every 100 ms (3 s windows)."""

    integrated: float  # -inf for silence
    short_term: np.ndarray  # LUFS, one value per 100 ms step; -inf where silent
    step_seconds: float = _STEP_S

    @property
    def max_short_term(self) -> float:
        return float(self.short_term.max()) if len(self.short_term) else -math.inf


def loudness(samples: np.ndarray, sample_rate: int) -> Loudness:
    """BS.1770-4 loudness of audio shaped [frames, channels] (or [frames] for mono)."""
    weighted_energy = _weighted_energy(samples, sample_rate)
    blocks = _block_energies(weighted_energy, sample_rate, _BLOCK_S)
    short = _block_energies(weighted_energy, sample_rate, SHORT_TERM_S)
    return Loudness(_gated(blocks), _lufs(short))


def integrated_loudness(samples: np.ndarray, sample_rate: int) -> float:
    """Gated integrated loudness in LUFS (-inf for silence or audio under 400 ms)."""
    weighted_energy = _weighted_energy(samples, sample_rate)
    return _gated(_block_energies(weighted_energy, sample_rate, _BLOCK_S))


def _weighted_energy(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """The K-weighted squares, summed over channels with their weights: one row per sample."""
    import scipy.signal

    audio = np.asarray(samples, dtype=np.float64)
    if audio.ndim == 1:
        audio = audio[:, None]
    channels = audio.shape[1]
    weights = np.array(_WEIGHTS_51[:channels] if channels in (5, 6) else (1.0,) * channels)
    filtered = scipy.signal.sosfilt(k_weighting(sample_rate), audio, axis=0)
    return (filtered**2) @ weights


def _block_energies(energy: np.ndarray, sample_rate: int, seconds: float) -> np.ndarray:
    """Mean weighted energy of each `seconds` window, one window every 100 ms."""
    length = round(seconds * sample_rate)
    if len(energy) < length:
        return np.empty(0)
    cumulative = np.concatenate([[0.0], np.cumsum(energy)])
    count = int((len(energy) - length) // (_STEP_S * sample_rate)) + 1
    starts = np.round(np.arange(count) * _STEP_S * sample_rate).astype(np.int64)
    return (cumulative[starts + length] - cumulative[starts]) / length


def _lufs(energy: np.ndarray | float) -> np.ndarray:
    with np.errstate(divide="ignore"):
        return -0.691 + 10 * np.log10(energy)


def _gated(blocks: np.ndarray) -> float:
    above_absolute = blocks[_lufs(blocks) > _ABSOLUTE_GATE]
    if not len(above_absolute):
        return -math.inf
    relative_gate = _lufs(above_absolute.mean()) + _RELATIVE_GATE
    kept = above_absolute[_lufs(above_absolute) > relative_gate]
    return float(_lufs(kept.mean()))
