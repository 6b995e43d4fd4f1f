"""The document: a project, the one funnel every edit goes through, undo and redo.

Views subscribe to change events; each event names what changed so a view redraws only
that. Undo history lives here in memory and is never written to the project file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.model.change import Change
from studio.model.edits import Edit
from studio.model.ops import Op
from studio.model.project import Project
from studio.model.transaction import EditError, Transaction

Listener = Callable[[Change], None]


@dataclass(frozen=True)
class Result:
    ok: bool
    reason: str = ""
    change: Change | None = None

    def __bool__(self) -> bool:
        return self.ok


@dataclass
class _Step:
    label: str
    merge_key: Any
    inverses: list[Op] = field(default_factory=list)


class Document:
    def __init__(self, project: Project | None = None, path: Path | None = None) -> None:
        self.project = project if project is not None else Project()
        self.path = path  # the Name.storyreel folder, once saved
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._listeners: list[Listener] = []
        self._merge_open = False  # an undo/redo or save closes the current merge
        self.revision = 0  # counts changes; autosave and "modified" compare against it
        self.saved_revision = 0

    # -- events --------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _emit(self, change: Change) -> None:
        self.revision += 1
        for listener in list(self._listeners):
            listener(change)

    # -- the funnel ----------------------------------------------------------------------
    def apply(self, edit: Edit) -> Result:
        """Apply an edit fully or not at all; the result says why not.

        This is the one way an edit refuses: an EditError raised at any step of its run
        (a composite's included) rolls back what was done and becomes the refused Result."""
        tx = Transaction(self.project, Change(label=edit.label, cause="apply"))
        try:
            edit.run(tx)
        except EditError as exc:
            tx.rollback()
            return Result(False, str(exc))
        except Exception:
            # A bug in an edit must not leave a half-changed document behind.
            tx.rollback()
            raise
        if not tx.inverses:
            return Result(True, "nothing to change", tx.change)
        top = self._undo[-1] if self._undo else None
        key = edit.merge_key
        if top is not None and key is not None and self._merge_open and top.merge_key == key:
            top.inverses.extend(tx.inverses)
        else:
            self._undo.append(_Step(edit.label, key, tx.inverses))
        self._merge_open = True
        self._redo.clear()
        self._emit(tx.change)
        return Result(True, "", tx.change)

    def close_merge(self) -> None:
        """End the current merge run (a drag's release), so the next edit is its own step."""
        self._merge_open = False

    # -- undo and redo -------------------------------------------------------------------
    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    def undo(self) -> Result:
        return self._replay(self._undo, self._redo, "undo")

    def redo(self) -> Result:
        return self._replay(self._redo, self._undo, "redo")

    def _replay(self, source: list[_Step], target: list[_Step], cause: str) -> Result:
        if not source:
            return Result(False, f"nothing to {cause}")
        step = source.pop()
        tx = Transaction(self.project, Change(label=step.label, cause=cause))
        for op in reversed(step.inverses):
            tx.do(op)
        target.append(_Step(step.label, step.merge_key, tx.inverses))
        self._merge_open = False
        self._emit(tx.change)
        return Result(True, "", tx.change)

    def clear_history(self) -> None:
        self._undo.clear()
        self._redo.clear()
        self._merge_open = False

    def remember(self, panel: str, state: dict) -> None:
        """Keep what a panel is set to (its generator and parameters) in the project.

        Not an edit: choosing a generator is no undo step. The project counts as modified,
        so the choice is saved with it."""
        if self.project.panels.get(panel) != state:
            self.project.panels[panel] = dict(state)
            self.revision += 1

    # -- saved state ---------------------------------------------------------------------
    @property
    def modified(self) -> bool:
        return self.revision != self.saved_revision

    def mark_saved(self) -> None:
        self.saved_revision = self.revision
        self._merge_open = False

    def replace_project(self, project: Project) -> None:
        """Swap in a whole new project (open, recover); history starts afresh."""
        self.project = project
        self.clear_history()
        change = Change(label="Open", cause="load", track_list=True, settings=True, script=True)
        change.tracks.update(t.id for t in project.tracks)
        change.assets.update(project.assets)
        self._emit(change)


__all__ = ["Document", "EditError", "Result"]
