"""Suggestions for a new shot: style presets and prompt additions the user kept in similar
scenes, weighted by how close those scenes' prompts are to the new shot's description."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from studio.model import Project
from studio.taste.signals import Signal, SignalKind

RELEVANT = 0.25  # below this cosine a kept prompt says nothing about the new shot
EDIT_BOOST = 1.5  # words the user typed in themselves count more than words they kept


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "preset" or "addition"
    text: str
    score: float
    reason: str


def fragments(prompt: str) -> list[str]:
    """A prompt's comma-separated phrases, the unit prompts are written and edited in."""
    return [p.strip().lower() for p in prompt.split(",") if p.strip()]


def _added(before: str, after: str) -> list[str]:
    old = set(fragments(before))
    return [f for f in fragments(after) if f not in old]


def suggest_for_shot(
    description: str,
    signals: Sequence[Signal],
    embed_text: Callable[[Sequence[str]], np.ndarray],
    project: Project | None = None,
    limit: int = 5,
) -> list[Suggestion]:
    """Presets first, then prompt additions, each best first; [] when nothing is similar."""
    useful = [
        s
        for s in signals
        if s.prompt
        and (
            s.kind in (SignalKind.PICK, SignalKind.FAVOURITE, SignalKind.PROMPT_EDIT)
            or (s.kind is SignalKind.STYLE_PRESET and s.preset)
        )
    ]
    if not description.strip() or not useful:
        return []
    rows = embed_text([description, *(s.prompt for s in useful)])
    similarity = rows[1:] @ rows[0]
    present = set(fragments(description))
    presets: dict[str, list] = {}
    additions: dict[str, list] = {}
    for signal, sim in zip(useful, similarity, strict=True):
        if sim < RELEVANT:
            continue
        weight = float(sim) ** 2  # near scenes should outvote many distant ones
        if signal.kind is SignalKind.STYLE_PRESET:
            _vote(presets, signal.preset, weight, signal)
        elif signal.kind is SignalKind.PROMPT_EDIT:
            for phrase in _added(signal.before, signal.prompt):
                _vote(additions, phrase, weight * EDIT_BOOST, signal)
        else:
            for phrase in fragments(signal.prompt)[1:]:  # the first phrase is the subject
                _vote(additions, phrase, weight, signal)
    for phrase in present:
        additions.pop(phrase, None)
    out = _ranked("preset", presets, project, limit)
    return out + _ranked("addition", additions, project, limit)


def _vote(table: dict[str, list], key: str, weight: float, signal: Signal) -> None:
    entry = table.setdefault(key, [0.0, signal, 0.0])
    entry[0] += weight
    if weight > entry[2]:  # the strongest voter gives the reason
        entry[1], entry[2] = signal, weight


def _ranked(kind: str, table: dict[str, list], project: Project | None, limit: int):
    best = sorted(table.items(), key=lambda item: -item[1][0])[:limit]
    return [
        Suggestion(kind, text, round(score, 4), _reason(signal, project))
        for text, (score, signal, _) in best
    ]


def _reason(signal: Signal, project: Project | None) -> str:
    scene = project.item("scenes", signal.scene) if project and signal.scene else None
    if scene is not None and signal.project == project.name:
        where = f"scene {scene.number}" if scene.number else scene.heading
        return f"kept in a similar scene ({where})"
    if signal.project and project is not None and signal.project != project.name:
        return f"kept in a similar scene in {signal.project}"
    return "kept for a similar shot"
