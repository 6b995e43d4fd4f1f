"""File menu entries for delivery: Render…, Import OTIO… (as a new project) and Export OTIO…."""

from __future__ import annotations

import pickle
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMessageBox

from studio.ui.playback.qt_install import menu_named
from studio.ui.qt_import_report import ImportReport
from studio.ui.qt_render_dialog import RenderDialog
from studio.workflows.playback import worker_jobs

OTIO_FILTER = "OpenTimelineIO (*.otio)"


def install_interchange(window) -> None:
    menu = menu_named(window, "&File")
    quit_action = window.actions.get("quit")
    entries = (
        ("render", "&Render…", "Ctrl+M", lambda: show_render_dialog(window)),
        ("import_otio", "Import &OTIO as New Project…", "", lambda: import_otio_dialog(window)),
        ("export_otio", "&Export OTIO…", "", lambda: export_otio_dialog(window)),
    )
    first = None
    for name, text, keys, slot in entries:
        action = QAction(text, window)
        action.setObjectName(f"action_{name}")
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        menu.insertAction(quit_action, action)
        window.actions[name] = action
        first = first or action
    menu.insertSeparator(first)
    menu.insertSeparator(quit_action)


def show_render_dialog(window) -> RenderDialog | None:
    if window.session is None:
        return None
    dialog = getattr(window, "render_dialog", None)
    if dialog is None or dialog.session is not window.session:
        dialog = window.render_dialog = RenderDialog(window.session, window)
    dialog.show()  # not modal: editing goes on while it renders
    dialog.raise_()
    return dialog


def export_otio_dialog(window) -> None:
    if window.session is None:
        return
    doc = window.session.doc
    start = str((doc.path.parent if doc.path else Path.home()) / f"{doc.project.name}.otio")
    path, _ = QFileDialog.getSaveFileName(window, "Export OpenTimelineIO", start, OTIO_FILTER)
    if path:
        export_otio_to(window, Path(path).with_suffix(".otio"))


def export_otio_to(window, out: Path) -> None:
    doc = window.session.doc
    blob = pickle.dumps(doc.project, pickle.HIGHEST_PROTOCOL)
    window.work.submit(
        worker_jobs.export_otio,
        blob,
        doc.path or out.parent,  # an unsaved project's media paths are absolute already
        out,
        on_done=lambda written: window.show_message(f"Exported {Path(written).name}"),
        on_error=lambda error: _refused(window, "Cannot export OTIO", error),
    )


def import_otio_dialog(window) -> None:
    otio_file, _ = QFileDialog.getOpenFileName(window, "Import OpenTimelineIO", "", OTIO_FILTER)
    if not otio_file:
        return
    suggestion = str(Path(otio_file).with_suffix(".storyreel"))
    folder, _ = QFileDialog.getSaveFileName(
        window, "New project from the OTIO timeline", suggestion, "Projects (*.storyreel)"
    )
    if folder:
        import_otio_into_new_project(window, Path(otio_file), Path(folder))


def import_otio_into_new_project(window, otio_file: Path, folder: Path) -> None:
    """Make the project in a worker (it probes every media file), then open it."""
    window.show_message(f"Importing {otio_file.name}…")
    window.work.submit(
        worker_jobs.new_project_from_otio,
        folder,
        otio_file,
        on_done=lambda made: _opened(window, otio_file, *made),
        on_error=lambda error: _refused(window, "Cannot import OTIO", error),
    )


def _opened(window, otio_file: Path, folder: Path, warnings: list[str]) -> None:
    window.open_project(folder)
    if warnings:  # not modal: the imported project is there to look at meanwhile
        window.import_report = ImportReport(otio_file.name, warnings, window)
        window.import_report.show()


def _refused(window, title: str, error: BaseException) -> None:
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    window.show_message(f"{title}: {reason}")
    QMessageBox.warning(window, title, reason)
