"""Waveform peaks (min and max per bucket of samples) of audio files and video soundtracks."""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import soundfile

from studio.media.cache import source_key, write_atomically
from studio.media.probe import AUDIO, VIDEO, cannot_read, open_container, probe, sound_delay

# Each coarser level merges this many buckets of the level below.
LEVEL_FACTOR = 8
# Audio frames read per block: about 1.4 s at 48 kHz, a few MB of float32.
_BLOCK_FRAMES = 1 << 16
# soundfile subtypes whose samples fit int16 exactly.
_16_BIT = frozenset({"PCM_16", "PCM_S8", "PCM_U8"})


@dataclass(frozen=True)
class PeakLevel:
    """One resolution: `mins[c, i]`, `maxs[c, i]` span samples [i*spp, (i+1)*spp) of channel c."""

    samples_per_peak: int
    mins: np.ndarray
    maxs: np.ndarray

    def __len__(self) -> int:
        return self.mins.shape[1]


@dataclass(frozen=True)
class Peaks:
    """A waveform overview: the finest level first, then levels LEVEL_FACTOR times coarser."""

    sample_rate: int
    samples: int
    levels: tuple[PeakLevel, ...]

    @property
    def channels(self) -> int:
        return self.levels[0].mins.shape[0]

    @property
    def samples_per_peak(self) -> int:
        return self.levels[0].samples_per_peak

    @property
    def mins(self) -> np.ndarray:
        return self.levels[0].mins

    @property
    def maxs(self) -> np.ndarray:
        return self.levels[0].maxs

    def level_for(self, samples_per_pixel: float) -> PeakLevel:
        """The coarsest level that still has at least one peak per pixel at this zoom."""
        chosen = self.levels[0]
        for level in self.levels[1:]:
            if level.samples_per_peak <= samples_per_pixel:
                chosen = level
        return chosen


class PeakAccumulator:
    """Turns audio arriving in blocks of any length into exact per-bucket minima and maxima.

    Whole buckets of each block are reduced at once with numpy; the samples left over
    at a block's end wait for the next block, so block boundaries never split a bucket.
    Integer samples are reduced as they are and multiplied by `scale` only at the end.
    """

    def __init__(self, channels: int, samples_per_peak: int, scale: float = 1.0) -> None:
        if samples_per_peak < 1:
            raise ValueError(f"samples_per_peak must be at least 1, not {samples_per_peak}")
        self.channels = channels
        self.samples_per_peak = samples_per_peak
        self.scale = scale
        self.samples = 0
        self._leftover: np.ndarray | None = None
        self._mins: list[np.ndarray] = []
        self._maxs: list[np.ndarray] = []

    def add(self, block: np.ndarray) -> None:
        """Take audio shaped [frames, channels]."""
        self.samples += len(block)
        if self._leftover is not None and len(self._leftover):
            needed = self.samples_per_peak - len(self._leftover)
            self._leftover = np.concatenate([self._leftover, block[:needed]])
            block = block[needed:]
            if len(self._leftover) < self.samples_per_peak:
                return
            self._reduce(self._leftover)
        whole = len(block) - len(block) % self.samples_per_peak
        if whole:
            self._reduce(block[:whole])
        # A copy: the caller may reuse its block buffer.
        self._leftover = block[whole:].copy()

    def finish(self) -> PeakLevel:
        """The peaks so far, the last partial bucket included."""
        if self._leftover is not None and len(self._leftover):
            self._mins.append(self._leftover.min(axis=0)[:, None])
            self._maxs.append(self._leftover.max(axis=0)[:, None])
            self._leftover = None
        return PeakLevel(self.samples_per_peak, self._join(self._mins), self._join(self._maxs))

    def _reduce(self, block: np.ndarray) -> None:
        # Channel-major and contiguous: numpy reduces along the last axis many times
        # faster than across the interleaved middle axis.
        buckets = np.ascontiguousarray(block.T).reshape(self.channels, -1, self.samples_per_peak)
        self._mins.append(buckets.min(axis=2))
        self._maxs.append(buckets.max(axis=2))

    def _join(self, parts: list[np.ndarray]) -> np.ndarray:
        if not parts:
            return np.empty((self.channels, 0), dtype=np.float32)
        joined = np.concatenate(parts, axis=1).astype(np.float32)
        if self.scale != 1.0:
            joined *= np.float32(self.scale)
        return joined


def compute_peaks(path: str | os.PathLike[str], samples_per_peak: int = 512) -> Peaks:
    """Peaks of an audio file or of a video's first audio track, read in blocks.

    Memory stays at a few blocks whatever the file's length; MediaError if the file
    has no audio.
    """
    if samples_per_peak < 1:
        raise ValueError(f"samples_per_peak must be at least 1, not {samples_per_peak}")
    info = probe(path)
    if info.kind == VIDEO and not info.has_audio:
        raise cannot_read(path, "the video has no audio track")
    if info.kind not in (AUDIO, VIDEO):
        raise cannot_read(path, "it is an image and has no audio")
    try:
        return _peaks_with_soundfile(path, samples_per_peak)
    except (RuntimeError, soundfile.SoundFileError):
        return _peaks_with_pyav(path, samples_per_peak)


