"""The worker-thread halves of the UI's media work: thumbnails, peaks, viewer frames.

Each function runs off the GUI thread and returns something the GUI thread can show at
once (a QImage, which unlike QPixmap may be made on any thread). studio.media is imported
here lazily, so the window is up before PyAV and numpy are loaded.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage


def pil_to_qimage(picture) -> QImage:
    rgb = picture.convert("RGB")
    data = rgb.tobytes()
    image = QImage(data, rgb.width, rgb.height, 3 * rgb.width, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: `data` is freed when this returns


def cached_thumbnail(cache_dir: Path | None, path: Path, at_seconds: float, height: int) -> QImage:
    """A thumbnail from the project's cache/ (made and stored there on a miss)."""
    from studio.media.thumbnails import ThumbnailCache, thumbnail

    if cache_dir is None:
        return pil_to_qimage(thumbnail(path, at_seconds, height))
    return pil_to_qimage(ThumbnailCache(cache_dir).get_or_make(path, at_seconds, height))


def cached_peaks(cache_dir: Path | None, path: Path):
    """Waveform peaks from the project's cache/ (computed and stored there on a miss)."""
    from studio.media.peaks import PeaksCache, compute_peaks

    if cache_dir is None:
        return compute_peaks(path)
    return PeaksCache(cache_dir).get_or_compute(path)


def viewer_frame(path: Path, at_seconds: float, height: int) -> QImage:
    """The picture shown at a time of an image or video, decoded at the viewer's size."""
    from studio.media.thumbnails import thumbnail

    return pil_to_qimage(thumbnail(path, at_seconds, height))
