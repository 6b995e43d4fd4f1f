"""The parsed screenplay: typed elements with their source lines, the title page, scenes."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from functools import cached_property


class ElementType(enum.StrEnum):
    SCENE_HEADING = "scene_heading"
    ACTION = "action"
    CHARACTER = "character"
    PARENTHETICAL = "parenthetical"
    DIALOGUE = "dialogue"
    LYRICS = "lyrics"
    TRANSITION = "transition"
    CENTERED = "centered"
    PAGE_BREAK = "page_break"
    SECTION = "section"
    SYNOPSIS = "synopsis"
    NOTE = "note"
    BONEYARD = "boneyard"


# Elements that belong to a speech: a character cue and what follows it without a blank line.
SPEECH = frozenset({ElementType.CHARACTER, ElementType.PARENTHETICAL, ElementType.DIALOGUE})


@dataclass(slots=True)
class Element:
    """One screenplay element. `text` keeps Fountain's emphasis markup and inline notes.

    Lines are 0-based source line numbers, `end_line` exclusive (the editor's block numbers);
    read from an .fdx, they are the lines of the element's <Paragraph> in the FDX file.
    `dual` is 0, or 1/2 for the left/right speech of dual dialogue; `depth` is a section's
    level (# = 1); `forced` records a forcing prefix (. ! @ >) in the source.
    """

    type: ElementType
    text: str
    start_line: int = 0
    end_line: int = 0
    scene_number: str = ""
    dual: int = 0
    depth: int = 0
    forced: bool = False

    def content(self) -> tuple:
        """What the element says, without where it was or how it was spelled in the source."""
        return (self.type, self.text, self.scene_number, self.dual, self.depth)


@dataclass(slots=True)
class TitlePage:
    """Title page fields in source order; keys as written (e.g. "Draft date")."""

    fields: list[tuple[str, str]] = field(default_factory=list)
    end_line: int = 0  # the first line after the title page

    def get(self, key: str, default: str = "") -> str:
        wanted = key.casefold()
        return next((v for k, v in self.fields if k.casefold() == wanted), default)

    def __bool__(self) -> bool:
        return bool(self.fields)


@dataclass(slots=True)
class Scene:
    """A scene: its heading element and the elements up to the next heading."""

    index: int  # 0-based position among the scenes
    heading: str
    number: str  # the script's own scene number (#1A#), or ""
    start_line: int
    end_line: int  # exclusive: where the next scene (or the file) begins
    elements: list[Element]  # the heading first

    @property
    def label(self) -> str:
        """The number shown for the scene: its own, else its position counting from 1."""
        return self.number or str(self.index + 1)


@dataclass
class Screenplay:
    elements: list[Element] = field(default_factory=list)
    title_page: TitlePage = field(default_factory=TitlePage)
    line_count: int = 0

    @cached_property
    def scenes(self) -> list[Scene]:
        """The scenes in script order (elements before the first heading belong to none)."""
        scenes: list[Scene] = []
        starts = [i for i, e in enumerate(self.elements) if e.type is ElementType.SCENE_HEADING]
        for n, first in enumerate(starts):
            last = starts[n + 1] if n + 1 < len(starts) else len(self.elements)
            heading = self.elements[first]
            end = self.elements[last].start_line if last < len(self.elements) else self.line_count
            scenes.append(
                Scene(
                    n,
                    heading.text,
                    heading.scene_number,
                    heading.start_line,
                    max(end, heading.end_line),
                    self.elements[first:last],
                )
            )
        return scenes

    @property
    def title(self) -> str:
        return self.title_page.get("Title")

    def characters(self) -> list[str]:
        """Speaking characters in order of first appearance, without extensions like (V.O.)."""
        names: dict[str, None] = {}
        for element in self.elements:
            if element.type is ElementType.CHARACTER:
                names.setdefault(character_name(element.text), None)
        return list(names)

    def scene_at(self, line: int) -> Scene | None:
        """The scene that source line `line` belongs to (for the editor's cursor)."""
        from bisect import bisect_right

        scenes = self.scenes
        index = bisect_right([s.start_line for s in scenes], line) - 1
        return scenes[index] if index >= 0 and line < scenes[index].end_line else None


def character_name(cue: str) -> str:
    """ "STEEL (V.O.)" → "STEEL": the name without its extension."""
    return cue.split("(", 1)[0].strip()
