"""The Taste menu: suggestions for a shot, pause learning, clear what was learned, CLIP model."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from studio.ui.taste.qt_controller import TasteController
from studio.ui.taste.qt_suggestions import SuggestionsPopup


class TasteMenu(QMenu):
    def __init__(self, window, taste: TasteController) -> None:
        super().__init__("&Taste", window)
        self.window = window
        self.taste = taste
        self.popup: SuggestionsPopup | None = None
        self.addAction("&Suggestions for a New Shot…", self.show_suggestions)
        self.addSeparator()
        self.pause = self.addAction("&Pause Learning")
        self.pause.setCheckable(True)
        self.pause.toggled.connect(taste.set_paused)
        self.addAction("Clear This &Project's History…", self.ask_clear_project)
        self.addAction("Clear My Taste &Profile…", self.ask_clear_profile)
        self.addSeparator()
        self.addAction("Choose a &CLIP Model Folder…", self.choose_clip_model)
        self.text_only = self.addAction("Use &Text Only", lambda: taste.set_clip_model(None))
        self.aboutToShow.connect(self.sync)

    def sync(self) -> None:
        """Show the settings as they are (another window may have changed them)."""
        self.pause.blockSignals(True)
        self.pause.setChecked(self.taste.paused)
        self.pause.blockSignals(False)
        settings = self.taste.log.settings if self.taste.log else None
        self.text_only.setEnabled(bool(settings and settings.clip_model))

    def show_suggestions(self, description: str = "") -> SuggestionsPopup:
        if self.popup is not None:
            self.popup.close()
        self.popup = SuggestionsPopup(self.taste, description or self._shot_text(), self.window)
        self.popup.show()
        return self.popup

    def _shot_text(self) -> str:
        """The selected clip's shot, else the last shot without takes: the one being made."""
        session = self.window.session
        if session is None:
            return ""
        project = session.project
        for clip_id in session.selection:
            clip = project.clip(clip_id)
            shot = project.item("shots", clip.shot_id) if clip and clip.shot_id else None
            if shot is not None:
                return shot.description
        fresh = [s for s in project.shots if not s.takes]
        return fresh[-1].description if fresh else ""

    def ask_clear_project(self) -> None:
        if self._confirm("Forget every pick, discard and favourite recorded in this project?"):
            self.taste.clear_project()

    def ask_clear_profile(self) -> None:
        if self._confirm("Forget everything Storyreel has learned about your taste?"):
            self.taste.clear_profile()

    def _confirm(self, question: str) -> bool:
        answer = QMessageBox.question(self.window, "Clear taste", question)
        return answer == QMessageBox.StandardButton.Yes

    def choose_clip_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "CLIP model folder (transformers)")
        if folder:
            self.taste.set_clip_model(folder)
