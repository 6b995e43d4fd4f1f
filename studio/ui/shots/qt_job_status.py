"""Progress, live preview and the last outcome of the current shot's generation jobs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from studio.ui.shots.qt_shot_jobs import ShotJobs

PREVIEW_SIZE = (192, 108)


class JobStatus(QWidget):
    """Remembers each shot's latest progress and preview, and shows the current shot's:
    switching shots while jobs run must show each shot's own state, not the last one heard."""

    def __init__(self, jobs: ShotJobs, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.jobs = jobs
        self.shot_id: str | None = None
        self._state: dict[str, tuple[float, str]] = {}
        self._previews: dict[str, QPixmap] = {}
        self.picture = QLabel()
        self.picture.setFixedSize(*PREVIEW_SIZE)
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setStyleSheet("background: #111; color: #888; border-radius: 3px;")
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setFixedHeight(8)
        self.message = QLabel(wordWrap=True)
        self.cancel = QPushButton("Cancel")
        self.cancel.clicked.connect(self._cancel)
        side = QVBoxLayout()
        side.addWidget(self.message, 1)
        side.addWidget(self.bar)
        side.addWidget(self.cancel, 0, Qt.AlignmentFlag.AlignLeft)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picture)
        layout.addLayout(side, 1)
        jobs.progress.connect(self._progress)
        jobs.preview.connect(self._preview)
        jobs.done.connect(lambda shot, job: self._ended(shot, "Done"))
        jobs.failed.connect(lambda shot, why: self._ended(shot, f"Not made: {why}"))
        jobs.count_changed.connect(self._refresh)
        self.show_shot(None)

    def show_shot(self, shot_id: str | None) -> None:
        self.shot_id = shot_id
        self._refresh()

    def queued(self, shot_id: str, what: str) -> None:
        self._state[shot_id] = (0.0, f"{what}: queued")
        if shot_id == self.shot_id:
            self._refresh()

    def _progress(self, shot_id: str, fraction: float, message: str) -> None:
        self._state[shot_id] = (fraction, message or "running")
        if shot_id == self.shot_id:
            self._refresh()

    def _preview(self, shot_id: str, image: QImage) -> None:
        width, height = PREVIEW_SIZE
        self._previews[shot_id] = QPixmap.fromImage(image).scaled(
            width,
            height,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        if shot_id == self.shot_id:
            self._refresh()

    def _ended(self, shot_id: str, text: str) -> None:
        running = bool(self.jobs.running_for(shot_id))
        self._state[shot_id] = (0.0 if running else 1.0, text)
        if shot_id == self.shot_id:
            self._refresh()

    def _refresh(self) -> None:
        shot = self.shot_id
        running = len(self.jobs.running_for(shot)) if shot else 0
        fraction, text = self._state.get(shot, (0.0, "")) if shot else (0.0, "")
        if running > 1:
            text = f"{text} ({running} jobs)"
        self.message.setText(text or "No generation for this shot yet")
        self.bar.setValue(round(fraction * 1000))
        self.bar.setVisible(running > 0)
        self.cancel.setVisible(running > 0)
        preview = self._previews.get(shot) if shot else None
        if preview is not None:
            self.picture.setPixmap(preview)
        else:
            self.picture.clear()
            self.picture.setText("preview")

    def _cancel(self) -> None:
        if self.shot_id:
            self.jobs.cancel(self.shot_id)
