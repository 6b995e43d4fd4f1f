"""A dialog to drag a rectangle over a frame: the part of it that becomes a reference."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QRubberBand, QVBoxLayout


class _Canvas(QLabel):
    """The picture, with a rubber band the mouse draws."""

    def __init__(self, pixmap: QPixmap) -> None:
        super().__init__()
        self.setPixmap(pixmap)
        self.setFixedSize(pixmap.size())
        self.band = QRubberBand(QRubberBand.Shape.Rectangle, self)
        self._origin = QPoint()

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._origin = event.position().toPoint()
        self.band.setGeometry(QRect(self._origin, QSize()))
        self.band.show()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        rect = QRect(self._origin, event.position().toPoint()).normalized()
        self.band.setGeometry(rect.intersected(self.rect()))


class CropDialog(QDialog):
    """`crop()` gives (left, top, width, height) in the source picture's pixels, or None."""

    def __init__(self, pixmap: QPixmap, source_size: tuple[int, int], parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Crop a Reference")
        self.canvas = _Canvas(pixmap)
        self.scale = source_size[0] / max(1, pixmap.width())
        self.source_size = source_size
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Drag over the part to keep (the whole frame if you do not)"))
        layout.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(buttons)

    def select(self, rect: QRect) -> None:
        """Set the selection in the shown picture's pixels (what a drag does)."""
        self.canvas.band.setGeometry(rect.intersected(self.canvas.rect()))
        self.canvas.band.show()

    def crop(self) -> tuple[int, int, int, int] | None:
        rect = self.canvas.band.geometry()
        if self.canvas.band.isHidden() or rect.width() < 2 or rect.height() < 2:
            return None
        width, height = self.source_size
        left = min(width - 1, round(rect.x() * self.scale))
        top = min(height - 1, round(rect.y() * self.scale))
        return (
            left,
            top,
            max(1, min(width - left, round(rect.width() * self.scale))),
            max(1, min(height - top, round(rect.height() * self.scale))),
        )
