"""The work the UI sends to worker processes: import, thumbnails, peaks, viewer frames.

It runs in separate processes so the GUI thread never competes with it for the GIL, and
imports neither Qt nor (until it runs) PyAV and numpy. Pictures come back as RawImage,
plain bytes the GUI thread wraps in a QImage without decoding anything.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple


class RawImage(NamedTuple):
    width: int
    height: int
    rgb: bytes  # width * height * 3 bytes, rows top to bottom


def _raw(picture) -> RawImage:
    rgb = picture.convert("RGB")
    return RawImage(rgb.width, rgb.height, rgb.tobytes())


def cached_thumbnail(cache_dir: Path | None, path: Path, at_seconds: float, height: int):
    """A thumbnail from the project's cache/ (made and stored there on a miss)."""
    from studio.media.thumbnails import ThumbnailCache, thumbnail

    if cache_dir is None:
        return _raw(thumbnail(path, at_seconds, height))
    return _raw(ThumbnailCache(cache_dir).get_or_make(path, at_seconds, height))


def cached_peaks(cache_dir: Path | None, path: Path):
    """Waveform peaks from the project's cache/ (computed and stored there on a miss)."""
    from studio.media.peaks import PeaksCache, compute_peaks

    if cache_dir is None:
        return compute_peaks(path)
    return PeaksCache(cache_dir).get_or_compute(path)


def viewer_frame(path: Path, at_seconds: float, height: int) -> RawImage:
    """The picture of an image, or of a video at a time, decoded at the viewer's size."""
    from studio.media.thumbnails import thumbnail

    return _raw(thumbnail(path, at_seconds, height))


def expand_and_prepare(folder: Path | None, paths: Sequence[str]):
    """Folders become the media files in them; then probe and copy every file."""
    from studio.media.probe import guess_kind
    from studio.workflows.importer import prepare_import

    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            for root, _dirs, names in os.walk(path):
                files += [Path(root) / n for n in sorted(names) if guess_kind(n)]
        else:
            files.append(path)
    return prepare_import(folder, files, copy=True)


def sample_project() -> Path:
    """The sample project's folder, built on first use."""
    from studio.sample_project import ensure_sample_project

    return ensure_sample_project()


def warm_up() -> None:
    """Import the media libraries now, so the first real request is not the slow one."""
    import studio.media  # noqa: F401


def thumbnail_batch(cache_dir: Path | None, requests: list[tuple[Path, float, int]]) -> list:
    """Several thumbnails in one trip; a file that cannot be read gives its error instead."""
    return [_or_error(cached_thumbnail, cache_dir, *request) for request in requests]


def peaks_batch(cache_dir: Path | None, paths: list[Path]) -> list:
    return [_or_error(cached_peaks, cache_dir, path) for path in paths]


def _or_error(fn, *args):
    try:
        return fn(*args)
    except Exception as exc:  # noqa: BLE001 - the UI shows the clip without a picture
        return exc
