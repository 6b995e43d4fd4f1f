"""Frame-accurate video reading, stills cached by size, proxies and a read-ahead thread."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from fractions import Fraction
from pathlib import Path
from typing import Generic, TypeVar

import av
import numpy as np
from PIL import Image

from studio.media.cache import source_key, write_atomically
from studio.media.orientation import stored_size, upright, upright_size
from studio.media.probe import cannot_read, open_container, picture_streams

T = TypeVar("T")

# A forward jump this short is decoded through rather than sought: a seek lands on the
# keyframe before the target anyway, and decoding a dozen frames is cheaper than flushing.
_SEEK_THRESHOLD = 24


class LRU(Generic[T]):
    """A small thread-safe least-recently-used map."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self._items: OrderedDict[Hashable, T] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> T | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: Hashable, value: T) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.capacity:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def items(self) -> list[tuple[Hashable, T]]:
        """A snapshot of the entries, oldest first; looking does not refresh them."""
        with self._lock:
            return list(self._items.items())


class VideoReader:
    """The picture of a video at a time, as an RGB array of `size`, exactly.

    Frames are picked by presentation time: the frame on screen at `t` seconds (counted
    from the first frame) is the last one whose timestamp is at or before `t`, rounded to
    the stream's time base. So a variable frame rate, B-frame reordering and a non-zero
    start time never shift a picture. Each frame is named by its key: its timestamp in
    ticks of the stream's time base from the first frame; equal keys are equal pictures.
    Reading forward decodes on without seeking; a jump back or far ahead seeks to the
    keyframe before the target. Recent frames are kept in a small cache.
    Not for use from two threads at once (each thread gets its own reader).
    """

    def __init__(
        self, path: str | os.PathLike[str], size: tuple[int, int] | None = None, cache: int = 8
    ) -> None:
        self.path = Path(path)
        self._container = open_container(path)
        streams = picture_streams(self._container)
        if not streams:
            self._container.close()
            raise cannot_read(path, "it has no picture")
        self._stream = streams[0]
        self._stream.thread_type = "AUTO"  # frame threads: sequential decoding is the norm
        context = self._stream.codec_context
        self.size = size or (context.width, context.height)
        rate = self._stream.average_rate or self._stream.guessed_rate or 24
        self.fps = Fraction(rate)  # the average rate: frame(n) is the picture at n / fps
        self.frames = self._stream.frames or None
        self._tick = self._stream.time_base or Fraction(1, 90000)
        self._start = self._stream.start_time or 0
        self._far = int(_SEEK_THRESHOLD / self.fps / self._tick)  # "far ahead", in ticks
        # key -> (pixels, key of the next frame or None after the last): the span it shows.
        self._cache: LRU[tuple[np.ndarray, int | None]] = LRU(cache)
        self._decoder = None
        self._before: tuple[int, np.ndarray] | None = None  # decoded just before `_last`
        self._last: tuple[int, np.ndarray] | None = None  # the newest decoded frame
        self._ended = False
        self._from_start = True  # decoding began at the first frame, not at a seek

    def close(self) -> None:
        self._container.close()

    def __enter__(self) -> VideoReader:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def frame(self, index: int) -> np.ndarray:
        """The picture at `index / fps` (the average rate); past the end, the last frame."""
        return self.frame_at(Fraction(max(0, index)) / self.fps)[1]

    def key_at(self, seconds: Fraction) -> int:
        """The key of the frame on screen at `seconds`; decodes it (into the cache)."""
        return self.frame_at(seconds)[0]

    def frame_by_key(self, key: int) -> np.ndarray:
        """The frame named `key` (from key_at), from the cache or decoded again."""
        cached = self._cache.get(key)
        if cached is not None:
            return cached[0]
        return self.frame_at(key * self._tick)[1]

    def frame_at(self, seconds: Fraction) -> tuple[int, np.ndarray]:
        """(key, pixels) of the frame on screen `seconds` after the first frame.

        Before the first frame that is the first frame; past the end, the last frame.
        """
        target = max(0, round(Fraction(seconds) / self._tick))
        for key, (pixels, following) in self._cache.items():
            if key <= target and (following is None or target < following):
                return key, pixels
        # Where the decoder stands: it can only go forward from the frame it shows.
        earliest = self._before or self._last
        if self._last is None:
            if target > self._far:
                self._seek(target)
        elif target < earliest[0] or target > self._last[0] + self._far:
            self._seek(target)
        shown = self._decode_through(target)
        if shown is None:
            raise cannot_read(self.path, "no picture could be decoded from the video")
        return shown

    def _decode_through(self, target: int) -> tuple[int, np.ndarray] | None:
        """Decode until the frame after `target` is known; the frame shown at `target`."""
        while not self._ended and (self._last is None or self._last[0] <= target):
            picture = self._next()
            if picture is None:
                self._ended = True
                if self._last is not None:
                    self._cache.put(self._last[0], (self._last[1], None))
                    if self.frames is None:  # the header did not say: now it is known
                        self.frames = round(self._last[0] * self._tick * self.fps) + 1
                break
            if self._last is not None:
                self._cache.put(self._last[0], (self._last[1], picture[0]))
            self._before, self._last = self._last, picture
        if self._last is None:
            return None
        if self._last[0] <= target:
            return self._last  # past the end: the last frame stays
        if self._before is None:  # the target lies before the first frame decoded
            return self._last if self._from_start else None
        if self._before[0] <= target:
            return self._before
        return None  # decoding started after the target: an inexact seek

    def _seek(self, target: int) -> None:
        self._restart(target)
        if self._decode_through(target) is None:  # the seek landed past the target
            self._restart(0)
            self._decode_through(target)

    def _restart(self, target: int) -> None:
        try:
            self._container.seek(
                self._start + target, stream=self._stream, backward=True, any_frame=False
            )
        except av.FFmpegError as error:
            raise cannot_read(self.path, f"the video is damaged ({error})") from None
        self._decoder = self._container.decode(self._stream)
        self._before = self._last = None
        self._ended = False
        self._from_start = target <= 0

    def _next(self) -> tuple[int, np.ndarray] | None:
        if self._decoder is None:
            self._decoder = self._container.decode(self._stream)
        try:
            frame = next(self._decoder)
        except StopIteration:
            return None
        except av.FFmpegError as error:
            raise cannot_read(self.path, f"the video is damaged ({error})") from None
        previous = self._last[0] if self._last is not None else -1
        key = frame.pts - self._start if frame.pts is not None else previous + 1
        key = max(key, previous + 1)  # damaged timestamps: keep the order they came in
        width, height = self.size
        pixels = frame.reformat(width=width, height=height, format="rgb24").to_ndarray()
        return key, pixels


