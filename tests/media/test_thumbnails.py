"""thumbnail(), filmstrip() and ThumbnailCache: the right frame, the right size, cached once."""

from __future__ import annotations

import os
import threading
from fractions import Fraction

import av
import numpy as np
import pytest
from PIL import Image

from studio.errors import MediaError
from studio.media import thumbnails
from studio.media.thumbnails import ThumbnailCache, filmstrip, thumbnail


@pytest.fixture(scope="module")
def reference_frames(video_with_audio) -> list[np.ndarray]:
    """Every frame of the sample video, decoded in order and scaled to 72 px high."""
    with av.open(os.fspath(video_with_audio.path)) as container:
        return [
            frame.reformat(width=128, height=72, format="rgb24").to_ndarray()
            for frame in container.decode(video=0)
        ]


def test_an_image_thumbnail_keeps_the_aspect_ratio(card_png):
    picture = thumbnail(card_png, height=72)

    assert picture.mode == "RGB"
    assert picture.size == (128, 72)


def test_transparent_pixels_are_drawn_over_dark_grey(tmp_path):
    path = tmp_path / "clear.png"
    Image.new("RGBA", (40, 20), (255, 0, 0, 0)).save(path)

    picture = thumbnail(path, height=10)

    assert picture.size == (20, 10)
    assert picture.getpixel((5, 5)) == (32, 32, 32)


@pytest.mark.parametrize("index", [0, 1, 11, 12, 13, 23, 30, 36])
def test_a_video_thumbnail_is_the_frame_shown_at_that_time(
    video_with_audio, reference_frames, index
):
    # Keyframes are every 12 frames: 1, 11, 13, 23, 30 need decoding forward from one.
    at_seconds = float(index / video_with_audio.fps)

    picture = thumbnail(video_with_audio.path, at_seconds, height=72)

    assert picture.size == (128, 72)
    np.testing.assert_array_equal(np.asarray(picture), reference_frames[index])


@pytest.mark.parametrize("frames_in", [Fraction(2, 10), Fraction(5, 10), Fraction(99, 100)])
def test_a_time_inside_a_frame_shows_that_frame(video_with_audio, reference_frames, frames_in):
    inside_frame_20 = float((20 + frames_in) / video_with_audio.fps)

    picture = thumbnail(video_with_audio.path, inside_frame_20, height=72)

    np.testing.assert_array_equal(np.asarray(picture), reference_frames[20])


def test_a_time_past_the_end_shows_the_last_frame(video_with_audio, reference_frames):
    picture = thumbnail(video_with_audio.path, 999.0, height=72)

    np.testing.assert_array_equal(np.asarray(picture), reference_frames[-1])


def test_a_filmstrip_samples_the_middle_of_equal_parts(video_with_audio, reference_frames):
    pictures = filmstrip(video_with_audio.path, 4, height=72)

    # 37 frames in 4 parts: middles at 4.625, 13.875, 23.125, 32.375 frames.
    assert len(pictures) == 4
    for picture, index in zip(pictures, [4, 13, 23, 32], strict=True):
        np.testing.assert_array_equal(np.asarray(picture), reference_frames[index])


def test_a_filmstrip_of_an_image_repeats_it(card_png):
    pictures = filmstrip(card_png, 3, height=36)

    assert [picture.size for picture in pictures] == [(64, 36)] * 3
    assert pictures[0] is not pictures[1]


def test_audio_has_no_thumbnail(tone_wav):
    with pytest.raises(MediaError, match="no picture"):
        thumbnail(tone_wav)


def test_a_damaged_file_has_no_thumbnail(tmp_path):
    path = tmp_path / "broken.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + os.urandom(2000))

    with pytest.raises(MediaError, match="broken.mp4"):
        thumbnail(path)


def test_the_cache_makes_a_thumbnail_once_then_reads_it_back(
    video_with_audio, tmp_path, monkeypatch
):
    cache = ThumbnailCache(tmp_path / "cache")
    first = cache.get_or_make(video_with_audio.path, 0.5, height=72)
    entry = cache.entry_path(video_with_audio.path, 0.5, 72)
    assert entry.is_file() and entry.is_relative_to(tmp_path / "cache" / "thumbs")

    def no_decoding(*args, **kwargs):
        raise AssertionError("a cached thumbnail was decoded again")

    monkeypatch.setattr(thumbnails, "thumbnail", no_decoding)
    second = cache.get_or_make(video_with_audio.path, 0.5, height=72)

    assert (cache.made, cache.reused) == (1, 1)
    np.testing.assert_array_equal(np.asarray(first), np.asarray(second))


def test_the_cache_key_includes_time_and_height(card_png, tmp_path):
    cache = ThumbnailCache(tmp_path)

    assert cache.entry_path(card_png, 0.0, 72) == cache.entry_path(card_png, 0.0, 72)
    assert cache.entry_path(card_png, 0.0, 72) != cache.entry_path(card_png, 1.0, 72)
    assert cache.entry_path(card_png, 0.0, 72) != cache.entry_path(card_png, 0.0, 48)


def test_a_changed_file_gets_a_new_thumbnail(tmp_path):
    from studio.media.synth import write_card

    source = write_card(tmp_path / "card.png", (64, 36), "", "black")
    cache = ThumbnailCache(tmp_path / "cache")
    assert cache.get_or_make(source, height=36).getpixel((0, 0)) == (0, 0, 0)

    write_card(source, (64, 36), "", "white")
    os.utime(source, ns=(0, source.stat().st_mtime_ns + 10**9))

    assert cache.get_or_make(source, height=36).getpixel((0, 0)) == (255, 255, 255)
    assert cache.made == 2


def test_a_damaged_cache_entry_is_made_again(card_png, tmp_path):
    cache = ThumbnailCache(tmp_path)
    cache.get_or_make(card_png, height=36)
    cache.entry_path(card_png, 0.0, 36).write_bytes(b"not a png")

    picture = cache.get_or_make(card_png, height=36)

    assert picture.size == (64, 36)
    assert cache.made == 2


def test_the_cache_is_safe_to_share_between_threads(video_with_audio, tmp_path):
    cache = ThumbnailCache(tmp_path)
    times = [0.0, 0.25, 0.5, 1.0] * 4
    sizes: list[tuple[int, int]] = []
    failures: list[BaseException] = []

    def work(at_seconds: float) -> None:
        try:
            sizes.append(cache.get_or_make(video_with_audio.path, at_seconds, 48).size)
        except BaseException as error:  # reported below, in the test's thread
            failures.append(error)

    workers = [threading.Thread(target=work, args=(at,)) for at in times]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert not failures
    assert sizes == [(85, 48)] * len(times)
    assert cache.made + cache.reused == len(times)
    stored = sorted(path.name for path in (tmp_path / "thumbs").rglob("*") if path.is_file())
    assert len(stored) == 4 and all(name.endswith(".png") for name in stored)
    assert not any(name.startswith(".tmp") for name in stored)
