"""Screenplay page layout: US Letter, Courier 12 pt (10 characters an inch, 6 lines an inch).

Positions are in inches from the page's left edge and in line slots from the top margin.
The PDF writer draws these pages; the breakdown counts their lines for the page-a-minute rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from studio.screenplay.elements import Element, ElementType, Screenplay
from studio.screenplay.markup import Run, runs

T = ElementType

PAGE_WIDTH, PAGE_HEIGHT = 8.5, 11.0
TOP_MARGIN = 1.0
LINES_PER_PAGE = 54  # 9 inches between 1-inch top and bottom margins, 6 lines an inch
CHARS_PER_INCH = 10


@dataclass(frozen=True)
class Column:
    left: float  # inches from the page's left edge
    width: int  # characters
    align: str = "left"  # "left" | "right" | "center"


# The industry's usual indents (Final Draft's defaults, within a few tenths of an inch).
COLUMNS: dict[ElementType, Column] = {
    T.SCENE_HEADING: Column(1.5, 60),
    T.ACTION: Column(1.5, 60),
    T.CHARACTER: Column(3.7, 38),
    T.PARENTHETICAL: Column(3.1, 25),
    T.DIALOGUE: Column(2.5, 35),
    T.LYRICS: Column(2.5, 35),
    T.TRANSITION: Column(1.5, 60, "right"),
    T.CENTERED: Column(1.5, 60, "center"),
}
# Dual dialogue: two narrower speeches side by side (left, right).
DUAL_COLUMNS: dict[ElementType, tuple[Column, Column]] = {
    T.CHARACTER: (Column(2.3, 20), Column(5.3, 20)),
    T.PARENTHETICAL: (Column(1.9, 22), Column(4.9, 22)),
    T.DIALOGUE: (Column(1.5, 28), Column(4.5, 28)),
    T.LYRICS: (Column(1.5, 28), Column(4.5, 28)),
}
HIDDEN = frozenset({T.SECTION, T.SYNOPSIS, T.NOTE, T.BONEYARD})


@dataclass(frozen=True)
class Line:
    """One printed line: styled runs placed at `x` inches (already aligned)."""

    x: float
    runs: tuple[Run, ...]


@dataclass
class Block:
    """Lines that print together; `rows[i]` is what goes on one line slot (maybe two sides)."""

    rows: list[list[Line]]
    keep_with_next: bool = False  # a scene heading never ends a page
    splittable: bool = False  # action may break across pages between lines
    speaker: str = ""  # a speech breaks with (MORE) / NAME (CONT'D)
    new_page: bool = False  # a forced page break (===) before it


@dataclass
class Page:
    number: int
    rows: list[list[Line]] = field(default_factory=list)


def wrap(text: str, width: int) -> list[list[Run]]:
    """Word-wrap marked-up text to `width` characters, keeping each character's style."""
    lines: list[list[Run]] = []
    for paragraph in _split_lines(runs(text)):
        whole = "".join(t for t, _ in paragraph)
        if not whole:
            lines.append([])
        elif len(paragraph) == 1:  # one style: slice the string, the common case
            style = paragraph[0][1]
            lines += [[(whole[a:b], style)] for a, b in _breaks(whole, width)]
        else:
            chars = [(c, s) for t, s in paragraph for c in t]
            lines += [_join(chars[a:b]) for a, b in _breaks(whole, width)]
    return lines