# Stills keyed by (file identity, size): a storyboard reuses each frame for seconds.
_STILLS: LRU[np.ndarray] = LRU(64)


def load_still(path: str | os.PathLike[str], size: tuple[int, int]) -> np.ndarray:
    """An image scaled to fit inside `size` (aspect kept), as a read-only RGBA array.

    Cached by the file's identity and the size, so each still is decoded and scaled once.
    """
    key = (source_key(path, "still"), size)
    cached = _STILLS.get(key)
    if cached is not None:
        return cached
    width, height = size
    try:
        with Image.open(path) as image:
            seen_width, seen_height = upright_size(image)  # EXIF orientation applied
            scale = min(width / seen_width, height / seen_height)
            fitted = (max(1, round(seen_width * scale)), max(1, round(seen_height * scale)))
            image.draft("RGB", stored_size(image, fitted))  # JPEG decodes at a reduced size
            picture = upright(image).convert("RGBA").resize(fitted, Image.Resampling.BILINEAR)
    except (OSError, SyntaxError, ValueError) as error:
        raise cannot_read(path, f"the image is damaged ({error})") from None
    pixels = np.asarray(picture)
    pixels.setflags(write=False)  # shared between frames and threads
    _STILLS.put(key, pixels)
    return pixels


# -- proxies --------------------------------------------------------------------------------

PROXY_HEIGHT = 360


def proxy_path(cache_dir: str | os.PathLike[str], source: str | os.PathLike[str]) -> Path:
    """Where the proxy of `source` lives: named by the file's identity, so edits make new ones."""
    key = source_key(source, "proxy", PROXY_HEIGHT)
    return Path(cache_dir) / "proxies" / f"{key}.mp4"


