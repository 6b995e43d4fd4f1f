"""Fountain (fountain.io) parser: text → typed elements with their source lines, title page.

We parse ourselves rather than use a PyPI parser. Checked against the spec's tricky cases
(resources/sample/tricky.fountain): jouvence 0.4.2 did not finish within 10 s on it,
fountain-parser 0.1.1 missed the `I/E` heading, and screenplain 0.12 found every scene but,
like the others, keeps no source positions, which the editor needs to highlight an element
and sync the selection. One pass over the lines with a few anchored regexes keeps a 120-page
script well under 100 ms (bench/bench_script.py).

Choices where the spec leaves room:
- A title page is recognised only when the first key is a known one (Title, Credit, Author,
  ...), so a script opening with "FADE IN:" is not taken for one.
- A scene heading is a paragraph of one line, as the spec, screenplain and the Fountain
  project's own tests have it: a blank line (or the file's start) before it and after it.
  `INT. HOUSE - DAY` directly followed by text, or directly after a section, is action.
  A line of only spaces after it counts as blank.
- A section, synopsis or page break directly followed by text (no blank line) still counts;
  the text after it is read as a paragraph of its own.
- A transition is one line ending in `TO:` with nothing after it: `CUT TO:  ` with trailing
  spaces is action (the Fountain project's Transitions test).
- An unclosed `/*` hides the rest of the file, as a code editor's highlighting would.
- A blank line made of two or more spaces is kept: inside dialogue or action it is part of it.
"""

from __future__ import annotations

import re

from studio.screenplay.elements import SPEECH, Element, ElementType, Screenplay, TitlePage

T = ElementType

_HEADING = re.compile(r"(?:INT\.?/EXT|INT/EXT|I/E|INT|EXT|EST)[. ]", re.IGNORECASE)
_SCENE_NUMBER = re.compile(r"\s+#([\w.\-]+)#$|^#([\w.\-]+)#$")
_PAGE_BREAK = re.compile(r"={3,}$")
_TITLE_KEY = re.compile(r"([A-Za-z][A-Za-z0-9 _\-]*):[ \t]*(.*)$")
TITLE_KEYS = frozenset(
    {"title", "credit", "author", "authors", "source", "draft date", "date", "contact"}
    | {"copyright", "notes", "revision", "episode", "series", "format", "font"}
)


