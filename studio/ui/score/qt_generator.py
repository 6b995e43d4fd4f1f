"""Which music generator makes the take, and its parameters (a ParamForm from its Params)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from studio.plugins.api import Kind
from studio.ui.qt_params import ParamForm
from studio.workflows.reel.requests import SCORE_GENERATOR

DEFAULT_GENERATOR = SCORE_GENERATOR


class GeneratorChoice(QWidget):
    """Audio generators once the engine has found them; until then a button to find them."""

    find_requested = Signal()
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.generators: list = []
        self.form: ParamForm | None = None
        self.combo = QComboBox()
        self.combo.addItem("Generators are found on first use")
        self.combo.setEnabled(False)
        self.combo.currentIndexChanged.connect(self._chosen)
        self.find = QPushButton("Find")
        self.find.setToolTip("Look for generator plugins now (on a worker thread)")
        self.find.clicked.connect(self.find_requested)
        row = QHBoxLayout()
        row.addWidget(self.combo, 1)
        row.addWidget(self.find)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addLayout(row)

    def set_generators(self, classes) -> None:
        """Offer the audio generators among `classes`; the built-in temp score first."""
        audio = [c for c in classes if c.output is Kind.AUDIO]
        audio.sort(key=lambda c: (c.id != DEFAULT_GENERATOR, (c.name or c.id).lower()))
        if [c.id for c in audio] == [c.id for c in self.generators]:
            return
        current = self.generator()
        self.generators = audio
        self.combo.blockSignals(True)
        self.combo.clear()
        for cls in audio:
            self.combo.addItem(cls.name or cls.id, cls.id)
        self.combo.setEnabled(bool(audio))
        self.find.hide()
        index = self.combo.findData(current.id) if current is not None else 0
        self.combo.setCurrentIndex(max(0, index))
        self.combo.blockSignals(False)
        self._chosen()

    def generator(self):
        index = self.combo.currentIndex()
        return self.generators[index] if 0 <= index < len(self.generators) else None

    def choose(self, generator_id: str) -> bool:
        index = self.combo.findData(generator_id)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        return index >= 0

    def _chosen(self, *_args) -> None:
        cls = self.generator()
        if cls is None:
            return
        if self.form is not None:
            self.form.deleteLater()
        self.form = ParamForm(cls.Params)
        self.form.changed.connect(self.changed)
        self.layout_.addWidget(self.form)
        self.changed.emit()
