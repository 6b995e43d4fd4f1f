"""Generation in the editor: the engine (started on first use), the Jobs dock and the Generate menu.

An entry of studio.ui.qt_panels: `install_generation(context)` once per main window.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studio.engine.discovery import LOADED
from studio.engine.jobs import Job, JobState
from studio.engine.models.required import ModelNotInstalled
from studio.errors import UserError
from studio.model.entities import Settings
from studio.plugins.api import Kind, Request
from studio.ui.qt_action_registry import ActionSpec
from studio.ui.qt_bridge import EngineBridge
from studio.ui.qt_generator_picker import GeneratorPicker
from studio.ui.qt_jobs import JobsDock
from studio.ui.qt_params import ERROR_STYLE, SEED_MAX, InvalidParams, ParamForm, SeedField
from studio.ui.qt_plugins import PluginManager
from studio.ui.qt_workers import BackgroundWork
from studio.workflows.landing import Target, bring_in, landing_edit, place_existing

if TYPE_CHECKING:
    from studio.engine import Engine, Registry
    from studio.plugins.api import Generator
    from studio.ui.qt_app_context import AppContext
    from studio.ui.qt_session import EditSession

HUB_NAME = "storyreel-generation"
WORKER_NICE = 10
NOT_INSTALLED_BOX = "storyreel-model-not-installed"


def install_generation(context: AppContext, registry: Registry | None = None) -> GenerationHub:
    """Add the Jobs dock and the Generate menu (`context.generation`); a second call returns
    the first hub.

    `registry` skips plugin discovery (tests); by default plugins are discovered on a
    worker thread the first time generation is used, and the engine is built then.
    """
    existing = context.generation
    if existing is not None:
        if registry is not None and existing.engine is None:
            existing.registry = registry  # not started yet: use the caller's plugins
        return existing
    hub = GenerationHub(context, registry)
    context.docks.add("Jobs", hub.jobs, Qt.DockWidgetArea.BottomDockWidgetArea)
    hub.register_actions()
    context.generation = hub
    return hub


class GenerationHub(QObject):
    """Owns the engine and its bridge for one window; shuts the engine down when it closes."""

    engine_ready = Signal(object)  # Engine
    placed = Signal(list)  # the new clip ids of a placed take
    landed = Signal(object, object, list)  # Job, its Target, the new takes' asset ids

    def __init__(self, context: AppContext, registry: Registry | None = None) -> None:
        super().__init__(context.host)
        self.setObjectName(HUB_NAME)
        self.context = context
        self.host = context.host  # dialogs open over it; the engine stops when it closes
        self.registry = registry
        self.engine: Engine | None = None
        self.bridge = EngineBridge(self)
        self.jobs = JobsDock(self.bridge)
        self.jobs.set_can_place(True)
        self.jobs.place_requested.connect(self.place)
        self.jobs.message.connect(self.say)
        self.bridge.ended.connect(self._job_ended)
        self.plugin_manager: PluginManager | None = None
        self.generate_dialog: GenerateDialog | None = None
        self.closing: threading.Thread | None = None
        self.work = BackgroundWork(parent=self)  # discovery and landing, answered here
        self._waiting: list[Callable[[Engine], None]] = []
        self._discovering = False
        self._cluster: Any = None  # studio.engine.cluster.Cluster, joined off the GUI thread
        self._shut = False
        # Jobs whose takes landed, and the takes' asset ids (Place puts them again).
        self._landed: dict[Job, list[str]] = {}
        self.host.installEventFilter(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    # -- the engine, built on first use ---------------------------------------------------
    def when_ready(self, then: Callable[[Engine], None]) -> None:
        """Call `then(engine)` now if the engine is up, else once plugins are discovered."""
        if self._shut:
            self.say("Generation has shut down with its window")
            return
        if self.engine is not None:
            then(self.engine)
            return
        self._waiting.append(then)
        if self.registry is not None:
            self._start_engine(self.registry)
        elif not self._discovering:
            self._discovering = True
            self.say("Finding generator plugins…")
            self.work.run_in_thread(
                self._discover, on_done=self._discovered, name="storyreel-discover"
            )

    def _discover(self) -> Any:
        """(worker thread) Discovery probes and imports plugins without a manifest; the window
        stays live."""
        from studio.engine import discover
        from studio.engine.cluster import joined_cluster

        try:
            found: Any = discover()
            self._cluster = joined_cluster()  # the Ray cluster jobs go to, if set
            # Manifest plugins stay unimported: each is imported when first chosen or run
            # (`import_generators`), so one plugin's import cost reaches only its own use.
        except Exception as exc:  # noqa: BLE001 - discovery reports plugins' errors itself
            found = exc
        return found

    def _discovered(self, found: Any) -> None:
        self._discovering = False
        if self._shut:
            return
        if isinstance(found, Exception):
            self._waiting.clear()
            self.say(f"Plugin discovery failed: {found}")
            return
        self._start_engine(found)

    def import_generators(self, ids: list[str], then: Callable[[], None]) -> None:
        """Import the named generators' plugins on a thread, then call `then()` here; at once
        if they are imported already. A plugin whose import fails is marked broken in the
        registry (`registry.get` then says why). Needs the registry (`when_ready`)."""
        registry = self.registry
        records = [registry.record(i) for i in ids] if registry is not None else []
        if all(r is None or r.imported or r.status != LOADED for r in records):
            then()
            return
        self.work.run_in_thread(
            _import_generators,
            registry,
            ids,
            on_done=lambda _: then(),
            on_error=lambda _: then(),
            name="storyreel-plugin-import",
        )

    def when_imported(self, ids: list[str], then: Callable[[Engine], None]) -> None:
        """`when_ready`, with the named generators imported first (off the GUI thread)."""
        self.when_ready(lambda engine: self.import_generators(ids, lambda: self._still(then)))

    def _still(self, then: Callable[[Engine], None]) -> None:
        if self.engine is not None:  # not shut down meanwhile
            then(self.engine)

    def _start_engine(self, registry: Registry) -> None:
        from studio.engine import Engine

        self.registry = registry
        # torch leaves the GUI thread a core of its own (studio.engine.devices), and the
        # worker processes yield to it, as the media workers do (docs/benchmarks.md).
        self.engine = Engine(
            registry, cpu_threads="auto", worker_nice=WORKER_NICE, cluster=self._cluster
        )
        self.bridge.attach(self.engine)
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then(self.engine)
        self.engine_ready.emit(self.engine)

    def shutdown(self) -> threading.Thread | None:
        """Cancel every job and close the engine on a helper thread (the GUI never waits)."""
        if self._shut:
            return self.closing
        self._shut = True
        self._waiting.clear()
        self.bridge.detach()
        engine, self.engine = self.engine, None
        if engine is not None:
            self.closing = threading.Thread(target=engine.close, name="storyreel-engine-close")
            self.closing.start()
        return self.closing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.host and event.type() == QEvent.Type.Close:
            # The window may still refuse to close (unsaved changes): look once it has decided.
            QTimer.singleShot(0, self._after_close)
        return False

    def _after_close(self) -> None:
        try:
            closed = not self.host.isVisible()
        except RuntimeError:
            closed = True  # the window is already gone
        if closed:
            self.shutdown()

    # -- menus and dialogs ----------------------------------------------------------------
    def register_actions(self) -> None:
        """The Generate menu: Generate…, Plugins…, Models…, then Show Jobs."""
        add = self.context.actions.add
        self.generate_action = add(
            ActionSpec("generate", "&Generate…", "generate", "generate", shortcuts=("Ctrl+G",)),
            lambda: self.open_generate_dialog(),
        )
        self.plugins_action = add(
            ActionSpec("plugins", "&Plugins…", "generate", "generate"), self.open_plugin_manager
        )
        self.models_action = add(
            ActionSpec("models", "&Models…", "generate", "generate"), lambda: self.open_models()
        )
        add(ActionSpec("show_jobs", "Show &Jobs", "generate", "jobs"), self.show_jobs)

    def open_models(self, select: str | None = None):
        from studio.ui.models.qt_models_window import open_models_window

        return open_models_window(self.host, select=select)

    def offer_models(self, exc: ModelNotInstalled) -> None:
        """Say that a generation's model is not installed, and offer the Models window
        (a message box that does not block: the editor goes on meanwhile)."""
        self.say(str(exc))
        box = self.host.findChild(QMessageBox, NOT_INSTALLED_BOX)
        if box is None:
            box = QMessageBox(self.host)
            box.setObjectName(NOT_INSTALLED_BOX)
            box.setIcon(QMessageBox.Icon.Information)
            box.setWindowTitle("Model not installed")
            box.setStandardButtons(QMessageBox.StandardButton.Cancel)
            box.open_button = box.addButton("Open Models…", QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(box.open_button)
            box.open_button.clicked.connect(lambda: self.open_models(box.model))
        box.model = exc.model  # the model of the latest refusal
        box.setText(str(exc))
        box.open()

    def open_plugin_manager(self) -> None:
        self.when_ready(lambda _engine: self._show_plugins())

    def _show_plugins(self) -> None:
        if self.plugin_manager is None:
            self.plugin_manager = PluginManager(self.registry, self.host)
            self.plugin_manager.finished.connect(self._plugins_closed)
        self.plugin_manager.show()
        self.plugin_manager.raise_()

    def _plugins_closed(self) -> None:
        self.plugin_manager.deleteLater()
        self.plugin_manager = None

    def open_generate_dialog(self, generator_id: str | None = None) -> None:
        self.when_ready(lambda _engine: self._show_generate(generator_id))

    def _show_generate(self, generator_id: str | None) -> None:
        if self.generate_dialog is not None:
            self.generate_dialog.close()
        self.generate_dialog = GenerateDialog(self, generator_id, self.host)
        self.generate_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.generate_dialog.destroyed.connect(self._generate_closed)
        self.generate_dialog.show()

    def _generate_closed(self) -> None:
        self.generate_dialog = None

    def show_jobs(self) -> None:
        dock = self.context.docks.get("Jobs")
        if dock is not None:
            dock.show()
            dock.raise_()

    def say(self, text: str) -> None:
        self.context.say(text)

    # -- jobs and takes ---------------------------------------------------------------------
    def session(self) -> EditSession | None:
        return self.context.session

    def media_dir(self) -> Path:
        """The project's media/ folder; takes for an unsaved project wait in the user folder."""
        session = self.session()
        if session is not None and session.doc.path is not None:
            return Path(session.doc.path) / "media"
        from studio.paths import user_data_dir

        return user_data_dir() / "takes"

    def submit(
        self,
        generator: str | type[Generator],
        request: Request,
        place_at: int | None = None,
        target: Target | None = None,
    ) -> Job:
        """Queue a job (the engine must be up). Once done, its take lands in the project
        through the one landing path: as `target` says (a shot, a score range), or at frame
        `place_at`. Raises UserError for a request the generator cannot take."""
        if self.engine is None:
            raise UserError("the generation engine is not running")
        if target is None and place_at is not None:
            target = Target(at=place_at)
        try:
            job = self.engine.submit(generator, request, media_dir=self.media_dir(), target=target)
        except ModelNotInstalled as exc:
            self.offer_models(exc)
            raise
        self.show_jobs()
        return job

    def _job_ended(self, job: Job) -> None:
        # Retries carry their job's target too, so a retried take lands where the first would.
        if job.state is JobState.DONE and job.target is not None:
            self.land(job, job.target)

    def place(self, job: Job, at_frame: int | None = None) -> None:
        """The Jobs dock's Place: the take at the playhead (or `at_frame`), one undo step.
        A take that already landed is placed again from the project's media."""
        session = self.session()
        if session is None or job.path is None or self.engine is None:
            self.say("Open a project to place a take")
            return
        frame = session.playhead if at_frame is None else at_frame
        landed = self._landed.get(job)
        asset = session.project.assets.get(landed[0]) if landed else None
        if asset is None:
            self.land(job, Target(at=frame))
            return
        edit, clip_ids = place_existing(session.project, asset, frame)
        result = session.apply(edit, quiet=True)
        if not result:
            self.say(f"Cannot place {asset.name}: {result.reason}")
        else:
            session.select(clip_ids)
            self.say(f"Placed {asset.name} at {session.timecode(frame)}")
            self.placed.emit(clip_ids)

    def land(self, job: Job, target: Target) -> None:
        """Bring a done job's files into the open project on the CPU pool, then apply the
        one landing edit here. A job made for another project lands nowhere."""
        session = self.session()
        if session is None or self.engine is None:
            return
        if job.media_dir is not None and Path(job.media_dir) != self.media_dir():
            self.say(f"Job #{job.id} was made for another project; its file stays in {job.path}")
            return
        folder = session.doc.path
        future = self.engine.run_cpu(bring_in, folder, job)
        landing = partial(self._landing, session, job, target, future)
        self.work.when_done(future, on_done=lambda _: landing(), on_error=lambda _: landing())

    def _landing(self, session: EditSession, job: Job, target: Target, done: Future) -> None:
        if session is not self.session():
            return  # the project was closed meanwhile
        try:
            assets = done.result()
        except Exception as exc:  # noqa: BLE001 - any failure is shown, not raised into Qt
            self.say(f"Cannot bring in the take of job #{job.id}: {exc}")
            return
        result = session.apply(landing_edit(session.project, assets, target), quiet=True)
        if not result and (target.shot_id or target.score or target.line):
            # The shot (range, line) went while the job ran: keep the take as media.
            self.say(f"Job #{job.id}: {result.reason}")
            result = session.apply(landing_edit(session.project, assets, None), quiet=True)
        if not result:
            self.say(f"Cannot place the take of job #{job.id}: {result.reason}")
            return
        ids = [a.id for a in assets]
        self._landed[job] = ids
        clip_ids = sorted(
            c
            for c in result.change.clips
            if (clip := session.project.clip(c)) is not None and clip.asset_id == ids[0]
        )
        if target.at is not None and clip_ids:
            session.select(clip_ids)
            self.say(f"Placed {assets[0].name} at {session.timecode(target.at)}")
            self.placed.emit(clip_ids)
        self.landed.emit(job, target, ids)


