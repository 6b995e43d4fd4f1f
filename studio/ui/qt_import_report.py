"""The import report: what an imported timeline held that the project shows differently or not
at all (effects, time warps, flattened stacks, transitions played as fades), one line each."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout


class ImportReport(QDialog):
    def __init__(self, source_name: str, lines: list[str], parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("import_report")
        self.setWindowTitle(f"Imported {source_name}")
        self.lines = list(lines)
        count = len(self.lines)
        summary = QLabel(
            f"{count} thing{'s' if count != 1 else ''} in {source_name} "
            f"{'were' if count != 1 else 'was'} approximated or dropped; each line says what "
            "becomes of it on export."
        )
        summary.setWordWrap(True)
        self.text = QPlainTextEdit("\n".join(self.lines))
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 320)
