"""The Suggestions popup: style presets and prompt additions for a new shot, with reasons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from studio.taste.suggest import Suggestion
from studio.ui.taste.qt_controller import TasteController

EMPTY = "Nothing yet: pick takes in similar scenes and Storyreel learns what you keep."


class SuggestionsPopup(QDialog):
    """Describe the shot, get what you kept in similar scenes; double-click copies a line."""

    def __init__(self, taste: TasteController, description: str = "", parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Suggestions for a new shot")
        self.resize(520, 420)
        self.taste = taste
        self.description = QLineEdit(description, placeholderText="What the shot shows…")
        self.ask = QPushButton("Suggest")
        self.ask.setDefault(True)
        self.presets = QListWidget()
        self.additions = QListWidget()
        self.note = QLabel(wordWrap=True)
        for view in (self.presets, self.additions):
            view.setToolTip("Double-click to copy")
            view.itemDoubleClicked.connect(self._copy)
        row = QHBoxLayout()
        row.addWidget(self.description, 1)
        row.addWidget(self.ask)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(QLabel("Style presets"))
        layout.addWidget(self.presets, 1)
        layout.addWidget(QLabel("Prompt additions"))
        layout.addWidget(self.additions, 2)
        layout.addWidget(self.note)
        self.ask.clicked.connect(self.suggest)
        self.description.returnPressed.connect(self.suggest)
        self._asked = 0
        if description.strip():
            self.suggest()

    def suggest(self) -> None:
        text = self.description.text().strip()
        if not text:
            self.note.setText("Describe the shot first.")
            return
        self._asked += 1
        asked = self._asked
        self.note.setText("Looking at what you kept in similar scenes…")
        self.taste.suggest(text, lambda found: self.show_suggestions(found, asked))

    def show_suggestions(self, found: list[Suggestion], asked: int | None = None) -> None:
        if asked is not None and asked != self._asked:
            return  # a newer description was asked about
        self.presets.clear()
        self.additions.clear()
        for suggestion in found:
            view = self.presets if suggestion.kind == "preset" else self.additions
            item = QListWidgetItem(f"{suggestion.text}\n{suggestion.reason}")
            item.setData(Qt.ItemDataRole.UserRole, suggestion.text)
            item.setToolTip(f"{suggestion.reason} (weight {suggestion.score:.2f})")
            view.addItem(item)
        self.note.setText("" if found else EMPTY)

    def _copy(self, item: QListWidgetItem) -> None:
        QApplication.clipboard().setText(item.data(Qt.ItemDataRole.UserRole))
        self.note.setText(f"Copied “{item.data(Qt.ItemDataRole.UserRole)}”")
