"""A take's frames, small, for playback in the clips panel; runs in a worker process (no Qt)."""

from __future__ import annotations

from pathlib import Path

from studio.workflows.media_jobs import RawImage

MOST_FRAMES = 480  # 20 s at 24 fps: a take longer than that loops its first part


def take_frames(path: Path, height: int, most: int = MOST_FRAMES) -> tuple[float, list[RawImage]]:
    """The video's rate and its frames scaled to `height` (even width), decoded in order."""
    from studio.media.decode import VideoReader

    with VideoReader(path) as probe:
        width, full_height = probe.size
    size = (max(2, round(width * height / full_height / 2) * 2), height)
    frames = []
    with VideoReader(path, size=size, cache=2) as reader:
        for index in range(most):
            if reader.frames is not None and index >= reader.frames:
                break
            picture = reader.frame(index)
            frames.append(RawImage(size[0], size[1], picture.tobytes()))
        return float(reader.fps), frames
