"""The Taste menu: suggestions for a shot, pause learning, clear what was learned, CLIP model."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from studio.ui.qt_action_registry import ActionSpec
from studio.ui.qt_app_context import AppContext
from studio.ui.taste.qt_controller import TasteController
from studio.ui.taste.qt_suggestions import SuggestionsPopup


class TasteMenu(QObject):
    """Registers the Taste menu's actions and runs them."""

    def __init__(self, context: AppContext, taste: TasteController) -> None:
        super().__init__(context.host)
        self.context = context
        self.parent_widget = context.host  # dialogs and the popup open over the window
        self.taste = taste
        self.popup: SuggestionsPopup | None = None
        add = context.actions.add
        add(
            ActionSpec("taste_suggestions", "&Suggestions for a New Shot…", "taste", "suggest"),
            lambda: self.show_suggestions(),
        )
        self.pause = add(
            ActionSpec("taste_pause", "&Pause Learning", "taste", "learning", checkable=True)
        )
        self.pause.toggled.connect(taste.set_paused)
        clear_project = "Clear This &Project's History…"
        add(
            ActionSpec("taste_clear_project", clear_project, "taste", "learning"),
            self.ask_clear_project,
        )
        add(
            ActionSpec("taste_clear_profile", "Clear My Taste &Profile…", "taste", "learning"),
            self.ask_clear_profile,
        )
        add(
            ActionSpec("taste_clip_model", "Choose a &CLIP Model Folder…", "taste", "model"),
            self.choose_clip_model,
        )
        self.text_only = add(
            ActionSpec("taste_text_only", "Use &Text Only", "taste", "model"),
            lambda: taste.set_clip_model(None),
        )
        context.actions.menu("taste").aboutToShow.connect(self.sync)

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
        self.popup = SuggestionsPopup(
            self.taste, description or self._shot_text(), self.parent_widget
        )
        self.popup.show()
        return self.popup

    def _shot_text(self) -> str:
        """The selected clip's shot, else the last shot without takes: the one being made."""
        session = self.context.session
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
        answer = QMessageBox.question(self.parent_widget, "Clear taste", question)
        return answer == QMessageBox.StandardButton.Yes

    def choose_clip_model(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self.parent_widget, "CLIP model folder (transformers)"
        )
        if folder:
            self.taste.set_clip_model(folder)