class GenerateDialog(QDialog):
    """Pick a generator, describe the take, set its parameters; Generate queues the job."""

    def __init__(self, hub: GenerationHub, generator_id: str | None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Generate")
        self.resize(560, 640)
        self.hub = hub
        session = hub.session()
        settings = session.project.settings if session is not None else Settings()
        self.fps, self.sample_rate = float(settings.fps), settings.sample_rate
        self.choice = GeneratorPicker()  # every output kind
        self.choice.set_registry(hub.registry, hub.import_generators)
        self.prompt = QPlainTextEdit()
        self.prompt.setPlaceholderText("What to make: a shot, a title, a mood…")
        self.prompt.setTabChangesFocus(True)
        self.prompt.setFixedHeight(80)
        self.negative = QLineEdit(placeholderText="What to avoid (optional)")
        self.seed = SeedField(random.randint(0, SEED_MAX))
        self.width_spin = _spin(16, 8192, settings.width)
        self.height_spin = _spin(16, 8192, settings.height)
        size = QWidget()
        size_row = QHBoxLayout(size)
        size_row.setContentsMargins(0, 0, 0, 0)
        size_row.addWidget(self.width_spin)
        size_row.addWidget(QLabel("×"))
        size_row.addWidget(self.height_spin)
        self.duration = QDoubleSpinBox(decimals=2, minimum=0.1, maximum=3600.0, suffix=" s")
        self.duration.setValue(settings.still_frames / self.fps)
        self.place = QCheckBox("Place the take at the playhead when done")
        self.place.setChecked(session is not None)
        self.place.setEnabled(session is not None)
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.error = QLabel()
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.fields = QFormLayout()
        self.choice.layout_.removeWidget(self.choice.combo)  # the form scrolls, not the combo
        self.fields.addRow("Generator", self.choice.combo)
        self.fields.addRow("Prompt", self.prompt)
        self.fields.addRow("Avoid", self.negative)
        self.fields.addRow("Seed", self.seed)
        self.fields.addRow("Size", size)
        self.fields.addRow("Duration", self.duration)
        self._watched: set[ParamForm] = set()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.generate_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.generate_button.setText("Generate")
        self.buttons.accepted.connect(self.generate)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.fields)
        layout.addWidget(QLabel("Parameters"))
        layout.addWidget(self.form_area, 1)
        layout.addWidget(self.place)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.form_area.setWidget(self.choice)
        self.choice.chosen.connect(self._generator_changed)
        if generator_id:
            self.choice.choose(generator_id)
        self._generator_changed()
        if not self.choice.usable_count():
            self.error.setText("No generator is enabled: see Generate ▸ Plugins…")
            self.generate_button.setEnabled(False)

    @property
    def form(self) -> ParamForm | None:
        """The chosen generator's parameters (None while its plugin is loading)."""
        return self.choice.form

    def generator(self) -> type[Generator] | None:
        return self.choice.generator()

    def _generator_changed(self, *_args) -> None:
        declared = self.choice.declared()
        form = self.choice.form
        self.generate_button.setEnabled(form is not None and form.is_valid())
        if form is not None and form not in self._watched:
            self._watched.add(form)
            form.validity_changed.connect(self._validity_changed)
        if declared is None:
            return
        visual = declared.output in (Kind.IMAGE, Kind.VIDEO)
        self.fields.setRowVisible(self.fields.rowCount() - 2, visual)
        self.fields.setRowVisible(self.fields.rowCount() - 1, declared.output is not Kind.TEXT)
        self.error.clear()

    def _validity_changed(self, valid: bool) -> None:
        if self.sender() is self.choice.form:
            self.generate_button.setEnabled(valid)

    def request(self) -> Request:
        """The request the dialog describes; raises InvalidParams for bad parameters."""
        return Request(
            prompt=self.prompt.toPlainText().strip(),
            negative_prompt=self.negative.text().strip(),
            params=self.choice.params(),
            seed=self.seed.value(),
            width=self.width_spin.value(),
            height=self.height_spin.value(),
            duration=self.duration.value(),
            fps=self.fps,
            sample_rate=self.sample_rate,
        )

    def generate(self) -> Job | None:
        cls = self.generator()
        if cls is None:
            return None
        try:
            request = self.request()
        except InvalidParams:
            self.error.setText("Some parameters are not valid: see the messages above.")
            return None
        session = self.hub.session()
        at = session.playhead if session is not None and self.place.isChecked() else None
        try:
            job = self.hub.submit(cls, request, place_at=at)
        except (UserError, RuntimeError) as exc:
            self.error.setText(str(exc))
            return None
        self.accept()
        return job


def _import_generators(registry: Registry, ids: list[str]) -> None:
    """(worker thread) Import each named plugin; a failure is recorded on its record."""
    for generator_id in ids:
        try:
            registry.get(generator_id)
        except UserError:
            pass  # unknown, disabled or broken: registry.get says so when asked again


def _spin(low: int, high: int, value: int) -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(low, high)
    spin.setValue(value)
    return spin
