"""A small looping player for one take: frames decoded in a worker process, shown by a timer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from studio.ui.qt_images import to_qimage
from studio.ui.qt_workers import BackgroundWork
from studio.workflows.clips.take_frames import take_frames

HEIGHT = 126


class ClipTakeView(QWidget):
    """Shows a clip take, looping, or a still (no sound: TakeSoundPlayer plays sound takes).
    `play(path)` decodes off the GUI thread and loops the take; `show_still` shows a
    picture. A newer request supersedes one still decoding: only the last is shown."""

    frames_ready = Signal(int)  # how many frames the playing take has

    def __init__(self, work: BackgroundWork, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.work = work
        self.frames: list[QPixmap] = []
        self.index = 0
        self._wanted: Path | None = None
        self.view = QLabel("Click a take to play it")
        self.view.setFixedSize(HEIGHT * 16 // 9, HEIGHT)
        self.view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.view.setStyleSheet("background: #000; color: #888; border-radius: 3px;")
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._tick)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)

    def play(self, path: Path) -> None:
        self.stop()
        self._wanted = Path(path)
        self.view.setText("Loading…")
        self.work.submit(
            take_frames,
            self._wanted,
            HEIGHT,
            on_done=lambda result, p=self._wanted: self._loaded(p, result),
            on_error=lambda error, p=self._wanted: self._failed(p, error),
        )

    def show_loading(self) -> None:
        """A still is on its way (the picture cache makes it): not "No picture yet"."""
        self.stop()
        self._wanted = None
        self.view.setText("Loading…")

    def show_still(self, picture: QPixmap | None) -> None:
        self.stop()
        self._wanted = None
        if picture is None:
            self.view.setText("No picture yet")
        else:
            self.view.setPixmap(self._fit(picture))

    def stop(self) -> None:
        self.timer.stop()
        self.frames = []

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def _loaded(self, path: Path, result) -> None:
        if path != self._wanted:
            return  # another take was clicked meanwhile
        fps, raws = result
        self.frames = [self._fit(QPixmap.fromImage(to_qimage(raw))) for raw in raws]
        self.index = 0
        if self.frames:
            self.view.setPixmap(self.frames[0])
            self.timer.start(max(10, round(1000 / (fps or 24))))
        self.frames_ready.emit(len(self.frames))

    def _failed(self, path: Path, error: BaseException) -> None:
        if path == self._wanted:
            self.view.setText(f"Cannot play: {error}")

    def _tick(self) -> None:
        if not self.frames:
            self.timer.stop()
            return
        self.index = (self.index + 1) % len(self.frames)
        self.view.setPixmap(self.frames[self.index])

    def _fit(self, picture: QPixmap) -> QPixmap:
        return picture.scaled(
            self.view.size(),
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