def _breaks(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each wrapped line: break at the last space that fits, else hard."""
    out = []
    start = 0
    while len(text) - start > width:
        space = text.rfind(" ", start + 1, start + width + 1)
        if space > start:
            out.append((start, space))
            start = space + 1
        else:
            out.append((start, start + width))
            start += width
    out.append((start, len(text)))
    return out


def line_count(element: Element) -> int:
    """How many printed lines an element takes (0 for what is not printed)."""
    if element.type in HIDDEN or element.type is T.PAGE_BREAK:
        return 0
    column = COLUMNS[element.type]
    if element.dual:
        column = DUAL_COLUMNS.get(element.type, (column, column))[0]
    return len(wrap(element.text, column.width))


def blocks(screenplay: Screenplay) -> list[Block]:
    """Group the printed elements into blocks, in script order."""
    out: list[Block] = []
    elements = [e for e in screenplay.elements if e.type not in HIDDEN]
    i = 0
    page_break = False
    while i < len(elements):
        element = elements[i]
        if element.type is T.PAGE_BREAK:
            page_break, i = True, i + 1
            continue
        if element.type is T.CHARACTER:
            end = _speech_end(elements, i)
            if element.dual == 1 and end < len(elements) and elements[end].dual == 2:
                second_end = _speech_end(elements, end)
                block = _dual_block(elements[i:end], elements[end:second_end])
                end = second_end
            else:
                block = _speech_block(elements[i:end])
            i = end
        else:
            block = Block([[line] for line in _lines(element, COLUMNS[element.type])])
            if element.type is T.SCENE_HEADING and element.scene_number:
                block.rows[0] += _scene_numbers(element.scene_number)
            block.keep_with_next = element.type is T.SCENE_HEADING
            block.splittable = element.type is T.ACTION
            i += 1
        block.new_page, page_break = page_break, False
        out.append(block)
    return out


def paginate(screenplay: Screenplay, lines_per_page: int = LINES_PER_PAGE) -> list[Page]:
    """Lay the script out on pages: one blank line between blocks, none at a page's top."""
    pages = [Page(1)]
    pending = blocks(screenplay)
    i = 0
    while i < len(pending):
        block = pending[i]
        page = pages[-1]
        if block.new_page and page.rows:
            pages.append(Page(len(pages) + 1))
            continue
        gap = 1 if page.rows else 0
        room = lines_per_page - len(page.rows) - gap
        need = len(block.rows)
        if block.keep_with_next and i + 1 < len(pending):
            need += 1 + min(2, len(pending[i + 1].rows))
        if need <= room:
            page.rows += [[]] * gap + block.rows
            i += 1
            continue
        head, tail = _split(block, room)
        if head:
            page.rows += [[]] * gap + head
            pending[i] = tail
        elif not page.rows:  # taller than a page and not splittable: cut it plainly
            page.rows += block.rows[:lines_per_page]
            pending[i] = Block(block.rows[lines_per_page:])
            if not pending[i].rows:
                i += 1
        pages.append(Page(len(pages) + 1))
    if len(pages) > 1 and not pages[-1].rows:
        pages.pop()
    return pages


def _split(block: Block, room: int) -> tuple[list[list[Line]], Block]:
    """The rows of `block` that fit in `room` lines here, and a block of the rest."""
    if block.splittable and room >= 2 and len(block.rows) - room >= 2:
        return block.rows[:room], Block(block.rows[room:], splittable=True)
    if block.speaker and room >= 4 and len(block.rows) - (room - 1) >= 2:
        # Character cue, at least one line of speech, then (MORE); the rest under NAME (CONT'D).
        more = Line(COLUMNS[T.CHARACTER].left, (("(MORE)", ""),))
        cue = Line(COLUMNS[T.CHARACTER].left, ((f"{block.speaker} (CONT'D)", ""),))
        rest = Block([[cue], *block.rows[room - 1 :]], speaker=block.speaker)
        return [*block.rows[: room - 1], [more]], rest
    return [], block


def _speech_end(elements: list[Element], start: int) -> int:
    end = start + 1
    while end < len(elements) and elements[end].type in (T.PARENTHETICAL, T.DIALOGUE, T.LYRICS):
        if elements[end].dual != elements[start].dual:
            break
        end += 1
    return end


def _speech_block(speech: list[Element]) -> Block:
    rows = [[line] for element in speech for line in _lines(element, COLUMNS[element.type])]
    name = speech[0].text.split("(", 1)[0].strip()
    return Block(rows, speaker=name)


def _dual_block(left: list[Element], right: list[Element]) -> Block:
    sides = []
    for side, speech in enumerate((left, right)):
        sides.append([line for e in speech for line in _lines(e, DUAL_COLUMNS[e.type][side])])
    height = max(len(sides[0]), len(sides[1]))
    rows = [[s[n] for s in sides if n < len(s)] for n in range(height)]
    return Block(rows)


def _lines(element: Element, column: Column) -> list[Line]:
    text = element.text.upper() if element.type is T.SCENE_HEADING else element.text
    out = []
    for line in wrap(text, column.width):
        if element.type is T.LYRICS:
            line = [(t, "".join(c for c in "BIU" if c in s + "I")) for t, s in line]
        length = sum(len(t) for t, _ in line)
        x = column.left
        if column.align == "right":
            x += (column.width - length) / CHARS_PER_INCH
        elif column.align == "center":
            x += (column.width - length) / 2 / CHARS_PER_INCH
        out.append(Line(x, tuple(line)))
    return out


def _scene_numbers(number: str) -> list[Line]:
    """The scene number in both margins, as shooting scripts print it."""
    width = len(number) / CHARS_PER_INCH
    return [Line(1.4 - 0.3 - width, ((number, ""),)), Line(PAGE_WIDTH - 1.0 + 0.3, ((number, ""),))]


def _split_lines(styled: list[Run]) -> list[list[Run]]:
    lines: list[list[Run]] = [[]]
    for text, style in styled:
        parts = text.split("\n")
        for n, part in enumerate(parts):
            if n:
                lines.append([])
            if part:
                lines[-1].append((part, style))
    return lines


def _join(chars: list[tuple[str, str]]) -> list[Run]:
    out: list[Run] = []
    for char, style in chars:
        if out and out[-1][1] == style:
            out[-1] = (out[-1][0] + char, style)
        else:
            out.append((char, style))
    return out
