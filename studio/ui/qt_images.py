"""Wrapping the worker processes' raw pictures as QImages (a copy, no decoding)."""

from __future__ import annotations

from PySide6.QtGui import QImage

from studio.workflows.media_jobs import RawImage


def to_qimage(raw: RawImage) -> QImage:
    image = QImage(raw.rgb, raw.width, raw.height, 3 * raw.width, QImage.Format.Format_RGB888)
    return image.copy()  # own the pixels: the bytes object may go away
