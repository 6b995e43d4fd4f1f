"""Frame-accurate reading, still caching, proxies and the read-ahead thread."""

from __future__ import annotations

import threading
import time

import av
import numpy as np
import pytest

from studio.media.decode import ReadAhead, VideoReader, load_still, make_proxy


def reference_frames(path, size=None):
    with av.open(str(path)) as container:
        kwargs = {"width": size[0], "height": size[1]} if size else {}
        return [
            f.reformat(format="rgb24", **kwargs).to_ndarray() for f in container.decode(video=0)
        ]


def test_any_order_of_reads_gives_the_exact_frames(signals):
    reference = reference_frames(signals["video"])
    with VideoReader(signals["video"]) as reader:
        for index in (0, 1, 2, 30, 31, 5, 39, 12, 11, 25, 0, 38):
            assert np.array_equal(reader.frame(index), reference[index]), index
        assert np.array_equal(reader.frame(500), reference[-1])  # past the end: the last


def test_frames_can_be_scaled_on_decode(signals):
    reference = reference_frames(signals["video"], (80, 46))
    with VideoReader(signals["video"], (80, 46)) as reader:
        assert np.array_equal(reader.frame(17), reference[17])


def test_stills_are_fitted_and_cached(signals):
    first = load_still(signals["portrait"], (160, 90))
    assert first.shape == (90, 45, 4)
    assert load_still(signals["portrait"], (160, 90)) is first


def test_a_proxy_has_the_same_frames_at_the_same_instants(signals, tmp_path):
    proxy = make_proxy(signals["video"], tmp_path)
    with av.open(str(proxy)) as container:
        stream = container.streams.video[0]
        assert stream.codec_context.height <= 360
        assert sum(1 for _ in container.decode(stream)) == 40
    reference = reference_frames(signals["video"])
    with VideoReader(proxy) as reader:
        for index in (0, 7, 23, 39, 3):
            shown = reader.frame(index).astype(int)
            nearest = np.argmin([np.abs(shown - frame).mean() for frame in reference])
            assert nearest == index
    assert make_proxy(signals["video"], tmp_path) == proxy


def test_read_ahead_makes_frames_before_they_are_asked_for():
    made = []

    def produce(index):
        made.append(index)
        return index * 10

    ahead = ReadAhead(produce, depth=4, end=100)
    try:
        assert ahead.get(0, wait=2.0) == 0
        deadline = time.monotonic() + 2
        while len(made) < 4 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert made[:4] == [0, 1, 2, 3]
        assert ahead.get(2, wait=2.0) == 20
        assert ahead.get(60, wait=2.0) == 600  # a jump restarts from there
        assert ahead.get(10, wait=2.0) == 100  # and so does a jump back
    finally:
        ahead.stop()


def test_read_ahead_drops_a_late_frame_instead_of_waiting():
    gate = threading.Event()
    ahead = ReadAhead(lambda n: gate.wait() and n, depth=2)
    try:
        assert ahead.get(0) is None
    finally:
        gate.set()
        ahead.stop()


def test_read_ahead_hands_on_the_producers_error():
    def produce(index):
        raise ValueError("bad frame")

    ahead = ReadAhead(produce)
    ahead.get(0, wait=2.0)
    ahead.stop()
    with pytest.raises(ValueError):
        raise ahead.error
