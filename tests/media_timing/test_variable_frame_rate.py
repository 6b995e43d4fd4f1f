"""Variable-frame-rate video shows, at each timeline frame, the source frame on screen then."""

from __future__ import annotations

import bisect
from fractions import Fraction

import av
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from studio.media.compose import Compositor
from studio.media.decode import VideoReader, make_proxy
from studio.media.render import RenderJob, render
from studio.model import TrackKind

from .conftest import add_asset, make_project, place
from .makers import presentation_times, read_number, vfr_durations_ms, write_vfr_video

FPS = 24


@pytest.fixture(scope="module")
def vfr(tmp_path_factory):
    return write_vfr_video(tmp_path_factory.mktemp("vfr") / "phone.mkv", vfr_durations_ms())


def expected_numbers(path, count: int, fps=FPS) -> list[int]:
    """For timeline frames 0..count-1, the source frame on screen: the last one that starts
    at or before the timeline frame's time, by the demuxer's own timestamps.

    Times compare in ticks of the file's time base, the timeline's time rounded to the
    nearest: a muxer rounds each timestamp so (1/24 s is stored as 42 ms in Matroska).
    """
    starts = presentation_times(path)
    tick = time_base(path)
    ticks = [start / tick for start in starts]
    return [bisect.bisect_right(ticks, round(Fraction(n, fps) / tick)) - 1 for n in range(count)]


def time_base(path) -> Fraction:
    with av.open(str(path)) as container:
        return container.streams.video[0].time_base


def by_average_rate(path, count: int, fps=FPS) -> list[int]:
    """What placing frames by the average rate would show (the old behaviour)."""
    with av.open(str(path)) as container:
        rate = Fraction(container.streams.video[0].average_rate)
    return [min(114, n * rate.numerator * 1 // (fps * rate.denominator)) for n in range(count)]


def test_a_constant_rate_file_with_rounded_timestamps_shows_frame_n_at_frame_n(tmp_path):
    # 24 fps in a 1 ms time base: frame 1 is stored at 42 ms, after 1/24 s (41.67 ms).
    steady = write_vfr_video(tmp_path / "steady.mkv", [42, 41, 42] * 8)
    assert presentation_times(steady)[1] == Fraction(42, 1000)

    with VideoReader(steady) as reader:
        shown = [read_number(reader.frame_at(Fraction(n, FPS))[1]) for n in range(24)]

    assert shown == list(range(24))


def test_the_file_is_really_variable_rate(vfr):
    starts = presentation_times(vfr)
    gaps = {b - a for a, b in zip(starts, starts[1:], strict=False)}
    assert len(starts) == 115 and len(gaps) >= 5


def test_the_reader_picks_frames_by_presentation_time(vfr):
    count = 170
    expected = expected_numbers(vfr, count)
    assert sum(a != b for a, b in zip(expected, by_average_rate(vfr, count), strict=True)) > 20

    with VideoReader(vfr) as reader:
        shown = [read_number(reader.frame_at(Fraction(n, FPS))[1]) for n in range(count)]
        # Backwards and jumping: seeks land on the same frames.
        for n in (150, 3, 97, 96, 0, 169, 40):
            assert read_number(reader.frame_at(Fraction(n, FPS))[1]) == expected[n], n

    assert shown == expected


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(order=st.lists(st.integers(0, 175), min_size=1, max_size=30))
def test_any_order_of_reads_gives_the_frame_on_screen(vfr, order):
    # Forward steps decode on, jumps seek: whichever way, the same frames come back.
    expected = expected_numbers(vfr, 176)
    with VideoReader(vfr, cache=2) as reader:
        shown = [read_number(reader.frame_at(Fraction(n, FPS))[1]) for n in order]
    assert shown == [expected[n] for n in order]


def test_the_timeline_and_its_render_show_the_frame_on_screen_at_each_time(tmp_path, vfr):
    doc = make_project(tmp_path / "p")
    asset = add_asset(doc, vfr)
    length = asset.length_frames(doc.project.settings.fps)
    place(doc, TrackKind.VIDEO, asset, 0, length)
    expected = expected_numbers(vfr, length)

    with Compositor(doc.project, doc.path) as compositor:
        viewed = [read_number(compositor.frame(n)) for n in range(length)]
    out = render(RenderJob(doc.project, doc.path), tmp_path / "frames" / "f.png")
    rendered = [read_number(np.asarray(Image.open(p))) for p in sorted(out.glob("f_*.png"))]

    assert viewed == expected
    assert rendered == expected


def test_a_proxy_keeps_the_timestamps_and_shows_the_same_frames(tmp_path, vfr):
    # A proxy written at the average rate's clock rounded the timestamps together (and
    # failed to write); it keeps the source's clock instead.
    proxy = make_proxy(vfr, tmp_path / "cache")

    assert presentation_times(proxy) == presentation_times(vfr)
    with VideoReader(proxy) as reader:
        shown = [read_number(reader.frame_at(Fraction(n, FPS))[1]) for n in range(170)]
    assert shown == expected_numbers(vfr, 170)


def test_a_take_whose_header_does_not_count_its_frames_plays_each_once(tmp_path):
    # Matroska states no frame count: the reader learns it at the end, and the Clips
    # panel's player stops there instead of holding the last frame up to its limit.
    from studio.workflows.clips.take_frames import take_frames

    take = write_vfr_video(tmp_path / "take.mkv", [42, 41, 42] * 4)

    _, frames = take_frames(take, 16)

    assert len(frames) == 12
