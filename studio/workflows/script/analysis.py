"""What the script panel shows about a script: computed away from the GUI thread (no Qt).

The result is small on purpose (rows and line numbers, not the parsed elements), so it
crosses from a worker process cheaply and freeing it costs the GUI thread nothing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from studio.screenplay import ElementType, parse
from studio.screenplay.elements import character_name
from studio.workflows.script.breakdown import estimate_seconds


@dataclass(frozen=True)
class SceneRow:
    index: int
    label: str  # the scene's own number, else its position from 1
    heading: str
    start_line: int
    end_line: int
    seconds: float
    key: str = ""  # the heading folded for matching to the document's scenes


def heading_key(heading: str) -> str:
    return " ".join(heading.casefold().split())


@dataclass(frozen=True)
class Analysis:
    """The editor's text at `revision`, read: its scenes and who speaks where."""

    revision: int
    title: str
    body_line: int  # the first line after the title page
    scenes: list[SceneRow]
    characters: list[tuple[str, int]]  # name, speeches; in order of first appearance
    cues: dict[str, list[int]]  # name → the lines where the character speaks

    def scene_at(self, line: int) -> SceneRow | None:
        starts = [row.start_line for row in self.scenes]
        index = bisect_right(starts, line) - 1
        return self.scenes[index] if index >= 0 and line < self.scenes[index].end_line else None


def analyse(text: str, revision: int) -> Analysis:
    screenplay = parse(text)
    scenes = [
        SceneRow(
            s.index,
            s.label,
            s.heading,
            s.start_line,
            s.end_line,
            estimate_seconds(s),
            heading_key(s.heading),
        )
        for s in screenplay.scenes
    ]
    cues: dict[str, list[int]] = {}
    for element in screenplay.elements:
        if element.type is ElementType.CHARACTER:
            cues.setdefault(character_name(element.text), []).append(element.start_line)
    speeches = Counter({name: len(lines) for name, lines in cues.items()})
    characters = [(name, speeches[name]) for name in cues]
    return Analysis(
        revision, screenplay.title, screenplay.title_page.end_line, scenes, characters, cues
    )
