"""A transaction runs primitive ops, remembers their inverses, and can roll them back.

Composite edits run their steps through `run`, one after the other, so each step reads the
project as the steps before it left it (nothing is planned against a state that is not there
yet), and a refusal in any step rolls back every step: Kdenlive's undo/redo composition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from studio.model.change import Change
from studio.model.ops import Op
from studio.model.project import Project

if TYPE_CHECKING:
    from studio.model.edits import Edit


class EditError(Exception):
    """An edit that cannot apply; the message says why, in words for the user.

    The one way an edit refuses: raised inside `run(tx)` (by the edit or any step of a
    composite), it becomes the refused `Result` of `Document.apply`."""


class Transaction:
    def __init__(self, project: Project, change: Change | None = None) -> None:
        self.project = project
        self.change = change if change is not None else Change()
        self.inverses: list[Op] = []

    def do(self, op: Op) -> None:
        self.inverses.append(op.do(self.project, self.change))

    def run(self, edit: Edit) -> None:
        """Run one step of a composite edit against the project as it is now."""
        edit.run(self)

    def rollback(self) -> None:
        """Undo everything done so far; the project is as it was before the first op."""
        scratch = Change()
        while self.inverses:
            self.inverses.pop().do(self.project, scratch)
