"""The Score panel: pick a stretch, fuse a prompt, generate a fitted take, inspect, place, mix."""

from __future__ import annotations

import pickle
import random
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studio.engine.jobs import JobState
from studio.errors import UserError
from studio.plugins.api import Kind
from studio.ui.qt_generator_picker import GeneratorPicker
from studio.ui.qt_params import ERROR_STYLE, SEED_MAX, InvalidParams
from studio.ui.qt_workers import BackgroundWork
from studio.ui.score.qt_clip_controls import ClipControls
from studio.ui.score.qt_melody import MelodyChoice
from studio.ui.score.qt_playback import TakeSoundPlayer
from studio.ui.score.qt_prompt import PromptEditor
from studio.ui.score.qt_range import RangePicker
from studio.ui.score.qt_refit import RefitBanner
from studio.workflows.landing import Target, pick_score_take
from studio.workflows.reel.requests import SCORE_GENERATOR, score_request
from studio.workflows.score import analysis_jobs, mixdown
from studio.workflows.score.fit import fitted
from studio.workflows.score.ranges import sample_count
from studio.workflows.score.refit import RefitOffer, cut_record, refit_offers
from studio.workflows.score.takes import Take, project_takes

# refit_offers scans every clip: once per pause in editing, not once per drag step.
REFIT_SETTLE_MS = 250


