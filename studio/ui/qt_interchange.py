"""File menu entries for delivery: Render…, Import OTIO… (as a new project) and Export OTIO…."""

from __future__ import annotations

import pickle
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from studio.ui.qt_action_registry import ActionSpec
from studio.ui.qt_app_context import AppContext
from studio.ui.qt_import_report import ImportReport
from studio.ui.qt_render_dialog import RenderDialog
from studio.workflows.playback import worker_jobs

OTIO_FILTER = "OpenTimelineIO (*.otio)"


def install_interchange(context: AppContext) -> None:
    def has_session() -> bool:
        return context.session is not None

    entries = (
        ("render", "&Render…", ("Ctrl+M",), lambda: show_render_dialog(context), has_session),
        (
            "import_otio", "Import &OTIO as New Project…", (),
            lambda: import_otio_dialog(context), None,
        ),
        ("export_otio", "&Export OTIO…", (), lambda: export_otio_dialog(context), has_session),
    )  # fmt: skip
    for name, text, keys, slot, enabled_when in entries:
        spec = ActionSpec(name, text, "file", "delivery", shortcuts=keys, enabled_when=enabled_when)
        context.actions.add(spec, slot)


def show_render_dialog(context: AppContext) -> RenderDialog | None:
    session = context.session
    if session is None:
        return None
    dialog = context.dialogs.get("render")
    if not isinstance(dialog, RenderDialog) or dialog.session is not session:
        dialog = context.dialogs["render"] = RenderDialog(session, context.host)
    dialog.show()  # not modal: editing goes on while it renders
    dialog.raise_()
    return dialog


def export_otio_dialog(context: AppContext) -> None:
    if context.session is None:
        return
    doc = context.session.doc
    start = str((doc.path.parent if doc.path else Path.home()) / f"{doc.project.name}.otio")
    path, _ = QFileDialog.getSaveFileName(context.host, "Export OpenTimelineIO", start, OTIO_FILTER)
    if path:
        export_otio_to(context, Path(path).with_suffix(".otio"))


def export_otio_to(context: AppContext, out: Path) -> None:
    doc = context.session.doc
    blob = pickle.dumps(doc.project, pickle.HIGHEST_PROTOCOL)
    context.work.submit(
        worker_jobs.export_otio,
        blob,
        doc.path or out.parent,  # an unsaved project's media paths are absolute already
        out,
        on_done=lambda written: context.say(f"Exported {Path(written).name}"),
        on_error=lambda error: _refused(context, "Cannot export OTIO", error),
    )


def import_otio_dialog(context: AppContext) -> None:
    otio_file, _ = QFileDialog.getOpenFileName(
        context.host, "Import OpenTimelineIO", "", OTIO_FILTER
    )
    if not otio_file:
        return
    suggestion = str(Path(otio_file).with_suffix(".storyreel"))
    folder, _ = QFileDialog.getSaveFileName(
        context.host, "New project from the OTIO timeline", suggestion, "Projects (*.storyreel)"
    )
    if folder:
        import_otio_into_new_project(context, Path(otio_file), Path(folder))


def import_otio_into_new_project(context: AppContext, otio_file: Path, folder: Path) -> None:
    """Make the project in a worker (it probes every media file), then open it."""
    context.say(f"Importing {otio_file.name}…")
    context.work.submit(
        worker_jobs.new_project_from_otio,
        folder,
        otio_file,
        on_done=lambda made: _opened(context, otio_file, *made),
        on_error=lambda error: _refused(context, "Cannot import OTIO", error),
    )


def _opened(context: AppContext, otio_file: Path, folder: Path, warnings: list[str]) -> None:
    context.open_project(folder)
    if warnings:  # not modal: the imported project is there to look at meanwhile
        report = context.dialogs["import_report"] = ImportReport(
            otio_file.name, warnings, context.host
        )
        report.show()


def _refused(context: AppContext, title: str, error: BaseException) -> None:
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    context.say(f"{title}: {reason}")
    QMessageBox.warning(context.host, title, reason)
