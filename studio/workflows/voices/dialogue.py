"""The script's dialogue as lines to voice: who speaks, what, with which hint, and where.

A *speech* is a character cue and the dialogue under it (its parentheticals are hints). Each
scene's speeches are shared among the scene's shots in order, as evenly as their count
allows (speech j of m goes to shot ⌊j·k/m⌋ of k): the shots own no text of their own.

Voiced lines (`Project.lines`) are matched to the script's speeches scene by scene: first a
line whose character and text are the same (it is current), then one of the same character
whose text changed (it is out of date), else the speech is new (missing). So inserting a
line marks nothing else out of date.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from studio.model.entities import DialogueLine
from studio.model.project import Project
from studio.screenplay.elements import ElementType, character_name
from studio.screenplay.fountain import parse
from studio.screenplay.markup import plain
from studio.workflows.reel import reel
from studio.workflows.voices.character_voices import voice_of, voice_record

T = ElementType


@dataclass(frozen=True)
class Speech:
    character: str  # the cue without its extension: the key of the character's voice
    text: str  # what is said, without markup
    hint: str = ""  # the parentheticals, "quietly; beat"
    dual: int = 0  # 1 and 2: the left and right speech of dual dialogue, spoken at once


class LineState(enum.StrEnum):
    MISSING = "missing"  # never voiced
    CURRENT = "current"
    CHANGED = "changed"  # its text or its character's voice changed since


@dataclass(frozen=True)
class PlannedLine:
    """A speech of the script, where it goes and what was voiced for it so far."""

    order: int  # its place in the script, counting from 0
    scene_id: str
    shot_id: str | None  # None: its scene has no shot on the timeline
    speech: Speech
    line: DialogueLine | None  # the voiced line it matches, if any
    state: LineState


def speeches(scene_text: str) -> list[Speech]:
    """The speeches of a scene's Fountain text, in order."""
    found: list[Speech] = []
    cue: str | None = None
    said: list[str] = []
    hints: list[str] = []
    dual = 0

    def close() -> None:
        text = " ".join(said).strip()
        if cue is not None and text:
            found.append(Speech(cue, text, "; ".join(hints), dual))

    for element in parse(scene_text).elements:
        if element.type is T.CHARACTER:
            close()
            cue, said, hints, dual = character_name(element.text), [], [], element.dual
        elif element.type in (T.DIALOGUE, T.LYRICS) and cue is not None:
            said.append(" ".join(plain(element.text).split()))
        elif element.type is T.PARENTHETICAL and cue is not None:
            hints.append(plain(element.text).strip().strip("()").strip())
        elif element.type not in (T.NOTE, T.BONEYARD):
            close()
            cue = None
    close()
    return found


def plan_lines(project: Project, lines: list[DialogueLine] | None = None) -> list[PlannedLine]:
    """Every speech of the broken-down script with its shot and its voiced line, in script
    order. `lines` replaces the project's voiced lines (a landing plans with its new take)."""
    lines = project.lines if lines is None else lines
    by_scene: dict[str | None, list[DialogueLine]] = {}
    for line in lines:
        by_scene.setdefault(line.scene_id, []).append(line)
    shots_of = _shots_on_timeline(project)
    planned: list[PlannedLine] = []
    for scene in project.scenes:
        said = speeches(scene.text)
        matched = _match(said, by_scene.get(scene.id, []))
        shots = shots_of.get(scene.id, [])
        for j, (speech, line) in enumerate(zip(said, matched, strict=True)):
            shot_id = shots[j * len(shots) // len(said)] if shots else None
            if line is None:
                state = LineState.MISSING
            elif line.text == speech.text and line.voice == voice_record(
                voice_of(project, speech.character)
            ):
                state = LineState.CURRENT
            else:
                state = LineState.CHANGED
            planned.append(PlannedLine(len(planned), scene.id, shot_id, speech, line, state))
    return planned


def _match(said: list[Speech], voiced: list[DialogueLine]) -> list[DialogueLine | None]:
    """For each speech, the voiced line it continues (see the module's note), or None."""
    free = list(voiced)
    out: list[DialogueLine | None] = [None] * len(said)
    for same_text in (True, False):
        for n, speech in enumerate(said):
            if out[n] is not None:
                continue
            line = next(
                (
                    x
                    for x in free
                    if x.character == speech.character and (x.text == speech.text or not same_text)
                ),
                None,
            )
            if line is not None:
                out[n] = line
                free.remove(line)
    return out


def _shots_on_timeline(project: Project) -> dict[str, list[str]]:
    """Each scene's shots that have a span, in timeline order."""
    spans = reel.spans(project)
    by_scene: dict[str, list[tuple[int, str]]] = {}
    for shot in project.shots:
        clip = spans.get(shot.id)
        if clip is not None and shot.scene_id is not None:
            by_scene.setdefault(shot.scene_id, []).append((clip.start, shot.id))
    return {scene: [s for _, s in sorted(found)] for scene, found in by_scene.items()}
