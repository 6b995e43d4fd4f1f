"""The Script panel: the Fountain editor, its navigator, and the actions that link it to the film.

The editor is a view of the document's script. Each change is committed at once as a
SetScript edit (a typing burst merges into one undo step), so saving never misses a
keystroke and undo is the project's; an undo or redo comes back as a change and only
the part of the text that differs is replaced. The parse that feeds the navigator, the
breakdown and the selection sync runs off the GUI thread (`ScriptParser`).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QSplitter, QToolBar, QToolButton, QVBoxLayout, QWidget

from studio.model import Change
from studio.model.edits import SetScript
from studio.screenplay import Screenplay
from studio.ui.qt_params import ERROR_STYLE
from studio.ui.qt_session import EditSession
from studio.ui.script.qt_editor import ScriptEditor
from studio.ui.script.qt_file_actions import ScriptFiles
from studio.ui.script.qt_navigator import ScriptNavigator
from studio.ui.script.qt_parser import ScriptParser
from studio.ui.script.qt_suggestion import SuggestionBox
from studio.ui.script.qt_voices import ScriptVoices
from studio.ui.script.qt_writing import Writer
from studio.workflows.script.analysis import Analysis, SceneRow
from studio.workflows.script.breakdown import breakdown_edit
from studio.workflows.script.scene_links import clips_of_scene, link_scenes, scene_of_clips

if TYPE_CHECKING:
    from studio.ui.qt_app_context import AppContext
    from studio.ui.qt_generation import GenerationHub

BURST_GAP_S = 1.5  # a pause longer than this starts a new undo step while typing


class ScriptPanel(QWidget):
    def __init__(self, context: AppContext | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("script_panel")
        self.context = context
        self.session: EditSession | None = None
        self.editor = ScriptEditor()
        self.navigator = ScriptNavigator()
        self.suggestion = SuggestionBox()
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.parser = ScriptParser(self._source, self)
        self.writer = Writer(self, self.suggestion)
        self.files = ScriptFiles(self)
        self.voices = ScriptVoices(self)
        self._committed = ""  # the text the document holds, which the editor shows
        self._revision = 0
        self._burst = 0
        self._last_typed = 0.0
        self._alone: str | None = None  # the label of an edit that must be its own undo step
        self._keystroke = True  # the last change was one character typed or deleted
        self._syncing = False  # the editor is being set from the document
        self._selecting = False  # we are selecting clips: the echo is ours
        self._following = False  # the cursor moves to follow the timeline
        self._scene_index: int | None = None
        self._build()
        self.editor.document().contentsChange.connect(self._measure_change)
        self.editor.textChanged.connect(self._text_changed)
        self.editor.cursorPositionChanged.connect(self._cursor_moved)
        self.editor.undo_requested.connect(lambda: self.session and self.session.undo())
        self.editor.redo_requested.connect(lambda: self.session and self.session.redo())
        self.navigator.scene_chosen.connect(self._go_to_scene)
        self.navigator.character_chosen.connect(self._go_to_character)
        self.parser.parsed.connect(self._parsed)
        self.setEnabled(False)

    def _build(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.import_action = self.toolbar.addAction("Import…", self.files.import_dialog)
        self.import_action.setToolTip("Replace the script with a .fountain or .fdx file")
        export = QMenu("Export", self)
        formats = ((".fountain", "Fountain…"), (".fdx", "Final Draft…"), (".pdf", "PDF…"))
        self.export_actions = {
            suffix: export.addAction(label, lambda s=suffix: self.files.export_dialog(s))
            for suffix, label in formats
        }
        breakdown = QMenu("Break Down", self)
        self.breakdown_action = breakdown.addAction("Whole Script", self.break_down)
        self.breakdown_action.setToolTip(
            "Scenes and shots from the script, a storyboard placeholder per shot "
            "(one undo step; generated takes are kept)"
        )
        self.breakdown_scene_action = breakdown.addAction(
            "Current Scene into Shots (text model)", self.writer.suggest_shots
        )
        write = QMenu("Write", self)
        self.write_actions: dict[str, QAction] = {
            "continue": write.addAction("Continue the Scene", self.writer.continue_scene),
            "rewrite": write.addAction("Rewrite the Selection…", self.writer.rewrite_selection),
            "shots": write.addAction("Suggest Shots for the Scene", self.writer.suggest_shots),
            "logline": write.addAction("Write a Logline", self.writer.write_logline),
        }
        write.addSeparator()
        write.addAction("Text Model…", self.writer.choose_model)
        for menu in (export, breakdown, write, self.voices.menu):
            button = QToolButton()
            button.setText(menu.title())
            button.setMenu(menu)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            self.toolbar.addWidget(button)
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.editor, 3)
        column.addWidget(self.suggestion, 2)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.navigator)
        split.addWidget(right)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([260, 780])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.addWidget(self.toolbar)
        layout.addWidget(split, 1)
        layout.addWidget(self.notice)

    # -- the document ----------------------------------------------------------------------
    @property
    def hub(self) -> GenerationHub | None:
        """The window's generation hub (None in a panel of its own, in tests)."""
        return self.context.generation if self.context is not None else None

    def set_session(self, session: EditSession) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._document_changed)
            self.session.selection_changed.disconnect(self._selection_changed)
        self.writer.discard()
        self.session = session
        session.changed.connect(self._document_changed)
        session.selection_changed.connect(self._selection_changed)
        self.setEnabled(True)
        self._committed = session.project.script.text
        self._scene_index = None
        self._syncing = True
        try:
            self.editor.setPlainText(self._committed)
        finally:
            self._syncing = False
        self._revision += 1
        self.parser.parse_now()

    def _source(self) -> tuple[str, int]:
        return self._committed, self._revision

    def _measure_change(self, _position: int, removed: int, added: int) -> None:
        if not self.editor.highlighter.restyling:
            self._keystroke = removed + added <= 1

    def _text_changed(self) -> None:
        if self._syncing or self.editor.highlighter.restyling or self.session is None:
            return
        text = self.editor.toPlainText()
        if text == self._committed:
            return
        edit = SetScript(text)
        now = time.monotonic()
        if self._alone is not None:
            edit.label = self._alone
        elif not self._keystroke:
            self._burst += 1  # a paste, a cut, typing over a selection: a step of its own
        else:
            if now - self._last_typed > BURST_GAP_S:
                self._burst += 1
            edit.merge_key = ("script typing", id(self), self._burst)
        self._last_typed = now
        self._committed = text
        self._revision += 1
        self.session.apply(edit)
        self.parser.schedule(len(text))

    def _document_changed(self, change: Change) -> None:
        if not change.script:
            return
        text = self.session.project.script.text
        if text == self._committed:
            return  # our own commit coming back
        self._syncing = True
        try:
            self.editor.replace_text(self._committed, text)
        finally:
            self._syncing = False
        self._committed = text
        self._revision += 1
        self._burst += 1  # typing after an undo is a new step
        self.parser.schedule(len(text))

    def replace_script(self, text: str, label: str) -> None:
        """Replace the whole script as one undo step (an import)."""
        if self.session is None:
            self.say("Open a project first")
            return
        self._edit_alone(label, lambda: self.editor.replace_text(self._committed, text))
        self.say(f"{label}: {text.count(chr(10)) + 1} lines")

    def apply_writing(self, cursor, text: str, label: str) -> None:
        """Put an accepted suggestion in the script as one undo step."""
        self._edit_alone(f"Write: {label}", lambda: cursor.insertText(text))

    def _edit_alone(self, label: str, change) -> None:
        self._alone = label
        try:
            change()
        finally:
            self._alone = None
            self._burst += 1

    # -- parsing, the navigator and the cursor's scene --------------------------------------
    def _parsed(self, analysis: Analysis) -> None:
        self.navigator.show_analysis(analysis)
        self._scene_index = None  # scenes may have moved: look again where the cursor is
        self._cursor_moved()

    def scene_at_cursor(self) -> SceneRow | None:
        analysis = self.parser.latest
        return None if analysis is None else analysis.scene_at(self.editor.current_line())

    def _cursor_moved(self) -> None:
        row = self.scene_at_cursor()
        index = None if row is None else row.index
        if index == self._scene_index:
            return
        self._scene_index = index
        self.navigator.mark_scene(index)
        self.editor.mark_lines(*((row.start_line, row.end_line) if row else (0, 0)))
        if row is not None and not self._following and not self._syncing:
            self._select_clips_of(row)

    def _select_clips_of(self, row: SceneRow) -> None:
        if self.session is None:
            return
        project = self.session.project
        if not project.scenes:
            return  # not broken down yet: no clips to select
        links = link_scenes(project.scenes, self.parser.latest.scenes)
        scene_id = next((sid for sid, i in links.items() if i == row.index), None)
        clips = clips_of_scene(project, scene_id) if scene_id else []
        if clips:
            self._selecting = True
            try:
                self.session.select(clips)
            finally:
                self._selecting = False

    def _selection_changed(self) -> None:
        analysis = self.parser.latest
        if self._selecting or self.session is None or analysis is None:
            return
        project = self.session.project
        scene_id = scene_of_clips(project, sorted(self.session.selection))
        index = link_scenes(project.scenes, analysis.scenes).get(scene_id) if scene_id else None
        if index is None or index == self._scene_index:
            return
        self._following = True
        try:
            self.editor.go_to_line(analysis.scenes[index].start_line)
        finally:
            self._following = False

    def _go_to_scene(self, line: int) -> None:
        self.editor.go_to_line(line)
        self.editor.setFocus()

    def _go_to_character(self, name: str) -> None:
        analysis = self.parser.latest
        lines = analysis.cues.get(name, []) if analysis else []
        if lines:
            here = self.editor.current_line()
            self._go_to_scene(next((n for n in lines if n > here), lines[0]))

    # -- breakdown -------------------------------------------------------------------------
    def break_down(self) -> None:
        """Scenes, shots and placeholders from the script as it is now, as one undo step."""
        if self.session is not None:
            self.parser.with_screenplay(self._break_down_with)

    def apply_shots(self, scene_index: int | None, descriptions: list[str]) -> None:
        """A suggested shot list for one scene, placed by a breakdown (one undo step)."""
        if self.session is not None and scene_index is not None and descriptions:
            shots = {scene_index: descriptions}
            self.parser.with_screenplay(
                lambda script, text: self._break_down_with(script, text, shots)
            )

    def _break_down_with(self, script: Screenplay, text: str, suggestions=None) -> None:
        if self.session is None:
            return
        if not script.scenes:
            self.say("The script has no scene headings to break down (INT. … / EXT. …)", True)
            return
        project = self.session.project
        edit = breakdown_edit(project, script, suggestions, script_text=text)
        if not edit.edits:
            self.say("The breakdown is up to date")
            return
        if self.session.apply(edit):
            self.say(f"Broke down {len(project.scenes)} scene(s) into {len(project.shots)} shot(s)")

    # -- messages --------------------------------------------------------------------------
    def say(self, text: str, error: bool = False) -> None:
        self.notice.setStyleSheet(ERROR_STYLE if error else "")
        self.notice.setText(text)
        if self.session is not None:
            self.session.message.emit(text)

    def suggested_name(self) -> str:
        analysis = self.parser.latest
        title = analysis.title if analysis else ""
        return title or (self.session.project.name if self.session else "")
