"""compute_peaks(), PeakAccumulator and PeaksCache: exact peaks, any block split, cached once."""

from __future__ import annotations

import os
import tempfile
import tracemalloc
from pathlib import Path

import av
import numpy as np
import pytest
import soundfile
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.errors import MediaError
from studio.media import peaks as peaks_module
from studio.media import synth
from studio.media.peaks import LEVEL_FACTOR, PeakAccumulator, PeaksCache, compute_peaks


def plain_peaks(audio: np.ndarray, samples_per_peak: int) -> tuple[np.ndarray, np.ndarray]:
    """Peaks of [frames, channels] audio the obvious way: one bucket at a time."""
    starts = range(0, len(audio), samples_per_peak)
    mins = [audio[start : start + samples_per_peak].min(axis=0) for start in starts]
    maxs = [audio[start : start + samples_per_peak].max(axis=0) for start in starts]
    channels = audio.shape[1]
    empty = np.empty((channels, 0), dtype=np.float32)
    return (
        np.array(mins, dtype=np.float32).T if mins else empty,
        np.array(maxs, dtype=np.float32).T if maxs else empty,
    )


def noise(frames: int, channels: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-1, 1, (frames, channels)).astype(np.float32)


@pytest.mark.parametrize("subtype", ["PCM_16", "FLOAT", "PCM_24"])
@pytest.mark.parametrize("channels", [1, 2, 3])
def test_peaks_equal_a_plain_numpy_computation(tmp_path, subtype, channels):
    path = tmp_path / "noise.wav"
    soundfile.write(path, noise(10_007, channels), 48000, subtype=subtype)
    audio, _ = soundfile.read(path, dtype="float32", always_2d=True)

    peaks = compute_peaks(path, samples_per_peak=100)

    mins, maxs = plain_peaks(audio, 100)
    assert (peaks.sample_rate, peaks.samples, peaks.channels) == (48000, 10_007, channels)
    assert peaks.mins.shape == (channels, 101) and peaks.mins.dtype == np.float32
    np.testing.assert_array_equal(peaks.mins, mins)
    np.testing.assert_array_equal(peaks.maxs, maxs)


def test_each_channel_has_its_own_peaks(tone_wav):
    peaks = compute_peaks(tone_wav, 512)

    # synth.write_tone: channel c has amplitude 0.8 / (c + 1).
    np.testing.assert_allclose(peaks.maxs.max(axis=1), [0.8, 0.4], atol=1e-3)
    np.testing.assert_allclose(peaks.mins.min(axis=1), [-0.8, -0.4], atol=1e-3)


@settings(max_examples=200, deadline=None)
@given(
    frames=st.integers(0, 3000),
    channels=st.integers(1, 3),
    samples_per_peak=st.integers(1, 700),
    cuts=st.lists(st.integers(0, 3000), max_size=8),
    integers=st.booleans(),
)
def test_any_split_into_blocks_gives_the_same_peaks(
    frames, channels, samples_per_peak, cuts, integers
):
    rng = np.random.default_rng(frames * 31 + samples_per_peak)
    if integers:
        audio = rng.integers(-32768, 32768, (frames, channels), dtype=np.int16)
        scale = 1 / 32768
    else:
        audio = rng.uniform(-1, 1, (frames, channels)).astype(np.float32)
        scale = 1.0
    accumulator = PeakAccumulator(channels, samples_per_peak, scale)

    for block in np.split(audio, sorted(cut for cut in cuts if cut <= frames)):
        accumulator.add(block)
    level = accumulator.finish()

    mins, maxs = plain_peaks(audio.astype(np.float32) * np.float32(scale), samples_per_peak)
    assert accumulator.samples == frames
    np.testing.assert_array_equal(level.mins, mins)
    np.testing.assert_array_equal(level.maxs, maxs)


def test_a_reused_block_buffer_does_not_corrupt_the_leftover():
    accumulator = PeakAccumulator(1, 4)
    buffer = np.array([[1.0], [2.0], [3.0]], dtype=np.float32)
    accumulator.add(buffer)
    buffer[:] = -9.0  # the reader refills its buffer for the next block
    accumulator.add(np.array([[0.5]], dtype=np.float32))

    level = accumulator.finish()

    assert (level.mins.tolist(), level.maxs.tolist()) == ([[0.5]], [[3.0]])


@settings(max_examples=25, deadline=None)
@given(frames=st.integers(1, 200_000), samples_per_peak=st.integers(1, 5000))
def test_files_of_any_length_and_bucket_size_give_exact_peaks(frames, samples_per_peak):
    # Lengths past the reader's 64 Ki-frame blocks exercise several blocks per file.
    audio = noise(frames, 2, seed=frames)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "noise.flac"
        soundfile.write(path, audio, 8000, subtype="PCM_16")
        stored, _ = soundfile.read(path, dtype="float32", always_2d=True)

        peaks = compute_peaks(path, samples_per_peak)

    mins, maxs = plain_peaks(stored, samples_per_peak)
    assert peaks.samples == frames
    np.testing.assert_array_equal(peaks.mins, mins)
    np.testing.assert_array_equal(peaks.maxs, maxs)


