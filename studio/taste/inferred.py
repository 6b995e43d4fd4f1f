"""Picks and discards read off the document's changes, when no panel reports them (no Qt)."""

from __future__ import annotations

from studio.model import Change, Project
from studio.taste import signals as taste
from studio.taste.signals import Signal, SignalKind

Snapshot = dict[str, tuple[str | None, tuple[str, ...]]]  # shot id → (picked, takes)


def snapshot(project: Project) -> Snapshot:
    return {s.id: (s.picked, tuple(s.takes)) for s in project.shots}


def inferred_signals(project: Project, before: Snapshot, change: Change) -> list[Signal]:
    """What the user chose in `change`: a take picked among a shot's existing takes, or a
    take dropped from a shot. Undo, redo and loading choose nothing; nor does placing a
    new take, which its shot picks by itself before anyone has looked at it."""
    if change.cause != "apply":
        return []
    out = []
    for shot_id in change.items.get("shots", ()):
        shot = project.item("shots", shot_id)
        if shot is None or shot_id not in before:
            continue
        old_pick, old_takes = before[shot_id]
        if shot.picked and shot.picked != old_pick and shot.picked in old_takes:
            out.append(taste.pick(project, shot.picked, shot_id))
        for gone in (t for t in old_takes if t not in shot.takes):
            out.append(taste.about(project, SignalKind.DISCARD, gone, shot=shot_id))
    return out
