"""Fitting to the cut without a model: exact lengths, segment plans, joins without clicks."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from studio.plugins.api import Cancelled, Context, Kind, Request
from studio.plugins.audio_tools import resample
from studio.workflows.score.fit import (
    CONTINUE_FROM,
    FitSettings,
    crossfade,
    finish,
    fit_generate,
    plan_segments,
)

from .helpers import Tone, jumps


@pytest.mark.parametrize(
    ("total", "longest", "overlap", "count"),
    [(5.0, 10.0, 2.0, 1), (10.0, 10.0, 2.0, 1), (10.5, 10.0, 2.0, 2), (30.0, 10.0, 2.0, 4)],
)
def test_segments_are_equal_fit_the_maximum_and_cover_the_total(total, longest, overlap, count):
    plan = plan_segments(total, longest, overlap)
    assert len(plan) == count
    assert max(plan) <= longest + 1e-9
    assert sum(plan) - (len(plan) - 1) * overlap == pytest.approx(total)


@pytest.mark.parametrize(("rate", "seconds"), [(48000, 0.75), (44100, 3.3), (48000, 7.123)])
@pytest.mark.parametrize("continues", [True, False])
def test_output_has_exactly_the_requested_samples(rate, seconds, continues):
    tone = Tone(max_duration=2.0, continues=continues)
    request = Request(duration=seconds, sample_rate=rate)
    out = fit_generate(tone, request, Context(), FitSettings(overlap=0.4))
    assert out.sample_rate == rate
    assert out.samples.shape == (request.sample_count, 2)
    assert out.samples.dtype == np.float32
    assert len(tone.requests) == len(plan_segments(seconds + 0.25, 2.0, 0.4))
    assert all(r.duration <= 2.0 + 1e-9 for r in tone.requests)


def test_a_continuing_generator_gets_the_previous_tail_and_joins_seamlessly():
    tone = Tone(max_duration=1.0, continues=True)
    out = fit_generate(tone, Request(duration=3.5, sample_rate=48000), Context())
    prompts = [r.inputs_of(Kind.AUDIO) for r in tone.requests]
    assert prompts[0] == ()
    assert all(p[0].role == CONTINUE_FROM for p in prompts[1:])
    # The overlap is at most a quarter of a segment: 0.25 s of prompt each time.
    assert all(p[0].path is not None for p in prompts[1:])
    # One unbroken sine: every step is what a 220 Hz sine at 0.5 takes, joins included.
    body = out.samples[4800:-48000]
    limit = 0.5 * 2 * np.pi * 220 / 48000
    assert jumps(body).max() < limit * 1.02


def test_independent_takes_are_crossfaded_without_clicks():
    tone = Tone(max_duration=1.0, continues=False, hz=440.0)
    out = fit_generate(tone, Request(duration=3.0, sample_rate=48000), Context())
    assert len(tone.requests) > 2
    assert all(r.inputs == () for r in tone.requests)
    inside = 0.5 * 2 * np.pi * 440 / 48000  # the steepest step of the sine itself
    # Two sines out of phase, summed with equal-power gains, peak at most √2 as high.
    assert jumps(out.samples).max() < inside * np.sqrt(2) * 1.02


def test_crossfading_a_signal_with_itself_changes_nothing_with_equal_gain():
    rng = np.random.default_rng(0)
    signal = rng.standard_normal((3000, 2)).astype(np.float32)
    joined = crossfade(signal[:2000], signal[1000:], 1000, equal_power=False)
    np.testing.assert_allclose(joined, signal, atol=1e-5)


def test_equal_power_keeps_uncorrelated_noise_at_constant_loudness():
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((2, 400_000, 1)).astype(np.float32)
    joined = crossfade(a, b, 200_000, equal_power=True)
    middle = joined[290_000:310_000]  # the centre of the crossfade, 200k to 400k
    assert np.sqrt((middle**2).mean()) == pytest.approx(1.0, abs=0.03)
    gain_only = crossfade(a, b, 200_000, equal_power=False)[290_000:310_000]
    assert np.sqrt((gain_only**2).mean()) == pytest.approx(np.sqrt(0.5), abs=0.03)


def test_finish_trims_with_a_fade_and_pads_short_audio_with_silence():
    loud = np.ones((10_000, 1), np.float32)
    trimmed = finish(loud, 4_000, 1000, FitSettings(fade_in=0.1, fade_out=0.5))
    assert trimmed.shape == (4_000, 1)
    assert trimmed[0, 0] < 0.01 and trimmed[-1, 0] < 0.01  # faded at both ends
    assert trimmed[2_000, 0] == 1.0
    assert jumps(trimmed).max() < 0.02
    padded = finish(loud[:3_000], 4_000, 1000, FitSettings(fade_out=0.5))
    assert padded.shape == (4_000, 1)
    assert padded[2_999, 0] < 0.01 and not padded[3_000:].any()


@pytest.mark.parametrize(("source", "target"), [(16000, 48000), (8000, 44100), (32000, 48000)])
def test_resampling_keeps_a_tone_and_scales_the_length(source, target):
    t = np.arange(source) / source
    tone = np.sin(2 * np.pi * 1000 * t)[:, None]
    out = resample(tone, source, target)
    assert out.dtype == np.float32
    assert len(out) == target
    spectrum = np.abs(np.fft.rfft(out[:, 0] * np.hanning(len(out))))
    assert np.fft.rfftfreq(len(out), 1 / target)[spectrum.argmax()] == pytest.approx(1000, abs=2)
    middle = out[target // 4 : -target // 4, 0]
    assert np.abs(middle).max() == pytest.approx(1.0, abs=0.01)


def test_resampling_down_removes_what_the_new_rate_cannot_hold():
    t = np.arange(44100) / 44100
    too_high = np.sin(2 * np.pi * 6000 * t)[:, None]  # above 8 kHz's Nyquist frequency
    out = resample(too_high, 44100, 8000)
    assert np.sqrt((out[1000:-1000] ** 2).mean()) < 0.01  # not folded back down as 2 kHz


def test_progress_is_spread_over_the_segments_and_cancel_stops_within_one_step():
    cancel = threading.Event()
    seen = []

    def on_progress(fraction, message):
        seen.append((fraction, message))
        if len(seen) == 6:  # second segment, second step
            cancel.set()

    tone = Tone(max_duration=1.0)
    ctx = Context(on_progress=on_progress, cancel_event=cancel)
    with pytest.raises(Cancelled):
        fit_generate(tone, Request(duration=3.0, sample_rate=16000), ctx)
    assert len(seen) == 6
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] < 0.5
    assert seen[4][1].startswith("segment 2/")


def test_each_segment_follows_its_own_stretch_of_the_melody(tmp_path):
    import soundfile

    from studio.plugins.api import MELODY, Media

    rate = 8000
    ramp = np.linspace(0, 1, rate * 4, dtype=np.float32)[:, None]  # 4 s, every sample unique
    soundfile.write(tmp_path / "tune.wav", ramp, rate, subtype="FLOAT")
    melody = Media(Kind.AUDIO, tmp_path / "tune.wav", role=MELODY)
    tone = Tone(max_duration=1.0, continues=False)
    request = Request(duration=3.0, sample_rate=48000, inputs=(melody,))
    seen: list[np.ndarray] = []
    generate = tone.generate
    tone.generate = lambda r, ctx: seen.append(r.inputs[0].audio().samples) or generate(r, ctx)
    fit_generate(tone, request, Context(), FitSettings(overlap=0.4))
    plan = plan_segments(3.0 + 0.25, 1.0, 0.25)  # overlap capped at a quarter segment
    assert len(seen) == len(plan)
    for index, (part, length) in enumerate(zip(seen, plan, strict=True)):
        begin = round(index * (length - 0.25) * rate)
        np.testing.assert_array_equal(part, ramp[begin : begin + round(length * rate)])
    assert all(r.inputs[0].role == MELODY for r in tone.requests)