def coarser_levels(finest: PeakLevel) -> tuple[PeakLevel, ...]:
    """`finest` followed by levels LEVEL_FACTOR times coarser, down to a single bucket."""
    levels = [finest]
    while len(levels[-1]) > 1:
        below = levels[-1]
        count = len(below)
        padded = -(-count // LEVEL_FACTOR) * LEVEL_FACTOR
        mins = np.pad(below.mins, ((0, 0), (0, padded - count)), constant_values=np.inf)
        maxs = np.pad(below.maxs, ((0, 0), (0, padded - count)), constant_values=-np.inf)
        channels = mins.shape[0]
        levels.append(
            PeakLevel(
                below.samples_per_peak * LEVEL_FACTOR,
                mins.reshape(channels, -1, LEVEL_FACTOR).min(axis=2),
                maxs.reshape(channels, -1, LEVEL_FACTOR).max(axis=2),
            )
        )
    return tuple(levels)


class PeaksCache:
    """Peaks kept as `.npz` files in `cache_dir/peaks/`, safe to share between threads.

    An entry is named by the file's absolute path, size and mtime and the bucket size,
    so a changed file is read again.
    """

    def __init__(self, cache_dir: str | os.PathLike[str]) -> None:
        self.folder = Path(cache_dir) / "peaks"

    def entry_path(self, path: str | os.PathLike[str], samples_per_peak: int) -> Path:
        """Where the peaks for these arguments are (or would be) stored."""
        key = source_key(path, "peaks", int(samples_per_peak))
        return self.folder / key[:2] / f"{key}.npz"

    def get_or_compute(self, path: str | os.PathLike[str], samples_per_peak: int = 512) -> Peaks:
        """The stored peaks if there are any, else computed, stored and returned."""
        entry = self.entry_path(path, samples_per_peak)
        cached = _load_peaks(entry)
        if cached is not None:
            return cached
        peaks = compute_peaks(path, samples_per_peak)
        write_atomically(entry, lambda file: _save_peaks(peaks, file))
        return peaks


def _peaks_with_soundfile(path: str | os.PathLike[str], samples_per_peak: int) -> Peaks:
    with soundfile.SoundFile(os.fspath(path)) as sound:
        # 16-bit files are read as integers, several times faster than as float, and
        # scaled at the end exactly as libsndfile scales them (by 1/32768).
        dtype, scale = ("int16", 1 / 32768) if sound.subtype in _16_BIT else ("float32", 1.0)
        accumulator = PeakAccumulator(sound.channels, samples_per_peak, scale)
        # A whole number of buckets per block: only the file's end leaves a partial bucket.
        block_frames = max(1, _BLOCK_FRAMES // samples_per_peak) * samples_per_peak
        buffer = np.empty((block_frames, sound.channels), dtype=dtype)
        while True:
            block = sound.read(block_frames, dtype=dtype, always_2d=True, out=buffer)
            if len(block) == 0:
                break
            accumulator.add(block)
        return Peaks(sound.samplerate, accumulator.samples, coarser_levels(accumulator.finish()))


def _peaks_with_pyav(path: str | os.PathLike[str], samples_per_peak: int) -> Peaks:
    with open_container(path) as container:
        stream = container.streams.audio[0]
        channels = stream.codec_context.channels
        rate = stream.codec_context.sample_rate
        # Packed float keeps every decoder's output in one [frames, channels] layout.
        resampler = av.AudioResampler(format="flt", layout=stream.codec_context.layout, rate=rate)
        accumulator = PeakAccumulator(channels, samples_per_peak)
        # Peaks line up with the mix: a video's sound starts where its stream says.
        delay = round(sound_delay(container, stream) * rate)
        pending: list[np.ndarray] = [np.zeros((max(0, delay), channels), dtype=np.float32)]
        pending_frames, skip = max(0, delay), max(0, -delay)
        try:
            for frame in container.decode(stream):
                for packed in resampler.resample(frame):
                    samples = packed.to_ndarray().reshape(-1, channels)
                    dropped, skip = min(skip, len(samples)), skip - min(skip, len(samples))
                    pending.append(samples[dropped:])
                    pending_frames += len(samples) - dropped
                if pending_frames >= _BLOCK_FRAMES:
                    # Decoders give ~1024-sample frames; reducing them in large blocks is faster.
                    accumulator.add(np.concatenate(pending))
                    pending, pending_frames = [], 0
            for packed in resampler.resample(None):
                pending.append(packed.to_ndarray().reshape(-1, channels)[skip:])
                skip = 0
        except av.FFmpegError as error:
            raise cannot_read(path, f"the audio is damaged ({error})") from None
        if pending:
            accumulator.add(np.concatenate(pending))
        return Peaks(rate, accumulator.samples, coarser_levels(accumulator.finish()))


def _save_peaks(peaks: Peaks, file: io.BufferedWriter) -> None:
    arrays = {"facts": np.array([peaks.sample_rate, peaks.samples], dtype=np.int64)}
    for index, level in enumerate(peaks.levels):
        arrays[f"spp_{index}"] = np.array(level.samples_per_peak, dtype=np.int64)
        arrays[f"mins_{index}"] = level.mins
        arrays[f"maxs_{index}"] = level.maxs
    np.savez(file, **arrays)


def _load_peaks(entry: Path) -> Peaks | None:
    try:
        with np.load(entry) as stored:
            sample_rate, samples = (int(value) for value in stored["facts"])
            levels = []
            while f"spp_{len(levels)}" in stored:
                index = len(levels)
                levels.append(
                    PeakLevel(
                        int(stored[f"spp_{index}"]),
                        stored[f"mins_{index}"],
                        stored[f"maxs_{index}"],
                    )
                )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None  # a damaged entry is computed again and replaced
    if not levels:
        return None
    return Peaks(sample_rate, samples, tuple(levels))
