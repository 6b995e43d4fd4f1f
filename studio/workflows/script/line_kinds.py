"""What each line of Fountain text is, one line at a time, for the editor's highlighter.

No Qt. A syntax highlighter sees one line, the state the previous line left and, here,
the lines after it; the rules mirror `studio.screenplay.fountain.parse` (and a test holds
them to it), so the colours agree with the scene list. The state is an int, as Qt's block
state is: the context the next line needs, a bit for an open /* boneyard */, and the
line's kind, which Qt also uses to know when a change must flow on to the next line.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from studio.screenplay.fountain import (
    TITLE_KEYS,
    is_character_cue,
    is_scene_heading,
    is_transition,
)


class Kind(enum.IntEnum):
    BLANK = 0
    TITLE = 1
    SCENE_HEADING = 2
    ACTION = 3
    CHARACTER = 4
    PARENTHETICAL = 5
    DIALOGUE = 6
    LYRICS = 7
    TRANSITION = 8
    CENTERED = 9
    PAGE_BREAK = 10
    SECTION = 11
    SYNOPSIS = 12
    NOTE = 13
    BONEYARD = 14


class _Context(enum.IntEnum):
    """What the previous line means for this one."""

    START = 0  # nothing but blank lines so far: a title page may begin
    BLANK = 1  # after a blank line: a new paragraph
    FRESH = 2  # inside a paragraph, after a one-line element: a new element begins
    ACTION = 3
    SPEECH = 4
    CENTERED = 5
    LYRICS = 6
    NOTE = 7
    TITLE = 8


BONE_OPEN = 0x10
_CONTEXT_MASK = 0x0F
_KIND_SHIFT = 8

_PAGE_BREAK = re.compile(r"={3,}$")
_TITLE_KEY = re.compile(r"([A-Za-z][A-Za-z0-9 _\-]*):")
_INLINE_NOTE = re.compile(r"\[\[.*?\]\]")
_SCENE_NUMBER = re.compile(r"\s+#[\w.\-]+#$")


@dataclass
class Line:
    """A classified line: its kind, the state it leaves, and spans painted on top
    (start, length, role) with role "marker" (a forcing character), "boneyard" or "note"."""

    kind: Kind
    state: int
    spans: list[tuple[int, int, str]] = field(default_factory=list)


def kind_of_state(state: int) -> Kind:
    """The kind stored in a block state (BLANK for a block not yet highlighted)."""
    return Kind(state >> _KIND_SHIFT) if state >= 0 else Kind.BLANK


def without_boneyard(line: str, open_: bool) -> tuple[str, list[tuple[int, int]], bool]:
    """The line as the parser sees it with /* */ removed, the removed spans, and whether
    a boneyard is still open at its end."""
    if not open_ and "/*" not in line:
        return line, [], False
    kept: list[str] = []
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        if not open_:
            start = line.find("/*", pos)
            if start < 0:
                kept.append(line[pos:])
                return "".join(kept), spans, False
            kept.append(line[pos:start])
            open_, pos = True, start
        else:
            end = line.find("*/", pos + (2 if line.startswith("/*", pos) else 0))
            if end < 0:
                spans.append((pos, len(line) - pos))
                return "".join(kept), spans, True
            spans.append((pos, end + 2 - pos))
            open_, pos = False, end + 2


def _blank(kept: str) -> bool:
    # The parser's rule: a line of two or more spaces is part of its paragraph.
    return not kept.strip() and not kept.startswith("  ")


def classify(state: int, line: str, following: Callable[[int], str | None]) -> Line:
    """Classify `line`, given the previous line's `state` (-1 for the first line) and
    `following(k)`, the k-th line after it (1 = the next) or None past the end."""
    state = max(state, 0)
    bone_open = bool(state & BONE_OPEN)
    context = _Context(state & _CONTEXT_MASK)
    kept, bones, bone_after = without_boneyard(line, bone_open)
    spans = [(start, length, "boneyard") for start, length in bones]
    spans += [(m.start(), m.end() - m.start(), "note") for m in _INLINE_NOTE.finditer(line)]

    def done(kind: Kind, next_context: _Context) -> Line:
        packed = int(next_context) | (BONE_OPEN if bone_after else 0) | (int(kind) << _KIND_SHIFT)
        return Line(kind, packed, spans)

    if _blank(kept):
        kind = Kind.BONEYARD if bones else Kind.BLANK
        return done(kind, _Context.START if context is _Context.START else _Context.BLANK)

    stripped = kept.strip()
    if context is _Context.TITLE:
        return done(Kind.TITLE, _Context.TITLE)
    if context is _Context.ACTION:
        return done(Kind.ACTION, _Context.ACTION)
    if context is _Context.NOTE:
        return done(Kind.NOTE, _Context.NOTE)
    if context is _Context.SPEECH:
        said = Kind.PARENTHETICAL if stripped[:1] == "(" and stripped[-1:] == ")" else Kind.DIALOGUE
        return done(said, _Context.SPEECH)
    if context is _Context.CENTERED and _is_centered(stripped):
        return done(Kind.CENTERED, _Context.CENTERED)
    if context is _Context.LYRICS and stripped.startswith("~"):
        return done(Kind.LYRICS, _Context.LYRICS)
    if context is _Context.START:
        match = _TITLE_KEY.match(stripped)
        if match and match[1].strip().casefold() in TITLE_KEYS:
            return done(Kind.TITLE, _Context.TITLE)
    after_blank = context in (_Context.START, _Context.BLANK)
    return _element_start(kept, stripped, after_blank, bone_after, following, spans, done)


def _element_start(kept, stripped, after_blank, bone_after, following, spans, done) -> Line:
    """The first line of an element: its prefix, or the paragraph's shape, says which."""
    head = stripped[:1]
    offset = len(kept) - len(kept.lstrip())
    if head == "=" and _PAGE_BREAK.match(stripped):
        return done(Kind.PAGE_BREAK, _Context.FRESH)
    if head == "#":
        return done(Kind.SECTION, _Context.FRESH)
    if head == "=":
        return done(Kind.SYNOPSIS, _Context.FRESH)
    if stripped.startswith("[[") and _is_note_paragraph(stripped, bone_after, following):
        return done(Kind.NOTE, _Context.NOTE)
    forced_heading = head == "." and stripped[1:2] not in (".", "")
    if forced_heading or is_scene_heading(stripped):
        more = _next_kept(bone_after, following)
        if not after_blank or (more is not None and more.strip()):
            return done(Kind.ACTION, _Context.ACTION)  # the parser's rule: a paragraph of one line
        if forced_heading:
            spans.append((offset, 1, "marker"))
        _mark_scene_number(kept, spans)
        return done(Kind.SCENE_HEADING, _Context.FRESH)
    if head == "!":
        spans.append((offset, 1, "marker"))
        return done(Kind.ACTION, _Context.ACTION)
    if head == ">":
        if _is_centered(stripped):
            spans += [(offset, 1, "marker"), (offset + len(stripped) - 1, 1, "marker")]
            return done(Kind.CENTERED, _Context.CENTERED)
        spans.append((offset, 1, "marker"))
        return done(Kind.TRANSITION, _Context.FRESH)
    if head == "~":
        spans.append((offset, 1, "marker"))
        return done(Kind.LYRICS, _Context.LYRICS)
    more = _next_kept(bone_after, following)
    alone = more is None or _blank(more)
    if alone and is_transition(kept.lstrip()):
        return done(Kind.TRANSITION, _Context.FRESH)
    if not alone and (head == "@" or is_character_cue(stripped)):
        if head == "@":
            spans.append((offset, 1, "marker"))
        if stripped.endswith("^"):
            spans.append((offset + len(stripped) - 1, 1, "dual"))
        return done(Kind.CHARACTER, _Context.SPEECH)
    return done(Kind.ACTION, _Context.ACTION)


def _is_centered(stripped: str) -> bool:
    return stripped.startswith(">") and stripped.endswith("<") and len(stripped) > 1


def _mark_scene_number(kept: str, spans: list) -> None:
    match = _SCENE_NUMBER.search(kept.rstrip())
    if match:
        spans.append((match.start(), match.end() - match.start(), "marker"))


def _next_kept(bone_open: bool, following: Callable[[int], str | None]) -> str | None:
    line = following(1)
    return None if line is None else without_boneyard(line, bone_open)[0]


def _is_note_paragraph(stripped: str, bone_open: bool, following) -> bool:
    """The parser's rule: a paragraph that is one [[note]] and nothing else."""
    parts = [stripped]
    k = 1
    while (line := following(k)) is not None:
        kept, _spans, bone_open = without_boneyard(line, bone_open)
        if _blank(kept):
            break
        parts.append(kept.strip())
        k += 1
    whole = "\n".join(parts)
    return whole.endswith("]]") and whole.find("]]") == len(whole) - 2
