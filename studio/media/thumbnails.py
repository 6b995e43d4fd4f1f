"""Small pictures of images and video frames for the timeline and bins, with a disk cache."""

from __future__ import annotations

import os
import threading
from fractions import Fraction
from pathlib import Path

import av
from PIL import Image

from studio.media.cache import source_key, write_atomically
from studio.media.orientation import stored_size, upright, upright_size
from studio.media.probe import IMAGE, VIDEO, cannot_read, open_container, picture_streams, probe

# Transparent pixels are shown over the timeline's dark grey, not black.
_BACKDROP = (32, 32, 32)


def thumbnail(
    path: str | os.PathLike[str], at_seconds: float = 0.0, height: int = 72
) -> Image.Image:
    """An RGB picture `height` pixels high of an image, or of a video at `at_seconds`.

    The width keeps the display aspect ratio. Video seeks to the keyframe before
    `at_seconds` and decodes forward to the frame on screen at that time: the last one
    starting at or before it (the last frame if `at_seconds` is past the end).
    """
    return _pictures(path, [at_seconds], height)[0]


def filmstrip(path: str | os.PathLike[str], count: int, height: int = 72) -> list[Image.Image]:
    """`count` thumbnails at evenly spaced times: the middle of each of `count` equal parts."""
    if count < 1:
        return []
    info = probe(path)
    if info.kind == VIDEO and info.duration:
        times = [float((index + Fraction(1, 2)) * info.duration / count) for index in range(count)]
    else:
        times = [0.0] * count
    return _pictures(path, times, height)


class ThumbnailCache:
    """Thumbnails kept as PNG files in `cache_dir/thumbs/`, safe to share between threads.

    An entry is named by the file's absolute path, size and mtime plus the time and
    height asked for, so editing the file makes new entries rather than serving stale ones.
    """

    def __init__(self, cache_dir: str | os.PathLike[str]) -> None:
        self.folder = Path(cache_dir) / "thumbs"
        self._lock = threading.Lock()
        self.made = 0
        self.reused = 0

    def entry_path(self, path: str | os.PathLike[str], at_seconds: float, height: int) -> Path:
        """Where the thumbnail for these arguments is (or would be) stored."""
        key = source_key(path, "thumbnail", float(at_seconds), int(height))
        return self.folder / key[:2] / f"{key}.png"

    def get_or_make(
        self, path: str | os.PathLike[str], at_seconds: float = 0.0, height: int = 72
    ) -> Image.Image:
        """The cached thumbnail if there is one, else a new one, stored before returning."""
        entry = self.entry_path(path, at_seconds, height)
        cached = _load_entry(entry)
        if cached is not None:
            with self._lock:
                self.reused += 1
            return cached
        picture = thumbnail(path, at_seconds, height)
        write_atomically(entry, lambda file: picture.save(file, format="PNG", compress_level=1))
        with self._lock:
            self.made += 1
        return picture


def _load_entry(entry: Path) -> Image.Image | None:
    try:
        with Image.open(entry) as stored:
            stored.load()
            return stored
    except FileNotFoundError:
        return None
    except (OSError, SyntaxError, ValueError):
        return None  # a damaged entry is made again and replaced


def _pictures(path: str | os.PathLike[str], times: list[float], height: int) -> list[Image.Image]:
    if height < 1:
        raise ValueError(f"a thumbnail needs a height of at least 1 pixel, not {height}")
    info = probe(path)
    if info.kind == IMAGE:
        picture = _image_thumbnail(Path(path), height)
        return [picture] + [picture.copy() for _ in times[1:]]
    if info.kind != VIDEO:
        raise cannot_read(path, "it is audio and has no picture")
    return _video_thumbnails(path, times, height)


def _image_thumbnail(source: Path, height: int) -> Image.Image:
    try:
        with Image.open(source) as opened:
            width = _scaled_width(*upright_size(opened), height)  # EXIF orientation applied
            # JPEG decodes at 1/2, 1/4, 1/8 size: fast.
            opened.draft("RGB", stored_size(opened, (width, height)))
            image = upright(opened)
            if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
                rgba = image.convert("RGBA")
                flat = Image.new("RGB", rgba.size, _BACKDROP)
                flat.paste(rgba, mask=rgba.getchannel("A"))
            else:
                flat = image.convert("RGB")
            return flat.resize((width, height), Image.Resampling.BILINEAR, reducing_gap=3.0)
    except (OSError, SyntaxError, ValueError) as error:
        raise cannot_read(source, f"the image is damaged ({error})") from None


def _video_thumbnails(
    path: str | os.PathLike[str], times: list[float], height: int
) -> list[Image.Image]:
    pictures = []
    with open_container(path) as container:
        stream = picture_streams(container)[0]
        stream.thread_type = "AUTO"
        context = stream.codec_context
        aspect = context.sample_aspect_ratio or 1
        width = _scaled_width(context.width * aspect, context.height, height)
        start = stream.start_time or 0
        rate = stream.average_rate or stream.guessed_rate or 25
        # Seconds arrive as floats: 1/100 of a frame absorbs their rounding.
        tolerance = Fraction(1, 100) / Fraction(rate) / stream.time_base
        for at_seconds in times:
            target = start + Fraction(max(0.0, at_seconds)) / stream.time_base
            frame = _frame_at(container, stream, target + tolerance)
            if frame is None:
                raise cannot_read(path, "no picture could be decoded from the video")
            pictures.append(frame.reformat(width=width, height=height, format="rgb24").to_image())
    return pictures


def _frame_at(container, stream, latest_pts: Fraction):
    """The frame on screen at `latest_pts`: the last one starting at or before it.

    Before the first frame that is the first frame; past the end, the last frame.
    """
    try:
        # Seek even for the first time asked: in a filmstrip the decoder may be past it.
        container.seek(
            max(stream.start_time or 0, int(latest_pts)),
            stream=stream,
            backward=True,
            any_frame=False,
        )
        shown = None
        for frame in container.decode(stream):
            if shown is not None and frame.pts is not None and frame.pts > latest_pts:
                break
            shown = frame
        return shown
    except (av.FFmpegError, OSError, ValueError) as error:  # a damaged stream
        raise cannot_read(container.name, f"the video is damaged ({error})") from None


def _scaled_width(width: float, height: float, new_height: int) -> int:
    return max(1, round(width * new_height / height))