def parse(text: str) -> Screenplay:
    """Parse Fountain text. Never raises for odd input: anything unrecognised is action."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    boneyards: list[Element] = []
    if "/*" in text:
        lines, boneyards = _strip_boneyards(lines)
    title_page = _title_page(lines)
    body: list[Element] = []
    block: list[str] = []
    block_start = title_page.end_line
    for n in range(title_page.end_line, len(lines)):
        line = lines[n]
        if line.strip() or line.startswith("  "):
            if not block:
                block_start = n
            block.append(line)
        elif block:
            _read_block(block, block_start, body)
            block = []
    if block:
        _read_block(block, block_start, body)
    elements = _merge_by_line(body, boneyards) if boneyards else body
    return Screenplay(elements, title_page, len(lines))


def is_scene_heading(line: str) -> bool:
    """Whether a line reads as a scene heading without forcing (INT. EXT. EST. I/E ...)."""
    return _HEADING.match(line) is not None


def is_character_cue(line: str) -> bool:
    """Whether a line reads as a character cue: upper case (its extension may not be)."""
    name = line.removesuffix("^").strip().split("(", 1)[0]
    return name == name.upper() and any(c.isalpha() for c in name)


def is_transition(line: str) -> bool:
    """Whether a line reads as a transition: upper case, ending in "TO:" (trailing spaces
    make it action, as the Fountain project's tests have it)."""
    return line == line.upper() and line.endswith("TO:")


def _strip_boneyards(lines: list[str]) -> tuple[list[str], list[Element]]:
    """Blank out /* ... */ (which may span lines) and return them as elements."""
    kept_lines: list[str] = []
    bones: list[Element] = []
    opened: int | None = None
    buffer: list[str] = []
    for n, line in enumerate(lines):
        if opened is None and "/*" not in line:
            kept_lines.append(line)
            continue
        kept: list[str] = []
        pos = 0
        while True:
            if opened is None:
                start = line.find("/*", pos)
                if start < 0:
                    kept.append(line[pos:])
                    break
                kept.append(line[pos:start])
                opened, buffer, pos = n, [], start + 2
            else:
                end = line.find("*/", pos)
                if end < 0:
                    buffer.append(line[pos:])
                    break
                buffer.append(line[pos:end])
                bones.append(Element(T.BONEYARD, "\n".join(buffer), opened, n + 1))
                opened, pos = None, end + 2
        kept_lines.append("".join(kept))
    if opened is not None:
        bones.append(Element(T.BONEYARD, "\n".join(buffer), opened, len(lines)))
    return kept_lines, bones


def _title_page(lines: list[str]) -> TitlePage:
    first = next((n for n, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return TitlePage()
    match = _TITLE_KEY.match(lines[first])
    if match is None or match[1].strip().casefold() not in TITLE_KEYS:
        return TitlePage()
    fields: list[tuple[str, list[str]]] = []
    n = first
    while n < len(lines) and lines[n].strip():
        line = lines[n]
        match = None if line[:1] in " \t" else _TITLE_KEY.match(line)
        if match:
            fields.append((match[1].strip(), [match[2].strip()] if match[2].strip() else []))
        else:  # an indented continuation of the value above
            fields[-1][1].append(line.strip())
        n += 1
    return TitlePage([(key, "\n".join(value)) for key, value in fields], n)


def _read_block(lines: list[str], start: int, out: list[Element]) -> None:
    """Read one paragraph (lines between blank lines), appending its elements to `out`."""
    after_blank = True
    while lines:
        used = _read_element(lines, start, out, after_blank)
        lines = lines[used:]
        start += used
        after_blank = False


def _read_element(lines: list[str], start: int, out: list[Element], after_blank: bool) -> int:
    """Append the element(s) that `lines` begins with; return how many lines they took.

    `after_blank`: `lines` begins its paragraph (a blank line or the file's start is above).
    """
    first = lines[0].strip()
    head = first[:1]
    if head == "=" and _PAGE_BREAK.match(first):
        out.append(Element(T.PAGE_BREAK, "", start, start + 1))
        return 1
    if head == "#":
        text = first.lstrip("#")
        out.append(Element(T.SECTION, text.strip(), start, start + 1, depth=len(first) - len(text)))
        return 1
    if head == "=":
        out.append(Element(T.SYNOPSIS, first[1:].strip(), start, start + 1))
        return 1
    if head == "[" and first.startswith("[["):
        whole = "\n".join(line.strip() for line in lines)
        if whole.endswith("]]") and whole.find("]]") == len(whole) - 2:
            out.append(Element(T.NOTE, whole[2:-2], start, start + len(lines)))
            return len(lines)
    forced_heading = head == "." and first[1:2] not in (".", "")
    if forced_heading or _HEADING.match(first):
        if after_blank and (len(lines) == 1 or not lines[1].strip()):
            out.append(_heading(first[1:] if forced_heading else first, start, forced_heading))
            return 1
        # Not a paragraph of its own: the heading and the text with it are action.
        out.append(Element(T.ACTION, _action_text(lines), start, start + len(lines)))
        return len(lines)
    if head == "!":
        text = _action_text([lines[0].lstrip()[1:], *lines[1:]])
        out.append(Element(T.ACTION, text, start, start + len(lines), forced=True))
        return len(lines)
    if head == ">":
        if first.endswith("<") and len(first) > 1:
            count = 0
            for line in lines:
                stripped = line.strip()
                if not (stripped.startswith(">") and stripped.endswith("<") and len(stripped) > 1):
                    break
                count += 1
            text = "\n".join(line.strip()[1:-1].strip() for line in lines[:count])
            out.append(Element(T.CENTERED, text, start, start + count))
            return count
        out.append(Element(T.TRANSITION, first[1:].strip(), start, start + 1, forced=True))
        return 1
    if head == "~":
        count = next((i for i, line in enumerate(lines) if not line.strip().startswith("~")), None)
        count = count or len(lines)
        text = "\n".join(line.strip()[1:].strip() for line in lines[:count])
        out.append(Element(T.LYRICS, text, start, start + count))
        return count
    if len(lines) == 1 and is_transition(lines[0].lstrip()):
        out.append(Element(T.TRANSITION, first, start, start + 1))
        return 1
    if len(lines) > 1 and (head == "@" or is_character_cue(first)):
        _speech(lines, start, out)
        return len(lines)
    out.append(Element(T.ACTION, _action_text(lines), start, start + len(lines)))
    return len(lines)


def _heading(text: str, line: int, forced: bool) -> Element:
    number = ""
    match = _SCENE_NUMBER.search(text)
    if match:
        number = match[1] or match[2]
        text = text[: match.start()]
    heading = text.strip()
    return Element(T.SCENE_HEADING, heading, line, line + 1, scene_number=number, forced=forced)


def _action_text(lines: list[str]) -> str:
    # Leading spaces and tabs are the writer's indentation; a two-space line is a blank line.
    return "\n".join(line.rstrip() for line in lines)


def _speech(lines: list[str], start: int, out: list[Element]) -> None:
    cue = lines[0].strip()
    forced = cue.startswith("@")
    cue = cue.removeprefix("@")
    dual = cue.endswith("^")
    first = len(out)
    out.append(Element(T.CHARACTER, cue.removesuffix("^").strip(), start, start + 1, forced=forced))
    said: list[str] = []
    said_from = start + 1
    for n, line in enumerate(lines[1:], start + 1):
        stripped = line.strip()
        if stripped.startswith("(") and stripped.endswith(")"):
            if said:
                out.append(Element(T.DIALOGUE, "\n".join(said), said_from, n))
                said = []
            out.append(Element(T.PARENTHETICAL, stripped, n, n + 1))
        else:
            if not said:
                said_from = n
            said.append(stripped)
    if said:
        out.append(Element(T.DIALOGUE, "\n".join(said), said_from, start + len(lines)))
    if dual:
        _pair_dual(out, first)


def _pair_dual(out: list[Element], second: int) -> None:
    """Mark the speech at out[second:] and the speech just before it as dual dialogue."""
    before = second - 1
    while before >= 0 and out[before].type in (T.PARENTHETICAL, T.DIALOGUE):
        before -= 1
    if before < 0 or out[before].type is not T.CHARACTER or out[before].dual:
        return  # no speech to pair with: an ordinary speech
    for element in out[before:second]:
        element.dual = 1
    for element in out[second:]:
        element.dual = 2


def _merge_by_line(body: list[Element], bones: list[Element]) -> list[Element]:
    from heapq import merge

    return list(merge(body, bones, key=lambda e: e.start_line))


__all__ = ["SPEECH", "is_character_cue", "is_scene_heading", "is_transition", "parse"]