def existing_proxy(
    cache_dir: str | os.PathLike[str], source: str | os.PathLike[str]
) -> Path | None:
    try:
        path = proxy_path(cache_dir, source)
    except Exception:  # noqa: BLE001 - a missing source simply has no proxy
        return None
    return path if path.exists() else None


def make_proxy(
    source: str | os.PathLike[str],
    cache_dir: str | os.PathLike[str],
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write a low-resolution copy of a video for playback: same frames, same rate.

    Every sixth frame is a keyframe so scrubbing seeks are cheap. Meant for a worker
    thread; returns the proxy's path (at once if it exists already).
    """
    target = proxy_path(cache_dir, source)
    if target.exists():
        return target
    with open_container(source) as container:
        stream = picture_streams(container)[0]
        stream.thread_type = "AUTO"
        context = stream.codec_context
        height = min(PROXY_HEIGHT, context.height) // 2 * 2
        width = max(2, round(context.width * height / context.height) // 2 * 2)
        rate = Fraction(stream.average_rate or stream.guessed_rate or 24)
        start = stream.start_time or 0

        # The source's clock, not 1/rate: variable-rate timestamps pass as they are, and
        # the same ticks round a time to the same frame (see VideoReader).
        clock = stream.time_base
        ticks = {"video_track_timescale": str(clock.denominator)} if clock.numerator == 1 else {}

        def write(file) -> None:
            with av.open(file, "w", format="mp4", options=ticks) as out:
                video = out.add_stream("libx264", rate=rate)
                video.width, video.height, video.pix_fmt = width, height, "yuv420p"
                video.codec_context.time_base = clock
                video.codec_context.gop_size = 6
                video.options = {"preset": "ultrafast", "crf": "26"}
                for frame in container.decode(stream):
                    if cancelled is not None and cancelled():
                        raise InterruptedError("proxy cancelled")
                    small = frame.reformat(width=width, height=height, format="yuv420p")
                    # Same instants as the source, so frame n of one is frame n of the other.
                    small.pts, small.time_base = (frame.pts or 0) - start, stream.time_base
                    out.mux(video.encode(small))
                out.mux(video.encode(None))

        write_atomically(target, write)
    return target


# -- read-ahead -----------------------------------------------------------------------------


class ReadAhead(Generic[T]):
    """Produces items `n, n+1, ...` on a worker thread ahead of a consumer (the playhead).

    `produce(n)` makes item n (a composited frame, say). `get(n)` returns it if ready,
    else None at once: a player drops the frame rather than wait and drift. `seek(n)`
    restarts production at n (after a jump); `stop()` ends the thread.
    """

    def __init__(self, produce: Callable[[int], T], depth: int = 12, end: int | None = None):
        self._produce = produce
        self.depth = depth
        self.end = end
        self._ready: dict[int, T] = {}
        self._next = 0
        self._wanted = 0
        self._cond = threading.Condition()
        self._stopped = False
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="read-ahead", daemon=True)
        self._thread.start()

    def seek(self, index: int) -> None:
        with self._cond:
            self._ready.clear()
            self._next = self._wanted = index
            self._cond.notify_all()

    def get(self, index: int, wait: float = 0.0) -> T | None:
        """Item `index` if made (dropping everything before it), else None after `wait` s."""
        with self._cond:
            if index < self._wanted or index > self._next + self.depth:
                self._ready.clear()
                self._next = index  # a jump: start again from here
            self._wanted = index
            for old in [k for k in self._ready if k < index]:
                del self._ready[old]
            self._cond.notify_all()
            if index not in self._ready and wait > 0:
                self._cond.wait_for(lambda: index in self._ready or self._stopped, wait)
            return self._ready.get(index)

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._cond:
                self._cond.wait_for(
                    lambda: (
                        self._stopped
                        or (
                            self._next < self._wanted + self.depth
                            and (self.end is None or self._next < self.end)
                        )
                    )
                )
                if self._stopped:
                    return
                # Behind the playhead: skip ahead, those frames would be dropped anyway.
                index = self._next = max(self._next, self._wanted)
            try:
                item = self._produce(index)
            except BaseException as error:  # noqa: BLE001 - handed to the consumer
                with self._cond:
                    self.error = error
                    self._stopped = True
                    self._cond.notify_all()
                return
            with self._cond:
                if self._next == index:  # not sought away meanwhile
                    self._ready[index] = item
                    self._next = index + 1
                    self._cond.notify_all()
