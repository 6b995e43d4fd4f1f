"""A transaction runs primitive ops, remembers their inverses, and can roll them back."""

from __future__ import annotations

from studio.model.change import Change
from studio.model.ops import Op
from studio.model.project import Project


class EditError(Exception):
    """An edit that cannot apply; the message says why, in words for the user."""


class Transaction:
    def __init__(self, project: Project, change: Change | None = None) -> None:
        self.project = project
        self.change = change if change is not None else Change()
        self.inverses: list[Op] = []

    def do(self, op: Op) -> None:
        self.inverses.append(op.do(self.project, self.change))

    def rollback(self) -> None:
        """Undo everything done so far; the project is as it was before the first op."""
        scratch = Change()
        while self.inverses:
            self.inverses.pop().do(self.project, scratch)
