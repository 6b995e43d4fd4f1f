"""Import and export of the script panel's text: file dialogs, the work off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog

from studio.ui.qt_workers import BackgroundWork
from studio.workflows.script.script_files import EXPORTS, IMPORTS, export_script, read_script_file

if TYPE_CHECKING:
    from studio.ui.script.qt_panel import ScriptPanel


class ScriptFiles(QObject):
    def __init__(self, panel: ScriptPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.work = BackgroundWork(parent=self)  # reads and writes run on a thread

    def import_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self.panel, "Import screenplay", "", IMPORTS)
        if path:
            self.import_file(path)

    def export_dialog(self, suffix: str) -> None:
        start = (self.panel.suggested_name() or "Screenplay") + suffix
        path, _filter = QFileDialog.getSaveFileName(
            self.panel, "Export screenplay", start, EXPORTS[suffix]
        )
        if path:
            if not path.lower().endswith(suffix):
                path += suffix
            self.export_file(path)

    def import_file(self, path: str | Path) -> None:
        """Read the file off the GUI thread; the script is replaced only if it reads well."""
        name = Path(path).name
        self.panel.say(f"Reading {name}…")
        self.work.run_in_thread(
            read_script_file,
            path,
            on_done=lambda read: self._imported(read, name),
            on_error=lambda exc: self.panel.say(f"Nothing imported: {exc}", error=True),
        )

    def _imported(self, read, name: str) -> None:
        self.panel.replace_script(read.text, f"Import {name}")
        if read.note and self.panel.session is not None:
            self.panel.say(f"Imported {name}: {read.note}")

    def export_file(self, path: str | Path) -> None:
        name = Path(path).name
        self.panel.say(f"Exporting {name}…")
        self.work.run_in_thread(
            export_script,
            self.panel.editor.toPlainText(),
            path,
            on_done=self.panel.say,
            on_error=lambda exc: self.panel.say(f"Cannot export {name}: {exc}", error=True),
        )
