"""A panel's model field: the installed models its generator loads, the current one, and
"Add…", which opens the Models window. Any repo id, folder or file can still be typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from studio.ui.qt_params import FormComboBox, _Editor

ADD = "Add…"
MISSING_COLOUR = QColor("#d0a040")


class ModelCombo(FormComboBox):
    """Editable; re-reads what is installed each time it opens."""

    def __init__(self, generator_id: str) -> None:
        super().__init__()
        self.generator_id = generator_id
        self.setEditable(True)
        self.setInsertPolicy(FormComboBox.InsertPolicy.NoInsert)
        self.setMinimumContentsLength(24)
        self._value = ""
        self.activated.connect(self._activated)
        self.populate()

    def value(self) -> str:
        text = self.currentText().strip()
        return self._value if text == ADD else text

    def set_value(self, value: str) -> None:
        self._value = value
        self.populate()
        self.setEditText(value)

    def populate(self) -> None:
        from studio.engine.models.inventory import installed_for, state_of

        current = self.currentText().strip() if self.count() else self._value
        if current and current != ADD:
            self._value = current
        self.blockSignals(True)
        try:
            self.clear()
            installed = [s.name for s in installed_for(self.generator_id)]
            for name in installed:
                self.addItem(name)
                self.setItemData(self.count() - 1, "installed", Qt.ItemDataRole.ToolTipRole)
            if self._value and self._value not in installed:
                state = state_of(self._value)
                self.addItem(self._value)
                self.setItemData(self.count() - 1, state.state, Qt.ItemDataRole.ToolTipRole)
                self.setItemData(
                    self.count() - 1, QBrush(MISSING_COLOUR), Qt.ItemDataRole.ForegroundRole
                )
            self.insertSeparator(self.count())
            self.addItem(ADD)
            self.setEditText(self._value)
        finally:
            self.blockSignals(False)

    def showPopup(self) -> None:  # noqa: N802 - Qt's name
        self.populate()  # a download or an add may have finished since
        super().showPopup()

    def _activated(self, index: int) -> None:
        if self.itemText(index) != ADD:
            self._value = self.itemText(index)
            return
        self.setEditText(self._value)
        from studio.ui.models.qt_models_window import open_models_window

        open_models_window(self, select=self._value or None)


class ModelChoiceEditor(_Editor):
    def __init__(self, spec, changed) -> None:
        super().__init__(spec, changed)
        self.widget = ModelCombo(str(spec.extra["models_for"]))
        self.widget.editTextChanged.connect(changed)

    def get(self) -> Any:
        return self.widget.value()

    def set(self, value) -> None:
        self.widget.set_value("" if value is None else str(value))
