"""The editing session the panels share: the document, the playhead, the selection, messages."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QObject, Signal

from studio.model import Change, Document, Project, Result
from studio.model.edits import Edit
from studio.model.time import timecode


class EditSession(QObject):
    """Every panel edits through `apply`, so a refused edit always reaches the status bar."""

    changed = Signal(object)  # studio.model.Change
    playhead_moved = Signal(int)
    selection_changed = Signal()
    message = Signal(str)
    snapping_changed = Signal(bool)

    def __init__(self, doc: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.doc = doc
        self.playhead = 0
        self.selection: set[str] = set()
        self.snapping = True
        self._unsubscribe = doc.subscribe(self._on_change)

    @property
    def project(self) -> Project:
        return self.doc.project

    def timecode(self, frame: int) -> str:
        return timecode(frame, self.project.settings.fps)

    # -- edits -----------------------------------------------------------------------------
    def apply(self, edit: Edit, quiet: bool = False) -> Result:
        """Apply an edit; a refusal is shown (unless `quiet`) and changes nothing."""
        result = self.doc.apply(edit)
        if not result.ok and not quiet:
            self.message.emit(f"{edit.label} refused: {result.reason}")
        return result

    def undo(self) -> Result:
        label = self.doc.undo_label()
        result = self.doc.undo()
        self.message.emit(f"Undid {label}" if result else result.reason.capitalize())
        return result

    def redo(self) -> Result:
        label = self.doc.redo_label()
        result = self.doc.redo()
        self.message.emit(f"Redid {label}" if result else result.reason.capitalize())
        return result

    def _on_change(self, change: Change) -> None:
        gone = {cid for cid in change.clips & self.selection if self.project.clip(cid) is None}
        if change.cause == "load":
            gone = set(self.selection)
        if gone:
            self.selection -= gone
            self.selection_changed.emit()
        self.changed.emit(change)

    # -- playhead and selection ------------------------------------------------------------
    def set_playhead(self, frame: int) -> None:
        frame = max(0, int(frame))
        if frame != self.playhead:
            self.playhead = frame
            self.playhead_moved.emit(frame)

    def select(self, clip_ids: Iterable[str], mode: str = "replace") -> None:
        """mode: "replace", "add" or "toggle"."""
        ids = set(clip_ids)
        if mode == "replace":
            chosen = ids
        elif mode == "add":
            chosen = self.selection | ids
        else:
            chosen = self.selection ^ ids
        if chosen != self.selection:
            self.selection = chosen
            self.selection_changed.emit()

    def set_snapping(self, on: bool) -> None:
        if on != self.snapping:
            self.snapping = on
            self.snapping_changed.emit(on)
            self.message.emit("Snapping on" if on else "Snapping off")

    def close(self) -> None:
        self._unsubscribe()
