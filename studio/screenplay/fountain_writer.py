"""Write a Screenplay as Fountain text that parses back to the same elements.

An element that would be read as something else is written with Fountain's forcing
prefix (. ! @ >). A few things Fountain cannot say are written as near as it can: a
dialogue line that is entirely "(...)" reads back as a parenthetical, and a character cue
without any dialogue reads back as action.
"""

from __future__ import annotations

from studio.screenplay.elements import Element, ElementType, Screenplay, TitlePage
from studio.screenplay.fountain import is_character_cue, is_scene_heading, is_transition

T = ElementType
# A paragraph starting with one of these would be read as a forced or special element.
_SPECIAL_STARTS = tuple("=#[.!>~@")


def write_fountain(screenplay: Screenplay) -> str:
    paragraphs: list[str] = []
    if screenplay.title_page:
        paragraphs.append(_title_page(screenplay.title_page))
    speech: list[str] = []
    for element in screenplay.elements:
        if element.type in (T.PARENTHETICAL, T.DIALOGUE) and speech:
            speech.append(_write(element))
            continue
        if speech:
            paragraphs.append("\n".join(speech))
            speech = []
        if element.type is T.CHARACTER:
            speech = [_write(element)]
        else:
            paragraphs.append(_write(element))
    if speech:
        paragraphs.append("\n".join(speech))
    return "\n\n".join(paragraphs) + "\n"


def _title_page(page: TitlePage) -> str:
    lines = []
    for key, value in page.fields:
        if "\n" in value or not value:
            lines.append(f"{key}:")
            lines += [f"    {line}" for line in value.split("\n") if line]
        else:
            lines.append(f"{key}: {value}")
    return "\n".join(lines)


def _write(element: Element) -> str:
    text = element.text
    kind = element.type
    if kind is T.SCENE_HEADING:
        # ". " rather than "." before a heading that starts with a dot: ".." is not forcing.
        line = text if is_scene_heading(text) else (". " if text[:1] == "." else ".") + text
        return f"{line} #{element.scene_number}#" if element.scene_number else line
    if kind is T.ACTION:
        lines = _keep_blank_lines(text)
        first = lines[0].strip()
        misread = (
            first.startswith(_SPECIAL_STARTS)
            or is_scene_heading(first)
            or (len(lines) == 1 and is_transition(first))
            or (len(lines) > 1 and is_character_cue(first))
        )
        return ("!" if misread else "") + "\n".join(lines)
    if kind is T.CHARACTER:
        plain = (
            is_character_cue(text)
            and not text.startswith(_SPECIAL_STARTS)
            and not is_scene_heading(text)
            and not text.endswith("^")
        )
        cue = text if plain else "@" + text
        return cue + " ^" if element.dual == 2 else cue
    if kind is T.DIALOGUE:
        return "\n".join(_keep_blank_lines(text))
    if kind is T.PARENTHETICAL:
        return text
    if kind is T.TRANSITION:
        plain = is_transition(text) and not text.startswith(_SPECIAL_STARTS)
        return text if plain else "> " + text
    if kind is T.CENTERED:
        return "\n".join(f"> {line} <" for line in text.split("\n"))
    if kind is T.LYRICS:
        return "\n".join("~" + line for line in text.split("\n"))
    if kind is T.PAGE_BREAK:
        return "==="
    if kind is T.SECTION:
        return "#" * max(1, element.depth) + " " + text
    if kind is T.SYNOPSIS:
        return "= " + text
    if kind is T.NOTE:
        return "[[" + "\n".join(_keep_blank_lines(text)) + "]]"
    if kind is T.BONEYARD:
        return "/*" + text + "*/"
    raise ValueError(f"unknown element type {kind!r}")


def _keep_blank_lines(text: str) -> list[str]:
    # An empty line would end the paragraph; Fountain's two spaces keep it inside.
    return [line if line.strip() else "  " for line in text.split("\n")]
