"""The box under the editor where a writing action's text streams in, to accept or discard."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studio.ui.qt_params import ERROR_STYLE
from studio.ui.script.qt_editor import screenplay_font


class SuggestionBox(QWidget):
    """Hidden until a writing action starts. While the text streams in it is read-only;
    once done, the writer may touch it up before accepting."""

    accept_requested = Signal()
    discard_requested = Signal()
    cancel_requested = Signal()
    rewrite_requested = Signal(str)  # the direction typed

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold;")
        self.direction = QLineEdit(
            placeholderText="How to rewrite the selection: shorter, angrier, more visual…"
        )
        self.direction.returnPressed.connect(self._rewrite)
        self.text = QPlainTextEdit()
        self.text.setFont(screenplay_font())
        self.text.setReadOnly(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.accept_button = QPushButton("Accept")
        self.discard_button = QPushButton("Discard")
        self.cancel_button = QPushButton("Stop")
        self.rewrite_button = QPushButton("Rewrite")
        self.accept_button.clicked.connect(self.accept_requested)
        self.discard_button.clicked.connect(self.discard_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.rewrite_button.clicked.connect(self._rewrite)
        row = QHBoxLayout()
        row.addWidget(self.status, 1)
        buttons = (self.rewrite_button, self.cancel_button, self.discard_button)
        for button in (*buttons, self.accept_button):
            row.addWidget(button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.direction)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        self.hide()

    def ask_direction(self) -> None:
        """Show the direction field for a rewrite; the model starts when the writer says."""
        self._show("Rewrite the selection", asking=True)
        self.text.clear()
        self.direction.setFocus()

    def streaming(self, title: str) -> None:
        self._show(title, asking=False)
        self.text.clear()
        self.text.setReadOnly(True)
        self.say("Starting the text model…")
        self.cancel_button.setEnabled(True)
        self.accept_button.setEnabled(False)

    def show_text(self, text: str, partial: bool) -> None:
        # While streaming the bridge sends the latest few hundred characters: enough to
        # watch it write; the whole answer replaces it when the job is done.
        self.text.setPlainText(("…" if partial else "") + text)
        bar = self.text.verticalScrollBar()
        bar.setValue(bar.maximum())

    def done(self, text: str, note: str) -> None:
        self.show_text(text, partial=False)
        self.text.setReadOnly(False)
        self.cancel_button.setEnabled(False)
        self.accept_button.setEnabled(bool(text.strip()))
        self.say(note)

    def stopped(self, note: str, error: bool = False) -> None:
        self.cancel_button.setEnabled(False)
        self.accept_button.setEnabled(False)
        self.say(note, error)

    def say(self, note: str, error: bool = False) -> None:
        self.status.setStyleSheet(ERROR_STYLE if error else "")
        self.status.setText(note)

    def _show(self, title: str, asking: bool) -> None:
        self.title.setText(title)
        self.direction.setVisible(asking)
        self.rewrite_button.setVisible(asking)
        self.cancel_button.setVisible(not asking)
        self.accept_button.setVisible(not asking)
        self.accept_button.setEnabled(False)
        self.say("Type a direction and press Enter" if asking else "")
        self.show()

    def _rewrite(self) -> None:
        direction = self.direction.text().strip()
        if not direction:
            self.say("Say how to rewrite it first", error=True)
            return
        self.rewrite_requested.emit(direction)
