"""The main window: dockable panels, menus, toolbar, status bar, open/save/recover, layout."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from studio.errors import StoryreelError
from studio.model import Document, Settings
from studio.model.files import (
    Autosaver,
    create_project,
    discard_autosave,
    load_project,
    recovery_available,
    recovery_refused,
    save_project,
)
from studio.settings import Settings as UserSettings
from studio.settings import SettingsFile
from studio.ui.gui_process import freeze_long_lived
from studio.ui.qt_action_registry import ActionRegistry
from studio.ui.qt_actions import build_actions, build_toolbar
from studio.ui.qt_app_context import AppContext, Docks
from studio.ui.qt_asset_bin import AssetBin
from studio.ui.qt_import import ImportController
from studio.ui.qt_media_pictures import MediaPictures
from studio.ui.qt_recovery import ask_recovery
from studio.ui.qt_session import EditSession
from studio.ui.qt_transport import Transport
from studio.ui.qt_viewer import Viewer
from studio.ui.qt_workers import BackgroundWork
from studio.ui.timeline.qt_timeline import TimelinePanel

# QMessageBox and QFileDialog are imported in the methods that use them: importing a Qt
# class makes Python enums of all its enums, and start-up need not pay for dialogs.
LAYOUT_VERSION = 2  # 2: the Score panel moved above the timeline
AUTOSAVE_DELAY = 5.0  # seconds of quiet after an edit
MESSAGE_MS = 8000
# A loaded machine took 5 s to preload the panels; only a hung import should reach this.
PRELOAD_PATIENCE_S = 30.0
PRELOAD_AFTER_MS = 1500  # the panels' imports begin by then, with or without a project


class MainWindow(QMainWindow):
    ask_before_closing = True  # tests switch it off to close modified documents silently

    def __init__(self, panels: str = "now") -> None:
        """`panels="later"` shows the editor first and installs the generative panels from
        the event loop (what `run_app` does: the window is up sooner); "now" installs them
        before returning (tests, scripts)."""
        super().__init__()
        self.setWindowTitle("Storyreel")
        self.resize(1440, 900)
        self.setDockNestingEnabled(True)
        self.autosaver: Autosaver | None = None
        self.work = BackgroundWork("media", workers=2, parent=self)
        self.pictures = MediaPictures(self.work, self)
        self.importer = ImportController(self.work, lambda: self.session, self)
        self.timeline = TimelinePanel(self.pictures, self.importer)
        self.asset_bin = AssetBin(self.pictures)
        # The viewer decodes on its own thread so thumbnails never hold up the playhead.
        self.viewer_work = BackgroundWork("viewer", workers=1, parent=self)
        self.viewer = Viewer(self.viewer_work)
        self.transport = Transport(self)
        # The menus and actions by id, and the docks by name: the panels' installers add
        # theirs through `context` (studio.ui.qt_app_context), never through the window.
        self.actions = ActionRegistry(self.menuBar(), self)
        self.docks = Docks(self, self.actions)
        self.context = AppContext(
            host=self,
            actions=self.actions,
            docks=self.docks,
            say=self.show_message,
            open_project=self.open_project,
            work=self.work,
            pictures=self.pictures,
            viewer=self.viewer,
            transport=self.transport,
            asset_bin=self.asset_bin,
        )
        # Panels installed later (script, storyboard, score, clips...) that follow the open
        # document: each has set_session(session), called for every document shown.
        self.session_panels = self.context.followers
        # Every panel is a dock; the central widget is an empty placeholder Qt requires.
        placeholder = QWidget()
        placeholder.hide()
        self.setCentralWidget(placeholder)
        build_actions(self, self.actions)
        self.addToolBar(build_toolbar(self, self.actions))
        top = Qt.DockWidgetArea.TopDockWidgetArea
        self.add_panel("Media", self.asset_bin, top)
        self.add_panel("Viewer", self.viewer, top)
        self.splitDockWidget(self.docks["Media"], self.docks["Viewer"], Qt.Orientation.Horizontal)
        self.add_panel("Timeline", self.timeline, Qt.DockWidgetArea.BottomDockWidgetArea)
        jobs = QLabel("No jobs yet. Generation jobs will be listed here.")
        jobs.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.docks.add("Jobs", jobs, top, tab_with="Media")
        self.resizeDocks([self.docks["Timeline"]], [400], Qt.Orientation.Vertical)
        self.resizeDocks([self.docks["Media"]], [380], Qt.Orientation.Horizontal)
        self._default_state = self.saveState(LAYOUT_VERSION)
        self._build_status_bar()
        self._autosave_timer = QTimer(self, interval=1000)
        self._autosave_timer.timeout.connect(self._autosave)
        # Autosaves are encoded and written (fsync included) on one thread, in order.
        self._autosave_writer: ThreadPoolExecutor | None = None
        self._autosave_job: Future | None = None
        self.settings = SettingsFile()
        if panels == "now":
            self.install_panels()  # restores the layout once the panels' docks exist
        else:
            self._restore_layout()
            self._panels_pending = True  # installed once the first frame is on screen
            # Their engine and rules are imported off the GUI thread once the first
            # project's picture is on screen (or PRELOAD_AFTER_MS after the window without
            # one): begun with the window, those imports competed with opening the project,
            # and input waited up to 99 ms at a later start (37-70 ms with them after it).
            self._preloading = threading.Thread(
                target=_preload_panels, name="storyreel-preload", daemon=True
            )
            self.viewer.presented.connect(self._start_preload)
            QTimer.singleShot(PRELOAD_AFTER_MS, self, self._start_preload)
        self._fill_recent_menu()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if getattr(self, "_panels_pending", False):
            self._panels_pending = False
            QTimer.singleShot(0, lambda: self._install_when_preloaded(time.monotonic()))

    def _start_preload(self, _frame: int | None = None) -> None:
        if self._preloading.ident is None:  # not started yet: once only
            self.viewer.presented.disconnect(self._start_preload)
            self._preloading.start()

    def _install_when_preloaded(self, since: float) -> None:
        """Install the panels once their modules are imported off the GUI thread (the GUI
        thread importing them meanwhile would wait on the same import locks). A preload
        that has not finished in PRELOAD_PATIENCE_S is given up on: the GUI imports the rest."""
        preloading = getattr(self, "_preloading", None)
        waited = time.monotonic() - since
        loading = preloading is not None and (preloading.ident is None or preloading.is_alive())
        if loading and waited < PRELOAD_PATIENCE_S:
            QTimer.singleShot(20, lambda: self._install_when_preloaded(since))
            return
        self.install_panels(staged=True)

    def install_panels(self, staged: bool = False) -> None:
        """Dock the script, storyboard, score and clips panels, the Jobs list and the rest
        (studio.ui.qt_panels), then put every dock where the user last left it; `staged`
        installs one panel per turn of the event loop."""
        if getattr(self, "_panels_installed", False):
            return
        self._panels_installed = True
        from studio.ui.qt_panels import install_panels

        install_panels(self.context, then=self._restore_layout, staged=staged)

    # -- what the panels add, kept in the context -------------------------------------------
    @property
    def session(self) -> EditSession | None:
        return self.context.session

    @session.setter
    def session(self, session: EditSession | None) -> None:
        self.context.session = session
        self.actions.refresh()

    @property
    def generation(self):
        return self.context.generation

    @property
    def taste(self):
        return self.context.taste

    @property
    def sound(self):
        return self.context.sound

    @property
    def proxies(self):
        return self.context.proxies

    # -- panels ----------------------------------------------------------------------------
    def add_panel(self, name: str, widget: QWidget, area: Qt.DockWidgetArea):
        """Dock a panel (script, storyboard, score, clips, jobs...); its layout is remembered."""
        return self.docks.add(name, widget, area)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.timecode_label = QLabel("00:00:00:00")
        self.timecode_label.setStyleSheet("font-family: monospace; padding: 0 8px;")
        self.mode_label = QLabel()
        bar.addPermanentWidget(self.mode_label)
        bar.addPermanentWidget(self.timecode_label)
        self.transport.rate_changed.connect(self._show_mode)

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, MESSAGE_MS)

    def _show_mode(self, *_args) -> None:
        parts = ["Razor" if self.timeline.canvas.tool == "razor" else "Select"]
        if self.session is not None:
            parts.append("snap" if self.session.snapping else "no snap")
        if self.transport.playing:
            # The viewer's status line says what plays the sound; shuttling has none.
            with_sound = self.transport.rate == 1.0 and self.transport.sound is not None
            parts.append(f"▶ {self.transport.rate:g}×" + ("" if with_sound else " (no sound)"))
        self.mode_label.setText(" · ".join(parts))

    # -- documents -------------------------------------------------------------------------
    def set_document(self, doc: Document, staged: bool = False) -> None:
        """Show a document in every panel; the previous one is let go. `staged` shows it in
        the editor (timeline, bin, viewer) at once and in each other panel on a later turn of
        the event loop (at start-up: all at once held input for up to 170 ms)."""
        if self.session is not None:
            self.session.close()
        self.session = EditSession(doc, self)
        self.session.message.connect(self.show_message)
        self.session.changed.connect(self._update_title)
        self.session.playhead_moved.connect(
            lambda f: self.timecode_label.setText(self.session.timecode(f))
        )
        self.session.snapping_changed.connect(self._show_mode)
        self.pictures.set_project_folder(doc.path)
        for panel in (self.timeline, self.asset_bin, self.viewer, self.transport):
            panel.set_session(self.session)
        if staged:
            session, panels = self.session, list(self.session_panels)
            QTimer.singleShot(0, self, lambda: self._follow_later(session, panels))
        else:
            for panel in self.session_panels:
                panel.set_session(self.session)
        self.actions["snapping"].setChecked(self.session.snapping)
        self.autosaver = Autosaver(doc, AUTOSAVE_DELAY) if doc.path is not None else None
        self._autosave_timer.start()
        self._update_title()
        self._show_mode()
        if doc.path is not None:
            self._remember_soon(lambda s: s.editor.remember(doc.path), then=self._fill_recent_menu)
        freeze_long_lived()  # the project's objects, out of the cyclic collector's way

    def _follow_later(self, session: EditSession, panels: list) -> None:
        """Hand `session` to one panel per turn of the event loop, while it is still open."""
        if not panels or self.session is not session:
            return
        panels.pop(0).set_session(session)
        QTimer.singleShot(0, self, lambda: self._follow_later(session, panels))

    def open_project(self, path: str | Path, staged: bool = False) -> bool:
        """Open a project folder, offering a newer autosave first; False if it cannot."""
        from PySide6.QtWidgets import QMessageBox

        folder = Path(path)
        if not self._may_discard():
            return False
        try:
            recover = recovery_available(folder) and ask_recovery(self, folder)
            doc = load_project(folder, recover=recover)
        except StoryreelError as exc:
            self.show_message(str(exc))
            QMessageBox.warning(self, "Cannot open project", str(exc))
            return False
        self.set_document(doc, staged=staged)
        note = "Recovered unsaved work from autosave" if recover else f"Opened {folder.name}"
        refused = "" if recover else recovery_refused(folder)
        if refused:
            note += f" — a newer autosave was not offered: it would not load ({refused})"
        offline = [a.name for a in doc.project.assets.values() if a.offline]
        if offline:
            note += f" — {len(offline)} media file(s) missing, e.g. {offline[0]}"
        self.show_message(note)
        return True

    def open_sample(self, early: Future[Path] | None = None) -> None:
        """Open the sample project: at once when it is built (most starts), else once a
        child process has built it (`studio.ui.first_project`). `early` is that build when
        `storyreel` began it before importing Qt."""
        from studio.sample_record import ready_sample
        from studio.ui.first_project import start_sample_early

        if early is None:
            ready = ready_sample()
            if ready is not None and self.open_project(ready, staged=True):
                return
            early = start_sample_early()
        self.show_message("Preparing the sample project…")
        self.work.when_done(
            early,
            on_done=lambda path: self.open_project(path, staged=True),
            on_error=self._sample_failed,
        )

    def warm_up(self) -> None:
        """Start the worker processes while the user looks at the window."""
        self.work.warm_up()
        self.viewer_work.warm_up()

    def _sample_failed(self, error: BaseException) -> None:
        self.set_document(Document())  # an empty, unsaved project to work in
        self.show_message(f"Sample project unavailable ({error}); started an empty project")

    def save(self) -> bool:
        from PySide6.QtWidgets import QMessageBox

        doc = self.session.doc
        if doc.path is None:
            return self.save_as_dialog()
        self._finish_autosave()
        try:
            save_project(doc)
        except StoryreelError as exc:
            QMessageBox.warning(self, "Cannot save", str(exc))
            return False
        self._update_title()
        self.show_message(f"Saved {doc.path.name}")
        return True

    def save_as_dialog(self) -> bool:
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        path, _ = QFileDialog.getSaveFileName(self, "Save project as", "", "Projects (*.storyreel)")
        if not path:
            return False
        folder = Path(path)
        if folder.suffix != ".storyreel":
            folder = folder.with_name(folder.name + ".storyreel")
        try:
            self._finish_autosave()
            save_project(self.session.doc, folder)
        except StoryreelError as exc:
            QMessageBox.warning(self, "Cannot save", str(exc))
            return False
        self.set_document(self.session.doc)
        return True

    def new_project_dialog(self) -> None:
        """Name, folder, frame rate, frame size and sample rate, then an empty project."""
        from studio.ui.qt_project_settings import ProjectSettingsDialog

        dialog = ProjectSettingsDialog(Settings(), new=True, parent=self)
        dialog.accepted.connect(lambda: self._create(dialog))
        dialog.open()
        self.project_dialog = dialog

    def _create(self, dialog) -> None:
        from PySide6.QtWidgets import QMessageBox

        if not self._may_discard():
            return
        try:
            self.set_document(create_project(dialog.location(), dialog.settings()))
        except StoryreelError as exc:
            QMessageBox.warning(self, "Cannot create project", str(exc))

    def project_settings_dialog(self) -> None:
        """The open project's frame rate, size and sample rate, changed as one edit."""
        from studio.model.edits import UpdateSettings
        from studio.ui.qt_project_settings import ProjectSettingsDialog

        project = self.session.project
        locked = "The frame rate can change only while the timeline is empty"
        dialog = ProjectSettingsDialog(
            project.settings,
            new=False,
            fps_locked=locked if project.clip_count() else "",
            parent=self,
        )

        def apply() -> None:
            chosen = dialog.settings()
            fields = {
                name: getattr(chosen, name)
                for name in ("fps", "width", "height", "sample_rate")
                if getattr(chosen, name) != getattr(project.settings, name)
            }
            if fields:
                self.session.apply(UpdateSettings(fields))

        dialog.accepted.connect(apply)
        dialog.open()
        self.project_dialog = dialog

    def open_project_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        path = QFileDialog.getExistingDirectory(self, "Open project folder (*.storyreel)")
        if path:
            self.open_project(path)

    def import_dialog(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        files, _ = QFileDialog.getOpenFileNames(self, "Import media")
        if files:
            self.importer.import_files(files)

    def set_tool(self, tool: str) -> None:
        self.timeline.canvas.tool = tool
        self.actions["select_tool"].setChecked(tool == "select")
        self.actions["razor_tool"].setChecked(tool == "razor")
        self.timeline.canvas.unsetCursor()
        self._show_mode()

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        sound = self.context.sound
        output = sound.playout.output_name if sound is not None and sound.playout else ""
        heard = f"\n\nSound plays through: {output}." if output else ""
        QMessageBox.about(self, "Storyreel", f"Storyreel — a film workstation.{heard}")

    def _autosave(self, at_once: bool = False) -> None:
        if self.autosaver is None or (self._autosave_job and not self._autosave_job.done()):
            return
        write = self.autosaver.take(at_once)  # the snapshot, here; the writing, on the thread
        if write is None:
            return
        if self._autosave_writer is None:
            self._autosave_writer = ThreadPoolExecutor(1, thread_name_prefix="autosave")
        self._autosave_job = self._autosave_writer.submit(write)
        self.work.when_done(
            self._autosave_job,
            on_done=lambda _: self._autosaved("Autosaved"),
            on_error=lambda exc: self._autosaved(f"Autosave failed: {exc}"),
        )

    def _autosaved(self, text: str) -> None:
        self.statusBar().showMessage(text, 2000)

    def _finish_autosave(self) -> None:
        """Let a running autosave land first, so it can never outdate a save made after it."""
        if self._autosave_job is not None:
            self._autosave_job.exception()  # waits; a failure was reported already

    def _update_title(self, *_args) -> None:
        if self.session is None:
            return
        doc = self.session.doc
        name = doc.path.name if doc.path else doc.project.name
        self.setWindowTitle(f"{name}[*] — Storyreel")
        self.setWindowModified(doc.modified)

    # -- recent projects and layout --------------------------------------------------------
    def _fill_recent_menu(self) -> None:
        menu = self.actions.menu("file/recent")
        menu.clear()
        recent = self.settings.read().editor.existing_recent()
        for path in recent:
            menu.addAction(Path(path).name, lambda p=path: self.open_project(p))
        menu.setEnabled(bool(recent))

    def _restore_layout(self) -> None:
        editor = self.settings.read().editor
        if editor.window_geometry is not None:
            self.restoreGeometry(editor.window_geometry)
        if editor.window_state is not None:
            self.restoreState(editor.window_state, LAYOUT_VERSION)

    def save_layout(self) -> None:
        geometry = self.saveGeometry().data()
        state = self.saveState(LAYOUT_VERSION).data()

        def keep(settings: UserSettings) -> None:
            settings.editor.window_geometry, settings.editor.window_state = geometry, state

        self._save_settings(keep)

    def _save_settings(self, change: Callable[[UserSettings], object]) -> None:
        """Change the user's settings now (at closing: no thread would finish it); a disk
        that refuses is said, never a failed action."""
        try:
            self.settings.update(change)
        except StoryreelError as exc:
            self._settings_refused(exc)

    def _remember_soon(
        self, change: Callable[[UserSettings], object], then: Callable[[], None]
    ) -> None:
        """Change the user's settings on a thread (a write with its fsync took 15 ms of the
        GUI thread at every project opened), then `then()` on the GUI thread."""
        self.work.run_in_thread(
            self.settings.update,
            change,
            on_done=lambda _settings: then(),
            on_error=self._settings_refused,
            name="storyreel-settings",
        )

    def _settings_refused(self, error: BaseException) -> None:
        self.statusBar().showMessage(str(error), 8000)

    def reset_layout(self) -> None:
        for dock in self.docks.values():
            dock.show()
        self.restoreState(self._default_state, LAYOUT_VERSION)

    # -- closing ---------------------------------------------------------------------------
    def _may_discard(self) -> bool:
        """Ask to save a modified document before it is replaced or closed."""
        from PySide6.QtWidgets import QMessageBox

        if self.session is None or not self.session.doc.modified or not self.ask_before_closing:
            return True
        doc = self.session.doc
        answer = QMessageBox.question(
            self,
            "Save changes?",
            f"Save the changes to {doc.path.name if doc.path else doc.project.name}?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        if answer == QMessageBox.StandardButton.Discard and doc.path is not None:
            self._finish_autosave()  # or it could write the discarded edits back after this
            discard_autosave(doc.path)
        return answer == QMessageBox.StandardButton.Discard

    def end_by_request(self) -> None:
        """Close without asking (a signal: `kill`, Ctrl+C, a logout). The edits since the
        last save are autosaved now, for the next start to offer as after a crash."""
        self.ask_before_closing = False
        self._finish_autosave()  # a running one holds an older snapshot: then this one
        self._autosave(at_once=True)
        self.close()

    def closeEvent(self, event) -> None:
        if not self._may_discard():
            event.ignore()
            return
        self.transport.stop()
        self._autosave_timer.stop()
        self._finish_autosave()
        if self._autosave_writer is not None:
            self._autosave_writer.shutdown()
        self.save_layout()
        self.work.shutdown()
        self.viewer_work.shutdown()
        if self.session is not None:
            self.session.close()
            self.session = None  # nothing still queued (a staged hand-over) may use it
        super().closeEvent(event)


def _preload_panels() -> None:
    from studio.ui.qt_panels import preload

    preload()
