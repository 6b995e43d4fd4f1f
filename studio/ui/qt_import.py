"""Importing files: probe and copy in a worker process, then place them as one edit."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from studio.errors import UserError
from studio.model.entities import TRACK_ACCEPTS as TRACK_KINDS_ACCEPT
from studio.ui.qt_session import EditSession
from studio.ui.qt_workers import BackgroundWork
from studio.workflows import media_jobs


class ImportController(QObject):
    """The GUI thread never probes: it only places what the worker prepared."""

    finished = Signal(list)  # the new clip ids

    def __init__(
        self, work: BackgroundWork, session: Callable[[], EditSession | None], parent=None
    ) -> None:
        super().__init__(parent)
        self._work = work
        self._session = session
        self.running = 0

    def import_files(
        self, paths: Sequence[str], at_frame: int | None = None, track_id: str | None = None
    ) -> None:
        session = self._session()
        if session is None or not paths:
            return
        self.running += 1
        names = Path(paths[0]).name if len(paths) == 1 else f"{len(paths)} items"
        session.message.emit(f"Importing {names}…")
        self._work.submit(
            media_jobs.expand_and_prepare,
            session.doc.path,
            list(paths),
            on_done=partial(self._place, session, at_frame, track_id),
            on_error=partial(self._failed, session),
        )

    def _failed(self, session: EditSession, error: BaseException) -> None:
        self.running -= 1
        session.message.emit(f"Import failed: {error}")
        self.finished.emit([])

    def _place(self, session: EditSession, at_frame, track_id, prepared) -> None:
        from studio.workflows.importer import (  # loaded by the worker already
            discard_copies,
            placement_edit,
            refuse_unplaceable,
        )

        self.running -= 1
        if session is not self._session():
            discard_copies(session.doc.path, prepared)  # the project was closed meanwhile
            return
        refuse_unplaceable(session.project, session.doc.path, prepared)
        good = [p.asset for p in prepared if p.asset is not None]
        failed = [p for p in prepared if p.asset is None]
        note = f"; {len(failed)} skipped: {failed[0].error}" if failed else ""
        if not good:
            session.message.emit(f"Nothing imported{note}")
            self.finished.emit([])
            return
        track = session.project.track(track_id) if track_id else None
        if track is not None and not all(a.kind in TRACK_KINDS_ACCEPT[track.kind] for a in good):
            track_id = None  # e.g. sound dropped on a video track: the importer picks a track
        try:
            edit, clip_ids = placement_edit(session.project, good, at_frame, track_id)
        except UserError as exc:
            discard_copies(session.doc.path, prepared)  # no orphans in media/
            session.message.emit(f"Import refused: {exc}")
            self.finished.emit([])
            return
        if session.apply(edit):
            session.select(clip_ids)
            session.message.emit(f"Imported {len(good)} file{'s' * (len(good) != 1)}{note}")
            self.finished.emit(clip_ids)
        else:
            discard_copies(session.doc.path, prepared)
            self.finished.emit([])
