"""The fused prompt, shown before a run and editable; where each piece came from, beside it."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)


class PromptBox(QWidget):
    """Holds the user's edit until they reset it or another shot is shown: a refreshed fusion
    (a style change, say) must not throw away what they typed."""

    reset_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt = QPlainTextEdit()
        self.prompt.setTabChangesFocus(True)
        self.prompt.setFixedHeight(72)
        self.negative = QLineEdit(placeholderText="What to avoid")
        self.parts = QLabel(wordWrap=True)
        self.parts.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
        self.state = QLabel()
        self.state.setStyleSheet("font-size: 11px;")
        self.reset = QToolButton(text="Reset")
        self.reset.setToolTip("Throw away your edit and show the fused prompt again")
        self.reset.clicked.connect(self._reset)
        header = QHBoxLayout()
        header.addWidget(QLabel("Prompt"))
        header.addWidget(self.state, 1)
        header.addWidget(self.reset)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(header)
        layout.addWidget(self.prompt)
        layout.addWidget(self.negative)
        layout.addWidget(self.parts)
        self._fused = ("", "")
        self.prompt.textChanged.connect(self._update_state)
        self.negative.textChanged.connect(self._update_state)
        self._update_state()

    def show_fused(self, prompt: str, negative: str, parts: dict[str, str], keep_edit=True):
        """Show a new fusion; an edited prompt stays unless `keep_edit` is False."""
        edited = self.is_edited()
        self._fused = (prompt, negative)
        if not (keep_edit and edited):
            self._set_text(prompt, negative)
        rows = [f"<b>{html.escape(k)}</b>: {html.escape(v)}" for k, v in parts.items() if v.strip()]
        self.parts.setText("From " + " · ".join(rows) if rows else "")
        self._update_state()

    def text(self) -> str:
        return self.prompt.toPlainText().strip()

    def negative_text(self) -> str:
        return self.negative.text().strip()

    def is_edited(self) -> bool:
        return (self.text(), self.negative_text()) != tuple(s.strip() for s in self._fused)

    def _set_text(self, prompt: str, negative: str) -> None:
        self.prompt.setPlainText(prompt)
        self.negative.setText(negative)

    def _reset(self) -> None:
        self._set_text(*self._fused)
        self.reset_requested.emit()

    def _update_state(self) -> None:
        edited = self.is_edited()
        self.state.setText("(edited: your text is used)" if edited else "(fused)")
        self.reset.setEnabled(edited)
