"""The fused score prompt for the chosen range: style, tempo and key, and the editable text."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from studio.workflows.score.prompt import DEFAULT_STYLE, STYLES, ScorePrompt, fuse_score_prompt

FROM_SCENES = "from the scenes"
ROOTS = ("C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B")
KEYS = [f"{root} {mode}" for mode in ("major", "minor") for root in ROOTS]


class PromptEditor(QWidget):
    """Shows what the scenes under the range suggest; any field or the text may be changed.

    Once the text is edited by hand it is kept as typed (a new range no longer replaces
    it) until "Fuse Again".
    """

    fused = Signal(object)  # the new ScorePrompt, when the scenes, style, tempo or key change

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prompt: ScorePrompt | None = None
        self._where: tuple | None = None  # (project, start, end) last fused
        self._hand_edited = False
        self.style = QComboBox()
        self.style.addItems(list(STYLES))
        self.style.setCurrentText(DEFAULT_STYLE)
        self.tempo = QSpinBox(minimum=39, maximum=220, suffix=" BPM")
        self.tempo.setSpecialValueText(FROM_SCENES)  # the minimum reads as "not set"
        self.key = QComboBox()
        self.key.addItems([FROM_SCENES, *KEYS])
        self.scenes = QLabel()
        self.scenes.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(64)
        self.text.textChanged.connect(self._typed)
        self.fuse_again = QPushButton("Fuse Again")
        self.fuse_again.setToolTip("Replace the text with the prompt fused from the scenes")
        self.fuse_again.clicked.connect(self._fuse_again)
        self.fuse_again.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.style, 2)
        row.addWidget(self.tempo, 1)
        row.addWidget(self.key, 1)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Style", row)
        form.addRow("Scenes", self.scenes)
        form.addRow("Prompt", self.text)
        form.addRow("", self.fuse_again)
        self.style.currentIndexChanged.connect(self._refresh_fused)
        self.tempo.valueChanged.connect(self._refresh_fused)
        self.key.currentIndexChanged.connect(self._refresh_fused)

    def fuse(self, project, start: int, end: int) -> None:
        """Build the prompt for frames [start, end) of `project`."""
        self._where = (project, start, end)
        tempo = self.tempo.value() if self.tempo.value() != self.tempo.minimum() else None
        key = self.key.currentText() if self.key.currentIndex() > 0 else None
        prompt = fuse_score_prompt(project, start, end, self.style.currentText(), tempo, key)
        self.scenes.setText("; ".join(prompt.scenes) or "no scene under this range")
        self.prompt = prompt
        if not self._hand_edited:
            self._set_text(prompt.text())
        self.fused.emit(prompt)

    def prompt_text(self) -> str:
        return self.text.toPlainText().strip()

    def _refresh_fused(self, *_args) -> None:
        if self._where is not None:
            self.fuse(*self._where)

    def _fuse_again(self) -> None:
        self._hand_edited = False
        self.fuse_again.setEnabled(False)
        self._refresh_fused()

    def _set_text(self, text: str) -> None:
        self.text.blockSignals(True)
        self.text.setPlainText(text)
        self.text.blockSignals(False)

    def _typed(self) -> None:
        self._hand_edited = True
        self.fuse_again.setEnabled(True)
