"""Which generator a panel runs, and its parameters: a combo of one output kind and a form."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QVBoxLayout, QWidget

from studio.plugins.api import Kind
from studio.ui.qt_params import ParamForm


class GeneratorChoice(QWidget):
    """Lists the generators of `kind` once plugins are known (`populate`); until then only
    the default is offered, by id, so the panel looks ready without discovering plugins."""

    changed = Signal()  # another generator, or a parameter edited
    switched = Signal()  # another generator (its form shown)

    def __init__(self, kind: Kind, default_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.default_id = default_id
        self.classes: dict[str, type] = {}
        self.combo = QComboBox()
        self.combo.addItem(default_id, default_id)
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("font-size: 11px;")
        self.note.hide()
        self.form: ParamForm | None = None
        self._forms: dict[str, ParamForm] = {}  # kept per generator: switching back keeps edits
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.combo)
        self.layout_.addWidget(self.note)
        self.combo.currentIndexChanged.connect(self._switched)

    def populate(self, registry) -> None:
        """Offer every available generator of our kind (the default first)."""
        found = [cls for cls in registry.available() if cls.output is self.kind]
        found.sort(key=lambda cls: (cls.id != self.default_id, (cls.name or cls.id).lower()))
        current = self.generator_id()
        self.classes = {cls.id: cls for cls in found}
        self.combo.blockSignals(True)
        self.combo.clear()
        for cls in found:
            self.combo.addItem(cls.name or cls.id, cls.id)
        self.combo.blockSignals(False)
        index = self.combo.findData(current)
        self.combo.setCurrentIndex(max(index, 0))
        self._switched()

    def generator_id(self) -> str:
        return self.combo.currentData() or self.default_id

    def generator(self) -> type | None:
        return self.classes.get(self.generator_id())

    def choose(self, generator_id: str) -> bool:
        index = self.combo.findData(generator_id)
        if index >= 0:
            self.combo.setCurrentIndex(index)
        return index >= 0

    def params(self):
        """The form's validated values; raises InvalidParams (the form shows why)."""
        if self.form is None:
            raise RuntimeError("the generators are not known yet")
        return self.form.values()

    def set_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _switched(self, *_args) -> None:
        cls = self.generator()
        if self.form is not None:
            self.layout_.removeWidget(self.form)
            self.form.hide()
        self.form = None
        if cls is None:
            return
        form = self._forms.get(cls.id)
        if form is None:
            form = self._forms[cls.id] = ParamForm(cls.Params)
            form.changed.connect(self.changed)
        self.layout_.addWidget(form)
        form.show()
        self.form = form
        self.switched.emit()
        self.changed.emit()
