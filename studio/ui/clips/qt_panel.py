"""The clips panel: per shot, generate a clip, play its takes, use one in the shot's slot."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.model import MediaKind
from studio.model.files import media_path
from studio.plugins.api import Kind
from studio.ui.clips.qt_generate_box import ClipBox
from studio.ui.clips.qt_player import ClipTakeView
from studio.ui.qt_params import InvalidParams
from studio.ui.shots.qt_job_status import JobStatus
from studio.ui.shots.qt_shot_jobs import ShotJobs
from studio.ui.shots.qt_shot_list import ShotList
from studio.ui.shots.qt_take_strip import TakeStrip
from studio.ui.shots.shot_panel import ShotPanelMixin
from studio.workflows.clips import clips
from studio.workflows.clips.requests import (
    KEN_BURNS_MOVES,
    clip_request,
    prompt_parts,
    slot_picture,
)
from studio.workflows.landing import Target
from studio.workflows.reel import reel


class ClipsPanel(ShotPanelMixin, QWidget):
    take_added = Signal(str, str)  # shot id, asset id
    jobs_queued = Signal(list)  # the jobs one click queued

    def __init__(self, hub, pictures, work, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clipsPanel")
        self.hub = hub
        self.pictures = pictures
        self.session = None
        self.jobs = ShotJobs(hub.bridge, self)
        self.shots = ShotList(pictures)
        self.batch = QPushButton("Generate Clips for All Shots Without One")
        self.box = ClipBox()
        self.status = JobStatus(self.jobs)
        self.takes = TakeStrip(pictures, kinds=(MediaKind.IMAGE, MediaKind.VIDEO))
        self.player = ClipTakeView(work)
        self.use_button = QPushButton("Use This Take")
        self.use_button.setToolTip("Show the chosen take in the shot's place on the timeline")
        self._still: str | None = None  # a picture asked of the cache, not made yet
        pictures.ready.connect(self._pictures_ready)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.shots, 1)
        left_layout.addWidget(self.batch)
        takes_row = QHBoxLayout()
        takes_row.addWidget(self.player)
        take_side = QVBoxLayout()
        take_side.addWidget(self.takes)
        take_side.addWidget(self.use_button, 0, Qt.AlignmentFlag.AlignLeft)
        takes_row.addLayout(take_side, 1)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.addLayout(takes_row)
        details_layout.addWidget(self.status)
        details_layout.addWidget(self.box)
        details_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)
        self._split = QSplitter(Qt.Orientation.Horizontal)
        self._split.addWidget(left)
        self._split.addWidget(scroll)
        self._split.setStretchFactor(1, 1)
        self._split.setSizes([300, 600])
        self.empty = QLabel("Open a project to make its clips.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(self._split, 1)

        self.shots.shot_selected.connect(lambda _shot: self._show_current(keep_edit=False))
        self.takes.take_clicked.connect(self.preview_take)
        self.use_button.clicked.connect(self.use_take)
        self.batch.clicked.connect(self.generate_missing)
        self.box.generate.clicked.connect(self.generate)
        self.box.fusion_changed.connect(self.fuse_again)
        self.box.camera.currentIndexChanged.connect(self._camera_to_params)
        self.box.generator.chosen.connect(self._camera_to_params)
        hub.landed.connect(self._landed)
        self.jobs.failed.connect(lambda shot, why: self.say(f"A clip was not made: {why}"))
        hub.engine_ready.connect(lambda _engine: self._know_generators())
        self._show_enabled()

    # -- the document ----------------------------------------------------------------------
    def _connect(self, session) -> None:
        super()._connect(session)
        self.box.generator.set_session(session)

    def _show_current(self, keep_edit: bool = True) -> None:
        shot = self.current_shot()
        shown = reel.span_clip(self.project, shot.id) if shot else None
        in_use = shown.asset_id if shown else None
        self.takes.show_takes(self.project, shot, in_use)
        self.status.show_shot(shot.id if shot else None)
        self.box.setEnabled(shot is not None)
        self.use_button.setEnabled(shot is not None)
        self.batch.setEnabled(self.session is not None)
        if not keep_edit:
            self._show_picture(shot)
        self.fuse_again(keep_edit=keep_edit)

    def _show_picture(self, shot) -> None:
        """The player shows what the shot's span shows: its clip playing, else its frame."""
        clip = reel.span_clip(self.project, shot.id) if shot else None
        asset = self.project.assets.get(clip.asset_id) if clip and clip.asset_id else None
        if asset is not None and asset.kind is MediaKind.VIDEO:
            self.preview_take(asset.id)
            return
        picture = reel.shot_picture(self.project, shot.id) if shot else None
        if picture is not None:
            self.preview_take(picture.id)
        else:
            self.player.show_still(None)

    # -- the prompt ------------------------------------------------------------------------
    def fuse_again(self, keep_edit: bool = True) -> None:
        shot = self.current_shot()
        if shot is None:
            self.box.prompt.show_fused("", "", {}, keep_edit=False)
            return
        style, camera = self.box.style.style(), self.box.camera_move()
        prompt = clips.shot_prompt(self.project, shot, camera, style.prompt)
        parts = prompt_parts(self.project, shot, camera, style)
        self.box.prompt.show_fused(prompt, style.negative, parts, keep_edit=keep_edit)

    def _camera_to_params(self, *_args) -> None:
        """The built-in pan-and-zoom moves as the camera choice says (it reads no prompt)."""
        choice = self.box.generator
        if choice.generator_id() == "builtin.ken-burns" and choice.form is not None:
            choice.form.set_values(KEN_BURNS_MOVES[self.box.camera_move()])

    # -- takes -----------------------------------------------------------------------------
    def preview_take(self, asset_id: str) -> None:
        asset = self.project.assets.get(asset_id)
        if asset is None:
            return
        if asset.kind is MediaKind.VIDEO:
            self._still = None
            self.player.play(media_path(self.session.doc.path or Path.cwd(), asset))
            return
        picture = self.pictures.thumbnail(asset, 0.0, 126)
        self._still = None if picture is not None else asset_id  # shown once it is made
        if picture is None:
            self.player.show_loading()
        else:
            self.player.show_still(picture)

    def _pictures_ready(self) -> None:
        if self._still is not None and self.session is not None:
            self.preview_take(self._still)

    def use_take(self) -> None:
        shot, take = self.current_shot(), self.takes.current_take()
        if shot is None or take is None:
            self.say("Choose a take to use")
            return
        self.session.apply(clips.use_take_edit(self.project, shot.id, take))

    # -- generation ------------------------------------------------------------------------
    def _know_generators(self) -> None:
        if not self.box.generator.known and self.hub.registry is not None:
            self.box.generator.set_registry(self.hub.registry, self.hub.import_generators)

    def generate(self) -> None:
        shot = self.current_shot()
        if shot is None:
            self.say("Choose a shot to make its clip")
            return
        prompt, negative = self.box.prompt.text(), self.box.prompt.negative_text()
        folder = self.session.doc.path
        frame = slot_picture(self.project, folder, shot.id) if self.box.from_frame() else None
        if self.box.from_frame() and frame is None:
            self.say("This shot has no storyboard frame yet: generate one, or make it from text")
            return
        seed = self.box.seed.value()
        self.box.seed.roll()

        def submit(cls) -> None:
            params = self._params()
            if params is not None:
                request = clip_request(self.project, shot.id, prompt, negative, params, seed, frame)
                self._submit(cls, [(shot.id, request)])

        self._when_loaded(submit)

    def generate_missing(self) -> None:
        """Queue one clip for every shot on the timeline that has no video take yet."""
        folder = self.session.doc.path

        def submit(cls) -> None:
            params = self._params()
            if params is None:
                return
            missing = clips.shots_without_clip(self.project)
            from_frame = self.box.from_frame()
            wanted = clips.clip_requests(
                self.project,
                folder,
                params=params,
                seed=self.box.seed.roll(),
                camera=self.box.camera_move(),
                style=self.box.style.style().prompt,
                shots=missing,
                from_frame=from_frame,
            )
            if not missing:
                self.say("Every shot on the timeline has a clip")
            elif from_frame and len(wanted) < len(missing):
                bare = len(clips.shots_without_frame(self.project, missing))
                self.say(
                    f"{bare} shot(s) have no storyboard frame yet: generate their frames, "
                    "or choose “From text” to make their clips without one"
                )
            self._submit(cls, [(w.shot_id, w.request) for w in wanted])

        self._when_loaded(submit)

    def _when_loaded(self, then) -> None:
        """`then(cls)` once the engine is up and the chosen generator imported (off the GUI
        thread); said here, and nothing run, if it cannot be."""

        def loaded(cls) -> None:
            if cls is None:
                choice = self.box.generator
                why = choice.why_not() or "see Generate ▸ Plugins…"
                self.say(f"{choice.generator_id()} is not available: {why}")
            elif self.session is not None:
                then(cls)

        def ready(_engine) -> None:
            self._know_generators()
            self.box.generator.when_loaded(loaded)

        self.hub.when_ready(ready)

    def _params(self):
        try:
            return self.box.generator.params()
        except (InvalidParams, RuntimeError):
            self.say("Some generator parameters are not valid: see the form")
            return None

    def _submit(self, cls, wanted) -> None:
        if wanted:
            self.box.generator.remember(wanted[0][1].params)
        queued = []
        for shot_id, request in wanted:
            if request.inputs and Kind.IMAGE not in cls.accepts:
                request = dataclasses.replace(request, inputs=())  # text → video only
            try:
                job = self.hub.submit(cls, request, target=Target(shot_id=shot_id))
            except (UserError, RuntimeError) as exc:
                self.say(f"Cannot generate a clip: {exc}")
                continue
            self.jobs.add(job, shot_id)
            self.status.queued(shot_id, "clip")
            queued.append(job)
        if queued:
            self.jobs_queued.emit(queued)

    def _landed(self, job, target, asset_ids: list) -> None:
        """A clip of a shot landed in its span (from here, a retry, or anywhere else)."""
        if self.session is None or not target.shot_id or job.generator.output is not Kind.VIDEO:
            return
        if target.shot_id == self.shots.current_shot():
            self._show_picture(self.current_shot())  # the new clip plays
        self.take_added.emit(target.shot_id, asset_ids[0])

    def say(self, text: str) -> None:
        self.hub.say(text)
