"""What the script panel shows about a script, computed in one go on a worker thread (no Qt)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from studio.engine.breakdown import estimate_seconds
from studio.screenplay import ElementType, Screenplay, parse
from studio.screenplay.elements import character_name


@dataclass(frozen=True)
class SceneRow:
    index: int
    label: str  # the scene's own number, else its position from 1
    heading: str
    start_line: int
    end_line: int
    seconds: float


@dataclass(frozen=True)
class Analysis:
    """A parse of the editor's text at `revision`, with the navigator's rows ready."""

    revision: int
    screenplay: Screenplay
    scenes: list[SceneRow]
    characters: list[tuple[str, int]]  # name, speeches; in order of first appearance
    cues: dict[str, list[int]]  # name → the lines where the character speaks

    def scene_at(self, line: int) -> SceneRow | None:
        scene = self.screenplay.scene_at(line)
        return None if scene is None else self.scenes[scene.index]


def analyse(text: str, revision: int) -> Analysis:
    screenplay = parse(text)
    scenes = [
        SceneRow(s.index, s.label, s.heading, s.start_line, s.end_line, estimate_seconds(s))
        for s in screenplay.scenes
    ]
    cues: dict[str, list[int]] = {}
    for element in screenplay.elements:
        if element.type is ElementType.CHARACTER:
            cues.setdefault(character_name(element.text), []).append(element.start_line)
    speeches = Counter({name: len(lines) for name, lines in cues.items()})
    characters = [(name, speeches[name]) for name in cues]
    return Analysis(revision, screenplay, scenes, characters, cues)