class ScorePanel(QWidget):
    take_ready = Signal(object)  # Take, its file written
    take_failed = Signal(object)
    placed = Signal(str)  # the new clip's id
    analysed = Signal(str)  # "waveform", "spectrum" or "loudness" of the selected take
    exported = Signal(str, int)  # path, samples written
    refits_checked = Signal()  # the cut was compared with the placed scores (after edits pause)

    def __init__(self, hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hub = hub
        self.session = None
        self.takes: list[Take] = []
        self._jobs: dict = {}  # Job → Take, for this document's takes
        self.work = BackgroundWork("score", workers=2, parent=self)
        self.player = TakeSoundPlayer(self)
        self.player.position.connect(self._heard)
        self.player.finished.connect(self._playing_ended)
        self.player.opened.connect(self._output_opened)
        self.player.problem.connect(self._say)
        self.views = None  # the pyqtgraph views, built with the first take shown
        self._refit_pending = False
        self._rebuild_pending = False

        self.banner = RefitBanner()
        self.banner.refit.connect(self.refit)
        self.range = RangePicker()
        self.range.changed.connect(self._range_changed)
        self.prompt = PromptEditor()
        self.prompt.fused.connect(self._suggest_params)
        self.choice = GeneratorPicker(Kind.AUDIO, SCORE_GENERATOR, memory="score")
        self.find_button = QPushButton("Find Generators")
        self.find_button.setToolTip("Look for generator plugins now (on a worker thread)")
        self.find_button.clicked.connect(self.find_generators)
        self._suggested: set = set()  # the forms the fused prompt's suggestions went into
        self.melody = MelodyChoice()
        self.choice.chosen.connect(self._generator_chosen)
        self.melody.follow_generator(None)
        self.generate_button = QPushButton("Generate")
        self.generate_button.setDefault(True)
        self.generate_button.clicked.connect(self.generate)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setStyleSheet(ERROR_STYLE)
        self.take_list = QListWidget()
        self.take_list.setMinimumHeight(90)
        self.take_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.take_list.currentRowChanged.connect(self._take_chosen)
        self.place_button = QPushButton("Use This Take")
        self.place_button.setToolTip("Play this take over its range instead of the one in use")
        self.place_button.clicked.connect(self.place_selected)
        self.place_button.setEnabled(False)
        self.clip_controls = ClipControls()
        self.export_button = QPushButton("Export Mixdown…")
        self.export_button.setToolTip("The whole timeline's audio as WAV or FLAC")
        self.export_button.clicked.connect(self._export_dialog)
        self._build_layout()
        self.setEnabled(False)
        if hub is not None:
            hub.engine_ready.connect(self._engine_ready)
            hub.bridge.progress.connect(self._job_progress)
            hub.bridge.ended.connect(self._job_ended)
            hub.landed.connect(self._landed)
            if hub.engine is not None:
                self._engine_ready(hub.engine)

    def _build_layout(self) -> None:
        controls = QWidget()
        column = QVBoxLayout(controls)
        column.addWidget(_group("Range", self.range))
        music = _group("Music", self.prompt)
        music.layout().addWidget(self.choice)
        music.layout().addWidget(self.find_button)
        music.layout().addWidget(self.melody)
        row = QHBoxLayout()
        row.addWidget(self.generate_button)
        row.addWidget(self.progress, 1)
        music.layout().addLayout(row)
        music.layout().addWidget(self.status)
        column.addWidget(music)
        takes = _group("Takes", self.take_list)
        takes.layout().addWidget(self.place_button)
        column.addWidget(takes)
        column.addWidget(self.clip_controls)
        column.addWidget(self.export_button)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(controls)
        scroll.setMinimumWidth(340)

        self.view_area = QWidget()
        right = QVBoxLayout(self.view_area)
        right.setContentsMargins(0, 0, 0, 0)
        self.placeholder = QLabel("Generate a take, or pick one from the list, to see it here.")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        right.addWidget(self.placeholder, 1)
        transport = QHBoxLayout()
        self.play_button = QPushButton("▶ Play")
        self.play_button.clicked.connect(self.play)
        self.stop_button = QPushButton("■ Stop")
        self.stop_button.clicked.connect(lambda: self.player.stop())
        self.cursor_label = QLabel("0.00 s")
        self.cursor_label.setStyleSheet("font-family: monospace;")
        self.zoom_in = QPushButton("+")
        self.zoom_out = QPushButton("−")
        self.fit_button = QPushButton("Fit")
        for button in (self.zoom_in, self.zoom_out, self.fit_button):
            button.setFixedWidth(36 if button is not self.fit_button else 44)
        self.zoom_in.clicked.connect(lambda: self.views and self.views.zoom(2.0))
        self.zoom_out.clicked.connect(lambda: self.views and self.views.zoom(0.5))
        self.fit_button.clicked.connect(lambda: self.views and self.views.fit())
        self.loudness_label = QLabel()
        self.audio_note = QLabel()
        self.audio_note.setStyleSheet("color: #c9a94e;")
        for widget in (self.play_button, self.stop_button, self.cursor_label):
            transport.addWidget(widget)
        transport.addStretch(1)
        transport.addWidget(self.loudness_label)
        transport.addStretch(1)
        for widget in (self.zoom_out, self.zoom_in, self.fit_button):
            transport.addWidget(widget)
        right.addLayout(transport)
        right.addWidget(self.audio_note)
        self.audio_note.hide()  # says so when no sound device opened
        self.play_button.setEnabled(False)
        self.stop_button.setEnabled(False)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(self.view_area)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

    # -- the document ------------------------------------------------------------------------
    def set_session(self, session) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._document_changed)
            self.session.selection_changed.disconnect(self.clip_controls.refresh)
        self.session = session
        self.takes.clear()
        self._jobs.clear()
        self.take_list.clear()
        self._show_take(None)
        if session is not None:
            self._rebuild_takes()
        self.choice.set_session(session)
        self.range.set_session(session)
        self.melody.set_session(session)
        self.clip_controls.set_session(session)
        self.setEnabled(session is not None)
        if session is not None:
            session.changed.connect(self._document_changed)
            session.selection_changed.connect(self.clip_controls.refresh)
            self._check_refits()

    def _document_changed(self, change) -> None:
        takes_changed = change.cause != "apply" or change.items.get("score_ranges")
        if (takes_changed or change.assets) and not self._rebuild_pending:
            self._rebuild_pending = True  # once the landing's own signal is in (_landed)
            QTimer.singleShot(0, self._rebuild_takes)
        if change.cause == "load" or change.script or change.items:
            self.range.refresh_scenes()
        if change.cause != "apply" or change.assets:
            self.melody.refresh()
        if change.clips & {self.clip_controls.clip_id} or change.cause != "apply":
            self.clip_controls.refresh()
        if not self._refit_pending:  # a drag's many steps: look once it has settled
            self._refit_pending = True
            QTimer.singleShot(REFIT_SETTLE_MS, self._check_refits)

    def _range_changed(self, start: int, end: int) -> None:
        self.prompt.fuse(self.session.project, start, end)

    # -- generators ------------------------------------------------------------------------
    def find_generators(self) -> None:
        if self.hub is None:
            self._say("Generation is not available in this window")
            return
        self.hub.when_ready(self._engine_ready)

    def _engine_ready(self, _engine) -> None:
        if not self.choice.known:
            self.choice.set_registry(self.hub.registry, self.hub.import_generators)
            self.find_button.hide()

    def _generator_chosen(self, _generator_id: str) -> None:
        """Only a generator that takes audio follows a melody; a new form gets the fused
        prompt's suggestions (what the project remembers is set after them)."""
        self.melody.follow_generator(self.choice.declared())
        form = self.choice.form
        if form is not None and form not in self._suggested:
            self._suggested.add(form)
            self._suggest_params(self.prompt.prompt)

    def _suggest_params(self, prompt) -> None:
        form = self.choice.form
        if prompt is not None and form is not None:
            form.set_values(prompt.suggested_params(form.params_model))

    # -- generating ------------------------------------------------------------------------
    def generate(self, replaces: str | None = None) -> None:
        """Queue a take for the chosen range with the prompt and parameters shown."""
        span = self.range.range()
        if self.session is None or span is None:
            self._say("Choose a range first: a selection, a scene, or timecodes")
            return
        if self.hub is None:
            self._say("Generation is not available in this window")
            return
        self.hub.when_ready(lambda _engine: self._submit(span, replaces))

    def _submit(self, span: tuple[int, int], replaces: str | None) -> None:
        self._engine_ready(self.hub.engine)
        self.choice.when_loaded(lambda cls: self._queue(span, replaces, cls))

    def _queue(self, span: tuple[int, int], replaces: str | None, cls) -> Take | None:
        if cls is None or self.choice.form is None:
            generator_id = self.choice.generator_id()
            why = self.choice.why_not() or "see Generate ▸ Plugins…"
            self._say(
                f"{generator_id} is not available: {why}"
                if generator_id
                else "No music generator is enabled: see Generate ▸ Plugins…"
            )
            return None
        if self.session is None:
            return None
        try:
            params = self.choice.params()
        except InvalidParams:
            self._say("Some parameters are not valid: see the messages above")
            return None
        project = self.session.project
        start, end = span
        samples = sample_count(project, start, end)
        seed = random.randint(0, SEED_MAX)
        prompt = self.prompt.prompt_text()
        request = score_request(project, start, end, prompt, params, seed, self.melody.inputs())
        fitted_to = cut_record(project, start, end)
        target = Target(
            score=(start, end), follows=self.range.follows(), fitted_to=fitted_to, replaces=replaces
        )
        try:
            job = self.hub.submit(fitted(cls), request, target=target)
        except (UserError, RuntimeError) as exc:
            self._say(str(exc))
            return None
        self.choice.remember(params)
        take = Take(
            len(self.takes) + 1,
            start,
            end,
            samples,
            cls.id,
            request.seed,
            fitted_to,
            job,
            replaces=replaces,
        )
        self._jobs[job] = take
        self.add_take(take)
        self.progress.setValue(0)
        self.progress.show()
        self._say("")
        return take

    def _job_progress(self, job, fraction: float, message: str) -> None:
        if job in self._jobs:
            self.progress.setValue(round(fraction * 100))
            self.progress.setFormat(f"Take {self._jobs[job].number}: %p%")

    def _job_ended(self, job) -> None:
        take = self._jobs.get(job)
        if take is None:
            return
        if job.state is JobState.DONE and job.path is not None:
            return  # it lands in the project next (_landed)
        del self._jobs[job]
        self._hide_progress()
        take.failed = job.error or job.state.value
        self._relabel(take)
        self._say(f"Take {take.number}: {take.failed}")
        self.take_failed.emit(take)

    def _landed(self, job, target, asset_ids: list) -> None:
        """A score take landed over its range (ours, or a retry from the Jobs dock)."""
        if self.session is None or not target.score:
            return
        take = self._jobs.pop(job, None)
        self._hide_progress()
        if take is None:  # a retry: list it as the project has it
            self._rebuild_takes()
            take = next((t for t in self.takes if t.asset_id == asset_ids[0]), None)
            if take is None:
                return
        asset = self.session.project.assets[asset_ids[0]]
        take.asset_id, take.path = asset.id, self.session.doc.path / asset.path
        found = next(r for r in self.session.project.score_ranges if asset.id in r.takes)
        take.range_id = found.id
        self._relabel(take)
        self.take_list.setCurrentRow(self.takes.index(take))
        self.take_ready.emit(take)
        clip = next((c for c in self.session.project.all_clips() if c.asset_id == asset.id), None)
        if clip is not None:
            self.session.select([clip.id])
            self.placed.emit(clip.id)

    def _hide_progress(self) -> None:
        if not self._jobs:
            self.progress.hide()

    def _rebuild_takes(self) -> None:
        """The list as the project has it (its ranges' takes), then takes still generating
        and files opened to inspect; the selected take stays selected."""
        self._rebuild_pending = False
        if self.session is None:
            return
        selected = self.selected_take()
        known = {t.asset_id: t for t in self.takes if t.asset_id}
        fresh = project_takes(self.session.project, self.session.doc.path)
        takes = [known.get(t.asset_id, t) for t in fresh]
        for kept, new in zip(takes, fresh, strict=True):
            kept.start, kept.end, kept.range_id = new.start, new.end, new.range_id
        takes += [t for t in self.takes if t.asset_id is None]
        for number, take in enumerate(takes, start=1):
            take.number = number
        self.takes = takes
        self.take_list.blockSignals(True)
        try:
            self.take_list.clear()
            for take in takes:
                self.take_list.addItem(QListWidgetItem(self._describe(take)))
            if selected in takes:
                self.take_list.setCurrentRow(takes.index(selected))
        finally:
            self.take_list.blockSignals(False)
        if selected is not None and selected not in takes:
            self._show_take(self.selected_take())

    # -- takes -----------------------------------------------------------------------------
    def add_take(self, take: Take) -> None:
        """List a take (a generated one, or an existing file to inspect); a ready one is shown."""
        self.takes.append(take)
        self.take_list.addItem(QListWidgetItem(self._describe(take)))
        if take.path is not None:
            self.take_list.setCurrentRow(len(self.takes) - 1)

    def selected_take(self) -> Take | None:
        row = self.take_list.currentRow()
        return self.takes[row] if 0 <= row < len(self.takes) else None

    def _take_chosen(self, _row: int) -> None:
        self._show_take(self.selected_take())

    def _show_take(self, take: Take | None) -> None:
        ready = take is not None and take.path is not None
        self.place_button.setEnabled(ready and take.asset_id is not None)
        self.player.stop()  # another take, or none: the one playing ends
        self.play_button.setEnabled(ready)
        self.loudness_label.clear()
        if self.views is not None:
            self.views.clear()
        if not ready:
            return
        views = self._ensure_views()
        views.set_length(take.samples / self.session.project.settings.sample_rate)
        path, cache = take.path, analysis_jobs.cache_folder(self.session.doc.path)
        self._analyse(take, "waveform", analysis_jobs.waveform, path, cache)
        self._analyse(take, "spectrum", analysis_jobs.spectrum, path)
        self._analyse(take, "loudness", analysis_jobs.measure_loudness, path)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        # Building the plots (and importing pyqtgraph: a quarter of a second) takes a moment:
        # do it when the panel is shown to the user rather than when a take's analysis
        # arrives. Looked at a turn later: a dock being installed is shown for a moment
        # before it is tabbed away behind another, and that was a start-up stall.
        super().showEvent(event)
        QTimer.singleShot(0, self.views_if_seen)

    def views_if_seen(self) -> None:
        """Build the plots if the user can see the panel now."""
        if self.isVisible() and not self.visibleRegion().isEmpty():
            self._ensure_views()

    def _ensure_views(self):
        if self.views is None:
            from studio.ui.score.qt_views import TakeViews  # pyqtgraph: only once it is needed

            self.views = TakeViews()
            self.views.cursor_moved.connect(lambda s: self.cursor_label.setText(f"{s:.2f} s"))
            self.view_area.layout().replaceWidget(self.placeholder, self.views)
            self.placeholder.deleteLater()
        return self.views

    def _analyse(self, take: Take, kind: str, fn, *args) -> None:
        def done(result) -> None:
            if self.selected_take() is not take or self.views is None:
                return  # another take was chosen meanwhile
            if kind == "waveform":
                self.views.set_waveform(result)
            elif kind == "spectrum":
                self.views.set_spectrum(result)
            else:
                self._show_loudness(take, result)
            self.analysed.emit(kind)

        def failed(error: BaseException) -> None:
            self._say(f"Cannot read take {take.number}: {error}")

        self.work.submit(fn, *args, on_done=done, on_error=failed)

    def _show_loudness(self, take: Take, facts) -> None:
        self.views.set_loudness(facts)
        text = f"Integrated {analysis_jobs.lufs_text(facts.integrated)}"
        if len(facts.short_term):
            text += f" · short-term max {analysis_jobs.lufs_text(float(facts.short_term.max()))}"
        if facts.measured < facts.seconds:
            text += f" (first {facts.measured / 60:.0f} min)"
        self.loudness_label.setText(text)
        take.facts["lufs"] = facts.integrated
        self._relabel(take)

    def _describe(self, take: Take) -> str:
        tc = self.session.timecode
        where = f"{tc(take.start)}–{tc(take.end)}"
        name = take.generator.removeprefix("builtin.")
        if take.failed:
            state = f"failed: {take.failed}"
        elif take.path is None:
            state = "generating…"
        else:
            lufs = take.facts.get("lufs")
            state = analysis_jobs.lufs_text(lufs) if lufs is not None else "ready"
        refit = " · refit" if take.replaces else ""
        return f"Take {take.number} · {where} · {name} · seed {take.seed}{refit} · {state}"

    def _relabel(self, take: Take) -> None:
        item = self.take_list.item(self.takes.index(take))
        if item is not None:
            item.setText(self._describe(take))

    # -- placing ---------------------------------------------------------------------------
    def place_selected(self) -> None:
        """Play the selected take over its range, in place of the one in use (one edit)."""
        take, session = self.selected_take(), self.session
        if take is None or session is None:
            return
        if take.asset_id is None or take.range_id is None:
            self._say(f"Take {take.number} is not a take of a score range")
            return
        result = session.apply(pick_score_take(session.project, take.range_id, take.asset_id))
        clip = (
            next(
                (
                    c
                    for c in session.project.all_clips()
                    if c.id in result.change.clips and c.asset_id == take.asset_id
                ),
                None,
            )
            if result and result.change
            else None
        )
        if clip is not None:
            session.select([clip.id])
            self.placed.emit(clip.id)

    # -- refitting -------------------------------------------------------------------------
    def _check_refits(self) -> None:
        self._refit_pending = False
        if self.session is not None:
            self.banner.show_offers(refit_offers(self.session.project), self._describe_offer)
        self.refits_checked.emit()

    def _describe_offer(self, offer: RefitOffer) -> str:
        clip = self.session.project.clip(offer.score_clip_id)
        tc = self.session.timecode
        old, new = offer.old_range, offer.new_range
        name = clip.name if clip is not None else offer.score_clip_id
        return (
            f"The cut under “{name}” moved: it was scored for {tc(old[0])}–{tc(old[1])}, "
            f"the picture now runs {tc(new[0])}–{tc(new[1])}."
        )

    def refit(self, offer: RefitOffer | None) -> None:
        """Generate a take for the offer's new range that replaces the old score when placed."""
        if offer is None:
            return
        self.range.set_range(*offer.new_range)
        self.banner.dismiss()
        self.generate(replaces=offer.score_clip_id)

    # -- listening and mixing ----------------------------------------------------------------
    def play(self) -> None:
        """Play the selected take from the cursor; the cursor follows what is heard."""
        take = self.selected_take()
        if take is None or take.path is None or self.views is None:
            return
        rate = self.session.project.settings.sample_rate
        start = self.views.cursor()
        length = take.samples / rate
        if start >= length - 0.01:
            start = 0.0  # at the end: play from the top
        self.player.play(take.path, rate, start, length)
        self.play_button.setEnabled(False)
        self.stop_button.setEnabled(True)

    def _heard(self, seconds: float) -> None:
        if self.views is not None:
            self.views.set_cursor(seconds)

    def _playing_ended(self) -> None:
        take = self.selected_take()
        self.play_button.setEnabled(take is not None and take.path is not None)
        self.stop_button.setEnabled(False)

    def _output_opened(self, name: str, audible: bool, why: str) -> None:
        self.audio_note.setText("" if audible else f"{name}: silent ({why})")
        self.audio_note.setVisible(not audible)

    def _export_dialog(self) -> None:
        if self.session is None:
            return
        folder = self.session.doc.path
        suggested = str(Path(folder).parent / f"{Path(folder).stem} mix.wav") if folder else ""
        path, _ = QFileDialog.getSaveFileName(
            self, "Export mixdown", suggested, ";;".join(mixdown.FORMATS.values())
        )
        if path:
            self.export_mixdown(Path(path))

    def export_mixdown(self, out: Path) -> None:
        """Write the timeline's mix to `out` (.wav or .flac) on a worker; `exported` follows."""
        if Path(out).suffix.lower() not in mixdown.FORMATS:
            out = Path(out).with_suffix(".wav")
        snapshot = pickle.dumps(self.session.project)  # the cut as it is now
        self.export_button.setEnabled(False)
        self._say("")
        self.status.setStyleSheet("")
        self.status.setText(f"Exporting {Path(out).name}…")

        def done(samples: int) -> None:
            self.export_button.setEnabled(True)
            self.status.setText(f"Exported {Path(out).name}: {samples:,} samples")
            self.exported.emit(str(out), samples)

        def failed(error: BaseException) -> None:
            self.export_button.setEnabled(True)
            self._say(f"Cannot export {Path(out).name}: {error}")

        self.work.submit(
            mixdown.export_snapshot,
            snapshot,
            self.session.doc.path,
            Path(out),
            on_done=done,
            on_error=failed,
        )

    def watch_window(self, window) -> None:
        """Stop the panel's work once `window` has closed (it may still refuse to)."""
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is getattr(self, "_window", None) and event.type() == QEvent.Type.Close:
            QTimer.singleShot(0, self._after_close)
        return False

    def _after_close(self) -> None:
        if not self._window.isVisible():
            self.shutdown()

    def shutdown(self) -> None:
        """No more results arrive here: queued analyses are dropped, playback stops."""
        self.work.shutdown()
        self.player.stop()

    def _say(self, text: str) -> None:
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(text)
        self.status.setVisible(bool(text))


def _group(title: str, widget: QWidget) -> QGroupBox:
    box = QGroupBox(title)
    layout = QVBoxLayout(box)
    layout.addWidget(widget)
    return box
