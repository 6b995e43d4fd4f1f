"""Loudness (BS.1770-4), spectrograms, and peaks of an hour of audio off the calling thread."""

from __future__ import annotations

import math
import threading

import numpy as np
import pytest
import soundfile

from studio.engine import Engine
from studio.media import peaks as peaks_module
from studio.media.analysis import (
    file_spectrogram,
    integrated_loudness,
    k_weighting,
    loudness,
    spectrogram,
)
from studio.media.peaks import PeaksCache


def sine(hz, seconds, rate, dbfs):
    t = np.arange(round(seconds * rate)) / rate
    return (10 ** (dbfs / 20) * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def test_k_weighting_at_48k_is_the_filter_printed_in_bs1770():
    shelf, high_pass = k_weighting(48000)
    expected_shelf = [1.53512485958697, -2.69169618940638, 1.19839281085285]
    np.testing.assert_allclose(shelf[:3], expected_shelf, atol=1e-8)
    np.testing.assert_allclose(shelf[4:], [-1.69065929318241, 0.73248077421585], atol=1e-8)
    np.testing.assert_allclose(high_pass[4:], [-1.99004745483398, 0.99007225036621], atol=1e-8)


@pytest.mark.parametrize("rate", [48000, 44100])
def test_a_1khz_sine_at_minus_20_dbfs_is_minus_23_lufs_mono_and_minus_20_stereo(rate):
    # BS.1770: a 0 dBFS 1 kHz sine in one channel reads -3.01 LKFS.
    tone = sine(1000, 5, rate, -20)
    assert integrated_loudness(tone, rate) == pytest.approx(-23.01, abs=0.03)
    assert integrated_loudness(np.stack([tone, tone], 1), rate) == pytest.approx(-20.0, abs=0.03)


@pytest.mark.parametrize("rate", [48000, 44100])
def test_integrated_loudness_agrees_with_pyloudnorm(rate):
    pyloudnorm = pytest.importorskip("pyloudnorm")
    rng = np.random.default_rng(0)
    # Noise that fades in, then a quiet stretch the gates must drop.
    loud = rng.standard_normal((rate * 6, 2)) * 0.1 * np.linspace(0, 1, rate * 6)[:, None]
    audio = np.concatenate([loud, loud[: rate * 2] * 0.001])
    ours = integrated_loudness(audio, rate)
    # pyloudnorm rounds the filter's corner frequencies, which moves it by a few hundredths.
    assert ours == pytest.approx(pyloudnorm.Meter(rate).integrated_loudness(audio), abs=0.1)


def test_short_term_loudness_follows_a_step_in_level():
    rate = 16000
    audio = np.concatenate([sine(1000, 4, rate, -30), sine(1000, 4, rate, -10)])
    result = loudness(audio, rate)
    assert result.step_seconds == 0.1
    assert len(result.short_term) == int((8 - 3) / 0.1) + 1
    assert result.short_term[0] == pytest.approx(-33.0, abs=0.1)
    assert result.short_term[-1] == pytest.approx(-13.0, abs=0.1)
    assert result.max_short_term == pytest.approx(-13.0, abs=0.1)


def test_silence_has_no_loudness():
    assert integrated_loudness(np.zeros((48000, 2)), 48000) == -math.inf
    assert integrated_loudness(np.ones(100), 48000) == -math.inf  # under one 400 ms block


def test_a_full_scale_sine_peaks_near_0_db_at_its_frequency():
    rate = 48000
    result = spectrogram(sine(3000, 1, rate, 0)[:, None].repeat(2, 1), rate, 2048, 512)
    assert result.db.shape == (1025, math.ceil((rate - 2048) / 512) + 1)
    column = result.db[:, 10]
    assert result.frequencies[column.argmax()] == pytest.approx(3000, abs=rate / 2048)
    assert -1.5 < column.max() <= 0.01  # Hann scalloping loses at most 1.42 dB
    assert np.median(column) < -80


def test_a_file_overview_spectrogram_shows_each_half_of_the_file(tmp_path):
    rate = 8000
    path = tmp_path / "two-tones.wav"
    soundfile.write(path, np.concatenate([sine(500, 30, rate, -6), sine(2500, 30, rate, -6)]), rate)
    result = file_spectrogram(path, columns=64, n_fft=1024, windows=2)
    assert result.db.shape == (513, 64)
    peaks_hz = result.frequencies[result.db.argmax(axis=0)]
    assert np.all(np.abs(peaks_hz[:30] - 500) < 10) and np.all(np.abs(peaks_hz[-30:] - 2500) < 10)


@pytest.fixture(scope="module")
def hour_wav(tmp_path_factory):
    """An hour of 4 kHz mono PCM16 (29 MB), written in one-minute blocks."""
    path = tmp_path_factory.mktemp("hour") / "hour.wav"
    rate = 4000
    minute = (np.sin(2 * np.pi * 3 * np.arange(rate * 60) / rate) * 16000).astype(np.int16)
    with soundfile.SoundFile(path, "w", rate, 1, subtype="PCM_16") as sound:
        for index in range(60):
            sound.write(minute // (1 + index % 4))  # levels that change each minute
    return path, rate


def test_peaks_of_an_hour_are_computed_off_the_calling_thread_and_cached(
    hour_wav, tmp_path, monkeypatch
):
    path, rate = hour_wav
    cache = PeaksCache(tmp_path / "cache")
    threads = []
    compute = peaks_module.compute_peaks

    def spy(*args):
        threads.append(threading.get_ident())
        return compute(*args)

    monkeypatch.setattr(peaks_module, "compute_peaks", spy)
    with Engine(devices=["cpu"]) as engine:
        first = engine.run_cpu(cache.get_or_compute, path, 4000).result(timeout=60)
        again = engine.run_cpu(cache.get_or_compute, path, 4000).result(timeout=60)
    assert threads and threading.get_ident() not in threads
    assert len(threads) == 1  # the second call read the cache
    assert cache.entry_path(path, 4000).is_file()
    assert first.samples == again.samples == rate * 3600
    assert len(first.mins[0]) == 3600  # one peak per second
    assert first.maxs[0, 0] == pytest.approx(16000 / 32768, abs=1e-3)
    assert first.maxs[0, 61] == pytest.approx(8000 / 32768, abs=1e-3)
    np.testing.assert_array_equal(first.maxs, again.maxs)
