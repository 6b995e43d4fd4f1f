"""The storyboard panel: the shot list beside the chosen shot's editor and generation box."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.media.storyboard_sheet import write_contact_sheet, write_storyboard_pdf
from studio.model.aspect import nearest_aspect
from studio.model.files import media_path
from studio.plugins.api import Kind
from studio.ui.qt_params import InvalidParams
from studio.ui.qt_workers import BackgroundWork
from studio.ui.shots.qt_job_status import JobStatus
from studio.ui.shots.qt_shot_jobs import ShotJobs
from studio.ui.shots.qt_shot_list import ShotList
from studio.ui.shots.shot_panel import ShotPanelMixin
from studio.ui.storyboard.qt_generate_box import GenerateBox
from studio.ui.storyboard.qt_shot_editor import ShotEditor
from studio.workflows.landing import Target
from studio.workflows.storyboard import storyboard
from studio.workflows.storyboard.fusion import FusedRequest, fuse_shot
from studio.workflows.storyboard.takes import frame_requests, length_edits


class StoryboardPanel(ShotPanelMixin, QWidget):
    """Every change goes through `session.apply` as one edit; jobs go through the hub."""

    takes_placed = Signal(str, list)  # shot id, the new takes' asset ids
    jobs_queued = Signal(str, list)  # shot id, the jobs
    exported = Signal(str)  # the storyboard file written

    def __init__(self, hub, pictures, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyboardPanel")
        self.hub = hub
        self.session = None
        self.fused: FusedRequest | None = None
        self.jobs = ShotJobs(hub.bridge, self)
        self.shots = ShotList(pictures, reorderable=True)
        self.add_button = QPushButton("Add Shot")
        self.remove_button = QPushButton("Remove")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Print the board: a PDF of panels or a PNG contact sheet")
        self.work = BackgroundWork("media", workers=2, parent=self)
        self.editor = ShotEditor(pictures)
        self.box = GenerateBox()
        self.status = JobStatus(self.jobs)
        self._following = False  # True while we mirror the timeline's selection

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.shots, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addWidget(self.export_button)
        left_layout.addLayout(row)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.editor)
        details_layout.addWidget(self.status)
        details_layout.addWidget(self.box)
        details_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(scroll)
        split.setStretchFactor(1, 1)
        split.setSizes([300, 600])
        self.empty = QLabel("Open a project to storyboard it.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        self._split = split

        self.shots.shot_selected.connect(self._shot_chosen)
        self.shots.move_requested.connect(self.move_shot)
        self.add_button.clicked.connect(self.add_shot)
        self.remove_button.clicked.connect(self.remove_shot)
        self.export_button.clicked.connect(self.export_dialog)
        self.editor.description_edited.connect(self._describe)
        self.editor.length_edited.connect(self._set_length)
        self.editor.takes.take_clicked.connect(self.pick_take)
        self.box.fusion_changed.connect(self.fuse_again)
        # Whether the generator takes pictures decides what the references line says.
        self.box.generator.chosen.connect(lambda _id: self.fuse_again())
        self.box.generate.clicked.connect(lambda: self.generate())
        self.box.variations.clicked.connect(lambda: self.generate(self.box.count.value()))
        self.box.regenerate.clicked.connect(lambda: self.regenerate())
        hub.landed.connect(self._landed)
        self.jobs.failed.connect(lambda shot, why: self.say(f"A frame was not made: {why}"))
        hub.engine_ready.connect(lambda _engine: self._know_generators())
        self._show_enabled()

    # -- the document ----------------------------------------------------------------------
    def _connect(self, session) -> None:
        super()._connect(session)
        session.selection_changed.connect(self._follow_selection)
        self.box.generator.set_session(session)
        settings = session.project.settings
        self.box.set_aspect(nearest_aspect(settings.width, settings.height).id)

    def _disconnect(self, session) -> None:
        super()._disconnect(session)
        session.selection_changed.disconnect(self._follow_selection)

    def _shot_chosen(self, shot_id) -> None:
        self._show_current(keep_edit=False)
        if shot_id and not self._following:
            self._select_clips(shot_id)

    def _select_clips(self, shot_id: str) -> None:
        self.session.select(c.id for c in storyboard.shot_clips(self.project, shot_id))

    def _show_current(self, keep_edit: bool = True) -> None:
        shot = self.current_shot()
        self.editor.show_shot(self.project if self.session else None, shot)
        self.status.show_shot(shot.id if shot else None)
        self.box.setEnabled(shot is not None)
        self.remove_button.setEnabled(shot is not None)
        self.fuse_again(keep_edit=keep_edit)

    def _follow_selection(self) -> None:
        """The timeline selected a clip of some shot: show that shot here."""
        project = self.project
        for clip_id in self.session.selection:
            clip = project.clip(clip_id)
            if clip is not None and clip.shot_id and project.item("shots", clip.shot_id):
                if clip.shot_id != self.shots.current_shot():
                    self._following = True
                    try:
                        self.shots.select_shot(clip.shot_id)
                    finally:
                        self._following = False
                return

    # -- the fused prompt --------------------------------------------------------------------
    def fuse_again(self, keep_edit: bool = True) -> None:
        """Fuse the current shot's request again and show it (the user's edit is kept)."""
        shot = self.current_shot()
        if shot is None:
            self.fused = None
            self.box.prompt.show_fused("", "", {}, keep_edit=False)
            return
        self.fused = fuse_shot(
            self.project,
            shot.id,
            style=self.box.style.style(),
            aspect=self.box.chosen_aspect(),
            folder=self.session.doc.path,
        )
        parts = dict(self.fused.parts)
        declared = self.box.generator.declared()  # known without importing the plugin
        if parts.get("references") and declared and Kind.IMAGE not in declared.accepts:
            parts["references"] += f" (not used: {declared.name} takes no pictures)"
        self.box.prompt.show_fused(
            self.fused.prompt, self.fused.negative_prompt, parts, keep_edit=keep_edit
        )

    def request_fusion(self) -> FusedRequest | None:
        """The fused request with the user's edit of the prompt, as it will run."""
        if self.fused is None:
            return None
        prompt = self.box.prompt
        return self.fused.edited(prompt=prompt.text(), negative_prompt=prompt.negative_text())

    # -- shot edits --------------------------------------------------------------------------
    def add_shot(self) -> None:
        current = self.shots.currentRow()
        index = current + 1 if current >= 0 else None
        edit, shot_id = storyboard.add_shot(self.project, "", index=index)
        if self.session.apply(edit):
            self.shots.select_shot(shot_id)
            self.editor.description.setFocus()

    def remove_shot(self) -> None:
        shot = self.current_shot()
        if shot is not None:
            self.session.apply(storyboard.remove_shot(self.project, shot.id))

    def export_dialog(self) -> None:
        if self.session is None or not self.project.shots:
            self.say("The storyboard has no shots to export yet")
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "Export Storyboard", "storyboard.pdf", "PDF (*.pdf);;Contact sheet (*.png)"
        )
        if path:
            self.export_board(Path(path))

    def export_board(self, out: Path, per_page: int = 6) -> None:
        """Write the board in a worker process; `exported(path)` or a message follows."""
        folder = self.session.doc.path or Path.cwd()
        if out.suffix.lower() == ".png":
            task, args = write_contact_sheet, (self.project, folder, out)
        else:
            task, args = write_storyboard_pdf, (self.project, folder, out, per_page)
        self.say(f"Exporting the storyboard to {out.name}…")
        self.work.submit(
            task,
            *args,
            on_done=lambda _result: self._exported(out),
            on_error=lambda exc: self.say(f"Storyboard export failed: {exc}"),
        )

    def _exported(self, out: Path) -> None:
        self.say(f"Storyboard exported to {out}")
        self.exported.emit(str(out))

    def move_shot(self, shot_id: str, index: int) -> None:
        self.session.apply(storyboard.move_shot(self.project, shot_id, index))
        self.shots.select_shot(shot_id, notify=False)

    def _describe(self, text: str) -> None:
        shot = self.current_shot()
        if shot is not None:
            self.session.apply(storyboard.describe_shot(self.project, shot.id, text))

    def _set_length(self, frames: int) -> None:
        shot = self.current_shot()
        if shot is None:
            return
        both, shot_only = length_edits(self.project, shot.id, frames)
        result = self.session.apply(both, quiet=True)
        if not result and both is not shot_only and self.session.apply(shot_only):
            self.say(f"Shot length changed; its frame kept its length ({result.reason})")
        elif not result and both is shot_only:
            self.say(f"Shot length refused: {result.reason}")

    def pick_take(self, asset_id: str) -> None:
        shot = self.current_shot()
        if shot is None or asset_id == shot.picked:
            return
        self.session.apply(storyboard.pick_take(self.project, shot.id, asset_id))

    # -- generation --------------------------------------------------------------------------
    def _know_generators(self) -> None:
        if not self.box.generator.known and self.hub.registry is not None:
            self.box.generator.set_registry(self.hub.registry, self.hub.import_generators)

    def generate(self, count: int = 1) -> None:
        """Queue `count` takes of the current shot's frame with the prompt as shown."""
        shot, fused = self.current_shot(), self.request_fusion()
        if shot is None or fused is None:
            self.say("Choose a shot to generate its frame")
            return
        seed = self.box.seed.value()
        self.box.seed.roll()  # the next click makes a new take, not the same one again
        self.hub.when_ready(lambda _engine: self._submit(shot.id, fused, seed, count))

    def regenerate(self) -> None:
        """The chosen take's request again with a new seed (from its picture when the
        generator takes one: an image → image variation)."""
        shot = self.current_shot()
        take = self.editor.takes.current_take() or (shot.picked if shot else None)
        asset = self.project.assets.get(take) if take else None
        if shot is None or asset is None or self.fused is None:
            self.say("Choose a take to regenerate from")
            return
        record = asset.provenance or {}
        fused = self.fused.edited(
            prompt=record.get("prompt") or self.box.prompt.text(),
            negative_prompt=record.get("negative_prompt", self.box.prompt.negative_text()),
        )
        source = media_path(self.session.doc.path or Path.cwd(), asset)
        seed = self.box.seed.roll()
        submit = partial(self._submit, shot.id, fused, seed, 1, source, record)
        self.hub.when_ready(lambda _engine: submit())

    def _submit(self, shot_id, fused, seed, count, variation_of=None, record=None) -> None:
        self._know_generators()
        choice = self.box.generator
        if record and record.get("generator"):
            choice.choose(record["generator"])
        queue = partial(self._queue, shot_id, fused, seed, count, variation_of)
        choice.when_loaded(queue)  # its plugin is imported off the GUI thread on first use

    def _queue(self, shot_id, fused, seed, count, variation_of, cls) -> None:
        choice = self.box.generator
        if cls is None:
            why = choice.why_not() or "see Generate ▸ Plugins…"
            self.say(f"{choice.generator_id()} is not available: {why}")
            return
        try:
            params = choice.params()
            requests = frame_requests(fused, cls, params, seed, count, variation_of)
            target = Target(shot_id=shot_id)
            jobs = [self.hub.submit(cls, request, target=target) for request in requests]
        except InvalidParams:
            self.say("Some generator parameters are not valid: see the form")
            return
        except (UserError, RuntimeError) as exc:
            self.say(f"Cannot generate: {exc}")
            return
        choice.remember(params)
        for job in jobs:
            self.jobs.add(job, shot_id)
        self.status.queued(shot_id, f"{len(jobs)} job(s)" if len(jobs) > 1 else "frame")
        self.jobs_queued.emit(shot_id, jobs)

    def _landed(self, job, target, asset_ids: list) -> None:
        """A take of one of our shots landed (from this panel, a retry or the command line
        made in this window): say so, and show it selected on the timeline."""
        shot_id = target.shot_id
        if self.session is None or not shot_id or job.generator.output is not Kind.IMAGE:
            return
        self.takes_placed.emit(shot_id, list(asset_ids))
        if shot_id == self.shots.current_shot():
            self._select_clips(shot_id)

    def say(self, text: str) -> None:
        self.hub.say(text)
