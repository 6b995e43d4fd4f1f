"""Frame planning for generated clips: segment plans, joins and time resampling, exactly."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.plugins.api import video_time as ct

RATES = st.sampled_from(
    [Fraction(8), Fraction(16), Fraction(24), Fraction(25), Fraction(30), Fraction(24000, 1001)]
)
MULTIPLES = st.sampled_from([4, 8])


@given(st.integers(1, 2000), MULTIPLES)
def test_snap_frames_is_the_smallest_valid_length(count, k):
    snapped = ct.snap_frames(count, k)
    assert snapped >= count and (snapped - 1) % k == 0
    assert snapped - k < count or snapped == 1


@given(st.integers(1, 3000), st.integers(1, 60).map(lambda n: 4 * n + 1))
def test_segment_plan_covers_with_least_segments_and_little_waste(needed, longest):
    k = 4
    plan = ct.plan_segments(needed, longest, k)
    assert all((n - 1) % k == 0 and k + 1 <= n <= longest or n == needed == 1 for n in plan)
    total = ct.joined_length(plan)
    assert needed <= total < needed + k
    expected_count = 1 if needed <= longest else 1 + -(-(needed - longest) // (longest - 1))
    assert len(plan) == expected_count


def test_segment_plan_examples():
    assert ct.plan_segments(81, 81, 4) == (81,)  # exactly the native length: one segment
    assert ct.plan_segments(50, 81, 4) == (53,)
    assert ct.plan_segments(82, 81, 4) == (81, 5)  # one more frame still costs a whole step
    assert ct.plan_segments(200, 81, 4) == (81, 81, 41)
    with pytest.raises(ValueError):
        ct.plan_segments(10, 10, 4)


def test_join_drops_each_continuations_first_frame():
    a, b = np.arange(5)[:, None], np.arange(4, 9)[:, None]
    assert ct.join_segments([a, b]).ravel().tolist() == list(range(9))


@given(st.integers(1, 500), RATES, RATES, st.sampled_from(["nearest", "blend"]))
def test_resample_gives_exactly_the_target_count(target, model_fps, project_fps, mode):
    needed = ct.source_frames_needed(target, model_fps, project_fps, mode)
    frames = np.arange(needed, dtype=np.uint8).repeat(2).reshape(needed, 1, 2, 1).repeat(3, 3)
    out = ct.resample(frames, model_fps, project_fps, target, mode)
    assert out.shape == (target, 1, 2, 3) and out.dtype == np.uint8


@given(st.integers(1, 500), RATES, RATES)
def test_nearest_indices_are_monotone_in_range_and_nearest(target, model_fps, project_fps):
    idx = ct.nearest_indices(target, model_fps, project_fps)
    needed = ct.source_frames_needed(target, model_fps, project_fps, "nearest")
    assert idx[0] == 0 and idx[-1] == needed - 1
    assert (np.diff(idx) >= 0).all()
    for i, j in enumerate(idx):
        assert abs(ct.source_time(i, model_fps, project_fps) - j) <= Fraction(1, 2)


def test_16_to_24_fps_repeats_every_other_model_frame():
    idx = ct.nearest_indices(6, Fraction(16), Fraction(24))
    assert idx.tolist() == [0, 1, 1, 2, 3, 3]


def test_blend_mixes_the_neighbouring_frames_by_distance():
    frames = np.array([0, 90, 180], dtype=np.uint8).reshape(3, 1, 1, 1).repeat(3, 3)
    out = ct.resample(frames, Fraction(16), Fraction(24), 4, "blend")
    assert out[:, 0, 0, 0].tolist() == [0, 60, 120, 180]


def test_same_rate_keeps_frames_untouched():
    frames = np.random.default_rng(0).integers(0, 255, (9, 2, 2, 3), dtype=np.uint8)
    assert np.array_equal(ct.resample(frames, Fraction(24), Fraction(24), 7), frames[:7])


def test_resample_refuses_too_few_model_frames():
    with pytest.raises(ValueError, match="need"):
        ct.resample(np.zeros((3, 1, 1, 3), np.uint8), Fraction(16), Fraction(24), 24)


@given(st.integers(16, 4000), st.integers(16, 4000), st.sampled_from([16, 32]))
def test_snap_size_gives_multiples_near_the_aspect(width, height, m):
    w, h = ct.snap_size(width, height, m, max_area=832 * 480)
    assert w % m == 0 and h % m == 0 and w >= m and h >= m
    if width * height <= 832 * 480:
        assert abs(w - width) <= m / 2 and abs(h - height) <= m / 2


def test_snap_size_fits_a_1080p_project_into_the_native_area():
    assert ct.snap_size(1920, 1080, 16, max_area=832 * 480) == (848, 480)
    assert ct.snap_size(1280, 720, 32, max_area=1280 * 704) == (1280, 704)


def test_ntsc_float_rate_is_exact():
    assert ct.as_rate(24000 / 1001) == Fraction(24000, 1001)
    with pytest.raises(ValueError):
        ct.as_rate(0)
