"""The question asked on open when an autosave is newer than the saved project."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

RECOVER = "Recover autosave"
OPEN_SAVED = "Open saved version"


def ask_recovery(parent: QWidget | None, folder: Path) -> bool:
    """True to open the autosave; a modal box that tests answer by clicking its buttons."""
    box = QMessageBox(parent)
    box.setObjectName("recoveryDialog")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Recover unsaved work?")
    box.setText(f"{folder.name} has unsaved changes from a session that did not end normally.")
    box.setInformativeText(
        "Recover them, or open the version last saved? "
        "The saved project file is not touched either way until you save."
    )
    recover = box.addButton(RECOVER, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(OPEN_SAVED, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(recover)
    box.exec()
    return box.clickedButton() is recover
