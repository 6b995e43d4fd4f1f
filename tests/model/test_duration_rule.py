"""One rounding rule for lengths: seconds become the nearest timeline frame, everywhere."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from studio.model import Asset, MediaKind
from studio.model.time import media_frames, samples_to_frames, seconds_to_frames

RATES = st.sampled_from(
    [Fraction(24), Fraction(25), Fraction(30), Fraction(24000, 1001), Fraction(30000, 1001)]
)
SAMPLE_RATES = st.sampled_from([8000, 22050, 44100, 48000, 96000])


def _video(frames: int, fps: Fraction) -> Asset:
    return Asset("a1", MediaKind.VIDEO, "v", "v.mp4", fps=fps, frames=frames)


def _audio(samples: int, rate: int) -> Asset:
    return Asset("a2", MediaKind.AUDIO, "s", "s.wav", sample_rate=rate, samples=samples)


def test_a_4_2_second_25_fps_clip_is_101_frames_at_24_fps_not_100():
    assert _video(105, Fraction(25)).length_frames(Fraction(24)) == 101


def test_4_2_seconds_of_sound_are_101_frames_at_24_fps_not_100():
    assert _audio(201_600, 48_000).length_frames(Fraction(24)) == 101


def test_lengths_under_half_a_frame_past_a_whole_frame_round_down():
    # 4.02 s at 24 fps is 96.48 frames.
    assert _audio(192_960, 48_000).length_frames(Fraction(24)) == 96


@given(frames=st.integers(1, 10**6), media_rate=RATES, rate=RATES)
def test_a_video_length_is_its_duration_in_seconds_rounded_by_the_one_rule(
    frames, media_rate, rate
):
    length = _video(frames, media_rate).length_frames(rate)
    exact = Fraction(frames) / media_rate * rate

    assert length == media_frames(frames, media_rate, rate)
    assert length == seconds_to_frames(Fraction(frames) / media_rate, rate)
    assert abs(length - exact) <= Fraction(1, 2)


@given(samples=st.integers(1, 10**8), sample_rate=SAMPLE_RATES, rate=RATES)
def test_an_audio_length_is_its_duration_in_seconds_rounded_by_the_one_rule(
    samples, sample_rate, rate
):
    length = _audio(samples, sample_rate).length_frames(rate)
    exact = Fraction(samples, sample_rate) * rate

    assert length == samples_to_frames(samples, sample_rate, rate)
    assert length == seconds_to_frames(Fraction(samples, sample_rate), rate)
    assert abs(length - exact) <= Fraction(1, 2)


@given(frames=st.integers(0, 10**6), rate=RATES)
def test_a_length_at_its_own_rate_is_unchanged(frames, rate):
    assert media_frames(frames, rate, rate) == frames


def test_an_exact_half_frame_goes_to_the_even_neighbour():
    # 2.5 and 3.5 frames (at 24 fps): halves round to even, as Python's round().
    assert seconds_to_frames(Fraction(5, 48), Fraction(24)) == 2
    assert seconds_to_frames(Fraction(7, 48), Fraction(24)) == 4
    assert samples_to_frames(5000, 48000, Fraction(24)) == 2
