"""Writing with the text model: continue, rewrite, shots, logline, streamed into the suggestion box.

The job runs on the engine like any generation (and shows in the Jobs dock), but writes no
file: a suggestion is not a take until it is accepted, and then it is an edit of the script.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from pydantic import ValidationError
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from studio.engine.jobs import Job
from studio.engine.models.required import ModelNotInstalled
from studio.errors import UserError
from studio.plugins.api import Kind, Request, Text
from studio.ui.qt_generator_picker import GeneratorPicker
from studio.ui.qt_params import InvalidParams
from studio.ui.script.qt_suggestion import SuggestionBox
from studio.workflows.script import prompts
from studio.workflows.script.breakdown import parse_shot_list
from studio.workflows.script.prompts import WritingTask

if TYPE_CHECKING:
    from studio.ui.qt_generation import GenerationHub
    from studio.ui.script.qt_panel import ScriptPanel

TEXT_GENERATOR = "text.llm"
SEED_MAX = 2**31 - 1


class Writer(QObject):
    """One writing job at a time, and where its answer goes in the script."""

    def __init__(self, panel: ScriptPanel, box: SuggestionBox) -> None:
        super().__init__(panel)
        self.panel = panel
        self.box = box
        self.generator_id = TEXT_GENERATOR  # the text generator the writer runs
        self.params: dict = {}  # its parameters, as the writer last set them
        self.hub: GenerationHub | None = None
        self.job: Job | None = None
        self.task: WritingTask | None = None
        self.target: QTextCursor | None = None  # where the answer goes; follows other edits
        self.scene_index: int | None = None  # the scene a shot list is for
        box.accept_requested.connect(self.accept)
        box.discard_requested.connect(self.discard)
        box.cancel_requested.connect(self.cancel)
        box.rewrite_requested.connect(self._rewrite_with)

    def set_hub(self, hub: GenerationHub | None) -> None:
        if hub is None or hub is self.hub:
            return
        self.hub = hub
        bridge = hub.bridge
        bridge.text_preview.connect(self._preview)
        bridge.finished.connect(self._finished)
        bridge.failed.connect(self._failed)
        bridge.cancelled.connect(self._cancelled)

    @property
    def running(self) -> bool:
        return self.job is not None and not self.job.state.finished

    # -- the actions ------------------------------------------------------------------------
    def continue_scene(self) -> None:
        """Continue the scene the cursor is in from its end (a click on a scene in the
        navigator puts the cursor on its heading: the answer still goes after its last
        line, never into the middle)."""
        editor = self.panel.editor
        cursor = editor.textCursor()
        cursor.clearSelection()
        scene = self.panel.scene_at_cursor()
        if scene is not None:
            block = editor.document().findBlockByNumber(max(scene.end_line - 1, scene.start_line))
            while not block.text().strip() and block.blockNumber() > scene.start_line:
                block = block.previous()  # past the blank lines before the next scene
            cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        first = scene.start_line if scene is not None else 0
        so_far = editor.lines_text(first, cursor.blockNumber() + 1)
        if not so_far.strip():
            self.panel.say("Write the start of a scene first: there is nothing to continue")
            return
        self._start(prompts.continue_scene(so_far), cursor)

    def rewrite_selection(self, direction: str | None = None) -> None:
        cursor = self.panel.editor.textCursor()
        if not cursor.hasSelection():
            self.panel.say("Select the passage to rewrite first")
            return
        self.target = QTextCursor(cursor)
        if direction is None:
            self._stop_running()
            self.box.ask_direction()
            return
        self._rewrite_with(direction)

    def suggest_shots(self) -> None:
        scene = self.panel.scene_at_cursor()
        if scene is None:
            self.panel.say("Put the cursor in a scene to suggest its shots")
            return
        self.scene_index = scene.index
        text = self.panel.editor.lines_text(scene.start_line, scene.end_line)
        self._start(prompts.shots(text), None)

    def write_logline(self) -> None:
        self.panel.parser.with_screenplay(self._logline_for)

    def _logline_for(self, screenplay, _text: str) -> None:
        if not screenplay.scenes:
            self.panel.say("The script has no scenes yet to write a logline for")
            return
        # The logline goes in as a synopsis (= ...) where the script's body begins.
        block = self.panel.editor.document().findBlockByNumber(screenplay.title_page.end_line)
        while block.isValid() and not block.text().strip() and block.next().isValid():
            block = block.next()
        self._start(prompts.logline(screenplay), QTextCursor(block))

    def _rewrite_with(self, direction: str) -> None:
        if self.target is None or not self.target.hasSelection():
            self.panel.say("Select the passage to rewrite first")
            return
        passage = self.target.selectedText().replace("\u2029", "\n")
        scene = self.panel.scene_at_cursor()
        context = self.panel.editor.lines_text(scene.start_line, scene.end_line) if scene else ""
        self._start(prompts.rewrite(passage, direction, context), self.target)

    # -- the job ---------------------------------------------------------------------------
    def _start(self, task: WritingTask, target: QTextCursor | None) -> None:
        hub = self.panel.hub
        if hub is None:
            self.panel.say("Generation is not available in this window")
            return
        self.set_hub(hub)
        self._stop_running()
        self.task, self.target = task, target
        self.box.streaming(task.title)
        hub.when_imported([self.generator_id], lambda engine: self._submit(engine, task))

    def _submit(self, engine, task: WritingTask) -> None:
        if task is not self.task:
            return  # discarded, or another action started, before the engine was up
        try:
            cls = self.hub.registry.get(self.generator_id)
            values = {"system": task.system} if "system" in cls.Params.model_fields else {}
            values.update(self.params)
            params = cls.Params(**values)
            request = Request(prompt=task.prompt, params=params, seed=random.randint(0, SEED_MAX))
            # No media_dir: a suggestion is not a take, so nothing is written to the project.
            self.job = engine.submit(cls, request)
        except (UserError, ValidationError, RuntimeError) as exc:
            self.box.stopped(f"Cannot start the text model: {_first_line(exc)}", error=True)
            if isinstance(exc, ModelNotInstalled):
                self.hub.offer_models(exc)  # the Models window downloads it
            return
        self.box.say(f"Writing with {getattr(params, 'model', cls.name)}…")

    def _preview(self, job: Job, text: str) -> None:
        if job is self.job and not job.state.finished:
            self.box.show_text(text, partial=True)

    def _finished(self, job: Job) -> None:
        if job is not self.job:
            return
        text = job.output.text if isinstance(job.output, Text) else ""
        note = "Accept puts it in the script; Discard leaves the script as it is"
        if self.task.action == "shots":
            found = len(parse_shot_list(text))
            note = (
                f"{found} shot(s): Accept updates the scene's shots"
                if found
                else "The answer holds no numbered shot list to use"
            )
            self.box.done(text, note)
            self.box.accept_button.setEnabled(bool(found))
            return
        self.box.done(text, note if text.strip() else "The model wrote nothing")

    def _failed(self, job: Job, reason: str) -> None:
        if job is self.job:
            self.box.stopped(f"The text model failed: {reason}", error=True)

    def _cancelled(self, job: Job) -> None:
        if job is self.job:
            self.box.stopped("Stopped: nothing was changed")

    # -- the answer ------------------------------------------------------------------------
    def accept(self) -> None:
        if self.task is None or self.running:
            return
        text = self.box.text.toPlainText()
        task = self.task
        if task.action == "shots":
            self.panel.apply_shots(self.scene_index, parse_shot_list(text))
        elif self.target is not None:
            self.panel.apply_writing(self.target, _fit(task.action, text, self.target), task.title)
        self._close()

    def discard(self) -> None:
        self._stop_running()
        self._close()

    def cancel(self) -> None:
        if self.running:
            self.job.cancel()
            self.box.say("Stopping…")

    def _stop_running(self) -> None:
        if self.running:
            self.job.cancel()

    def _close(self) -> None:
        self.job = self.task = self.target = None
        self.scene_index = None
        self.box.hide()
        self.panel.editor.setFocus()

    # -- the model and its parameters ----------------------------------------------------
    def choose_model(self) -> None:
        hub = self.panel.hub
        if hub is not None:
            hub.when_ready(lambda _engine: self._model_dialog())

    def _model_dialog(self) -> None:
        """The text generators in the one generator picker, the writer's own chosen, its
        parameters as the writer last set them; OK keeps both for the next writing job."""
        hub = self.panel.hub  # in a fresh session no writing job has set self.hub yet
        if hub is None or hub.registry is None:
            self.panel.say("Generation is not available in this window")
            return
        dialog = QDialog(self.panel)
        dialog.setObjectName("text_model_dialog")
        dialog.setWindowTitle("Text model for writing")
        note = QLabel(
            "The model is a Hugging Face id (found in the local cache) or a folder that "
            "holds a causal language model. Nothing is downloaded behind your back: "
            "offline, name a folder you have."
        )
        note.setWordWrap(True)
        picker = GeneratorPicker(Kind.TEXT, TEXT_GENERATOR)
        picker.set_registry(hub.registry, hub.import_generators)
        picker.choose(self.generator_id)
        filled: set[str] = set()

        def fill(generator_id: str) -> None:
            """The writer's parameters go into its generator's form once, when it arrives."""
            mine = generator_id == self.generator_id and generator_id not in filled
            if mine and picker.form is not None:
                filled.add(generator_id)
                picker.form.set_values(self.params)

        picker.chosen.connect(fill)
        fill(picker.generator_id())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.rejected.connect(dialog.reject)

        def keep() -> None:
            try:
                params = picker.params()
            except (InvalidParams, RuntimeError):
                return  # the form shows what is wrong, or is still loading
            self.generator_id, self.params = picker.generator_id(), params.model_dump()
            dialog.accept()

        buttons.accepted.connect(keep)
        layout = QVBoxLayout(dialog)
        layout.addWidget(note)
        layout.addWidget(picker)
        layout.addWidget(buttons)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()


def _fit(action: str, text: str, target: QTextCursor) -> str:
    """The answer shaped for where it goes: a continuation starts a new paragraph and a
    logline is a synopsis line."""
    text = text.strip("\n")
    if action == "logline":
        return "= " + " ".join(text.split()) + "\n\n"
    if action == "continue":
        return "\n\n" + text.strip() + ("\n" if target.atEnd() else "")
    return text


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().split("\n")[0]
