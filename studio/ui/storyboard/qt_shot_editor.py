"""One shot's description, length and takes, edited in place."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDoubleSpinBox, QFormLayout, QLineEdit, QWidget

from studio.model import MediaKind, Project, Shot
from studio.model.time import frames_to_seconds, seconds_to_frames
from studio.ui.qt_media_pictures import MediaPictures
from studio.ui.shots.qt_take_strip import TakeStrip


class ShotEditor(QWidget):
    """Emits what the user changed; the panel turns it into edits."""

    description_edited = Signal(str)
    length_edited = Signal(int)  # frames

    def __init__(self, pictures: MediaPictures, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shot: Shot | None = None
        self.fps = None
        self.description = QLineEdit(placeholderText="What the shot shows")
        self.length = QDoubleSpinBox(decimals=2, minimum=0.04, maximum=3600.0, suffix=" s")
        self.length.setSingleStep(0.5)
        self.length.setKeyboardTracking(False)  # one edit when typing ends, not per digit
        self.takes = TakeStrip(pictures, kinds=(MediaKind.IMAGE, MediaKind.VIDEO))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Shot", self.description)
        form.addRow("Length", self.length)
        form.addRow("Takes", self.takes)
        self.description.editingFinished.connect(self._description_done)
        self.length.valueChanged.connect(self._length_done)
        self.show_shot(None, None)

    def show_shot(self, project: Project | None, shot: Shot | None) -> None:
        self.shot = shot
        self.setEnabled(shot is not None)
        if project is None or shot is None:
            self.description.clear()
            self.takes.clear()
            return
        self.fps = project.settings.fps
        if not self.description.hasFocus() or self.description.text() != shot.description:
            self.description.setText(shot.description)
        self.length.blockSignals(True)
        self.length.setValue(float(frames_to_seconds(shot.duration, self.fps)))
        self.length.blockSignals(False)
        self.takes.show_takes(project, shot, shot.picked)

    def _description_done(self) -> None:
        text = self.description.text().strip()
        if self.shot is not None and text != self.shot.description:
            self.description_edited.emit(text)

    def _length_done(self, seconds: float) -> None:
        if self.shot is None:
            return
        frames = max(1, seconds_to_frames(seconds, self.fps))
        if frames != self.shot.duration:
            self.length_edited.emit(frames)
