"""File ▸ New Project… and Timeline ▸ Project Settings…: frame rate, frame size, sample rate.

The usual presets first, "Custom" for anything else. For a new project the dialog also
asks where the project goes; for an open one its changes are one undoable edit (the frame
rate only while the timeline is empty, as UpdateSettings allows).
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.model import Settings
from studio.model.time import format_rate
from studio.ui.qt_params import ERROR_STYLE

FRAME_RATES = (
    ("23.976", Fraction(24000, 1001)),
    ("24", Fraction(24)),
    ("25", Fraction(25)),
    ("29.97", Fraction(30000, 1001)),
    ("30", Fraction(30)),
    ("48", Fraction(48)),
    ("50", Fraction(50)),
    ("59.94", Fraction(60000, 1001)),
    ("60", Fraction(60)),
)
FRAME_SIZES = (
    ("UHD 4K", 3840, 2160),
    ("Full HD 1080p", 1920, 1080),
    ("HD 720p", 1280, 720),
    ("Vertical 1080×1920", 1080, 1920),
    ("Square 1080×1080", 1080, 1080),
    ("DCI 2K scope 2048×858", 2048, 858),
)
SAMPLE_RATES = (44100, 48000, 96000)
CUSTOM = "Custom"


class ProjectSettingsDialog(QDialog):
    """With `new=True` it also asks for the project's name and folder (`location()`)."""

    def __init__(self, settings: Settings, *, new: bool, fps_locked: str = "", parent=None):
        super().__init__(parent)
        self.setWindowTitle("New Project" if new else "Project Settings")
        self.new = new
        self.rate = QComboBox()
        for label, rate in FRAME_RATES:
            self.rate.addItem(f"{label} fps", rate)
        self._choose(self.rate, settings.fps, f"{format_rate(settings.fps)} fps")
        self.rate.setEnabled(not fps_locked)
        self.rate.setToolTip(fps_locked)
        self.size_preset = QComboBox()
        for label, width, height in FRAME_SIZES:
            self.size_preset.addItem(f"{label} ({width}×{height})", (width, height))
        self.size_preset.addItem(CUSTOM, None)
        self.width_box, self.height_box = _spin(settings.width), _spin(settings.height)
        index = self.size_preset.findData((settings.width, settings.height))
        self.size_preset.setCurrentIndex(index if index >= 0 else self.size_preset.count() - 1)
        self.size_preset.currentIndexChanged.connect(self._preset_chosen)
        size_row = QHBoxLayout()
        for widget in (self.size_preset, self.width_box, QLabel("×"), self.height_box):
            size_row.addWidget(widget)
        self.sample_rate = QComboBox()
        for rate in SAMPLE_RATES:
            self.sample_rate.addItem(f"{rate:,} Hz", rate)
        self._choose(self.sample_rate, settings.sample_rate, f"{settings.sample_rate:,} Hz")
        self.form = QFormLayout()
        if new:
            self.name = QLineEdit("Untitled")
            self.folder = QLineEdit(str(Path.home()))
            browse = QPushButton("Browse…")
            browse.clicked.connect(self._browse)
            where = QWidget()
            row = QHBoxLayout(where)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(self.folder, 1)
            row.addWidget(browse)
            self.form.addRow("Name", self.name)
            self.form.addRow("In folder", where)
        self.form.addRow("Frame rate", self.rate)
        self.form.addRow("Frame size", size_row)
        self.form.addRow("Sample rate", self.sample_rate)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Create" if new else "Apply")
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self._preset_chosen()

    def settings(self) -> Settings:
        return Settings(
            fps=self.rate.currentData(),
            width=self.width_box.value(),
            height=self.height_box.value(),
            sample_rate=self.sample_rate.currentData(),
        )

    def location(self) -> Path:
        """Where the new project goes: FOLDER/NAME.storyreel."""
        return Path(self.folder.text()).expanduser() / f"{self.name.text().strip()}.storyreel"

    def say(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _accept(self) -> None:
        if self.new:
            name = self.name.text().strip()
            if not name or any(c in name for c in '/\\:*?"<>|') or name in (".", ".."):
                self.say("Give the project a name that can be a folder name")
                return
            if not Path(self.folder.text()).expanduser().is_dir():
                self.say(f"There is no folder {self.folder.text()}")
                return
            if self.location().exists():
                self.say(f"{self.location().name} already exists there")
                return
        self.accept()

    def _preset_chosen(self, *_args) -> None:
        size = self.size_preset.currentData()
        custom = size is None
        self.width_box.setEnabled(custom)
        self.height_box.setEnabled(custom)
        if size is not None:
            self.width_box.setValue(size[0])
            self.height_box.setValue(size[1])

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Put the project in", self.folder.text())
        if folder:
            self.folder.setText(folder)

    @staticmethod
    def _choose(combo: QComboBox, value, label: str) -> None:
        index = combo.findData(value)
        if index < 0:  # a rate the presets lack stays choosable
            combo.addItem(label, value)
            index = combo.count() - 1
        combo.setCurrentIndex(index)


def _spin(value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(16, 8192)
    spin.setSingleStep(2)
    spin.setValue(value)
    return spin