def test_coarser_levels_are_peaks_of_larger_buckets(tmp_path):
    path = tmp_path / "noise.wav"
    soundfile.write(path, noise(100_003, 2, seed=7), 48000, subtype="FLOAT")
    audio, _ = soundfile.read(path, dtype="float32", always_2d=True)

    peaks = compute_peaks(path, samples_per_peak=10)

    sizes = [level.samples_per_peak for level in peaks.levels]
    assert sizes == [10 * LEVEL_FACTOR**depth for depth in range(len(sizes))]
    assert len(peaks.levels[-1]) == 1 and len(peaks.levels[-2]) > 1
    for level in peaks.levels:
        mins, maxs = plain_peaks(audio, level.samples_per_peak)
        np.testing.assert_array_equal(level.mins, mins)
        np.testing.assert_array_equal(level.maxs, maxs)


def test_level_for_picks_the_coarsest_level_with_a_peak_per_pixel(tone_wav):
    peaks = compute_peaks(tone_wav, samples_per_peak=16)  # levels: 16, 128, 1024, 8192, ...

    assert peaks.level_for(1).samples_per_peak == 16
    assert peaks.level_for(16).samples_per_peak == 16
    assert peaks.level_for(127.9).samples_per_peak == 16
    assert peaks.level_for(128).samples_per_peak == 128
    assert peaks.level_for(5000).samples_per_peak == 1024
    assert peaks.level_for(10**9) is peaks.levels[-1]


def test_peaks_of_a_video_soundtrack_match_its_decoded_audio(video_with_audio):
    with av.open(os.fspath(video_with_audio.path)) as container:
        decoded = np.concatenate(
            [frame.to_ndarray() for frame in container.decode(audio=0)], axis=1
        ).T  # AAC decodes to planar float: [channels, frames] per frame

    peaks = compute_peaks(video_with_audio.path, samples_per_peak=300)

    mins, maxs = plain_peaks(decoded, 300)
    assert (peaks.sample_rate, peaks.channels, peaks.samples) == (48000, 2, len(decoded))
    np.testing.assert_array_equal(peaks.mins, mins)
    np.testing.assert_array_equal(peaks.maxs, maxs)


def test_compressed_audio_files_have_peaks(tmp_path):
    path = synth.write_tone(tmp_path / "tone.m4a", 1.0, 44100, 2)

    peaks = compute_peaks(path, 1024)

    assert peaks.sample_rate == 44100 and peaks.channels == 2
    assert abs(peaks.samples - 44100) <= 2048
    assert 0.3 < float(peaks.maxs[1].max()) < 0.5  # the second channel's 0.4 tone


@pytest.mark.parametrize("samples_per_peak", [0, -4])
def test_a_bucket_needs_at_least_one_sample(tone_wav, samples_per_peak):
    with pytest.raises(ValueError, match="at least 1"):
        compute_peaks(tone_wav, samples_per_peak)


def test_media_without_sound_has_no_peaks(card_png, silent_video):
    with pytest.raises(MediaError, match="image"):
        compute_peaks(card_png)
    with pytest.raises(MediaError, match="no audio track"):
        compute_peaks(silent_video)


def test_a_long_file_is_read_in_blocks_not_whole(tmp_path):
    path = synth.write_tone(tmp_path / "long.wav", 60, 48000, 2)  # 23 MB as float32

    tracemalloc.start()
    try:
        peaks = compute_peaks(path, 512)
        _, highest = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert peaks.samples == 60 * 48000
    assert highest < 8_000_000


def test_the_cache_computes_once_then_reads_the_stored_peaks(tone_wav, tmp_path, monkeypatch):
    cache = PeaksCache(tmp_path / "cache")
    first = cache.get_or_compute(tone_wav, 64)
    entry = cache.entry_path(tone_wav, 64)
    assert entry.is_file() and entry.suffix == ".npz"
    assert entry.is_relative_to(tmp_path / "cache" / "peaks")

    def no_reading(*args, **kwargs):
        raise AssertionError("cached peaks were computed again")

    monkeypatch.setattr(peaks_module, "compute_peaks", no_reading)
    second = cache.get_or_compute(tone_wav, 64)

    assert (second.sample_rate, second.samples) == (first.sample_rate, first.samples)
    assert len(second.levels) == len(first.levels)
    for stored, computed in zip(second.levels, first.levels, strict=True):
        assert stored.samples_per_peak == computed.samples_per_peak
        np.testing.assert_array_equal(stored.mins, computed.mins)
        np.testing.assert_array_equal(stored.maxs, computed.maxs)


def test_the_cache_reads_a_changed_file_again(tmp_path):
    path = synth.write_tone(tmp_path / "take.wav", 0.1, 8000, 1)
    cache = PeaksCache(tmp_path / "cache")
    assert cache.get_or_compute(path, 100).samples == 800

    synth.write_tone(path, 0.2, 8000, 1)
    os.utime(path, ns=(0, path.stat().st_mtime_ns + 10**9))

    assert cache.get_or_compute(path, 100).samples == 1600
    assert cache.entry_path(path, 100) != cache.entry_path(path, 200)


def test_a_damaged_cache_entry_is_computed_again(tone_wav, tmp_path):
    cache = PeaksCache(tmp_path)
    cache.get_or_compute(tone_wav, 256)
    cache.entry_path(tone_wav, 256).write_bytes(b"PK\x03\x04 not really a zip")

    peaks = cache.get_or_compute(tone_wav, 256)

    assert peaks.samples == 22050
