"""Fountain's inline markup: *italic*, **bold**, ***bold italic***, _underline_, [[notes]]."""

from __future__ import annotations

import re

# Escaped markers (\* \_) stand in as private-use characters while the pairs are matched.
_ESCAPES = {"\\*": "\ue000", "\\_": "\ue001"}
_UNESCAPE = {v: k[1] for k, v in _ESCAPES.items()}
_NOTE = re.compile(r"\[\[.*?\]\]", re.DOTALL)
# Longest markers first; a pair must open and close on the same line, around non-space text.
_PAIRS = [
    (re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*"), "BI", 3),
    (re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"), "B", 2),
    (re.compile(r"\*(?=\S)(.+?)(?<=\S)\*"), "I", 1),
    (re.compile(r"_(?=\S)(.+?)(?<=\S)_"), "U", 1),
]

Run = tuple[str, str]  # (text, style): style is a subset of "BIU" in that order


def runs(text: str) -> list[Run]:
    """Split marked-up text into styled runs, without markers, notes or escapes."""
    text = _NOTE.sub("", text)
    for escaped, stand_in in _ESCAPES.items():
        text = text.replace(escaped, stand_in)
    if "*" not in text and "_" not in text:
        return [(_unescape(text), "")] if text else []
    styles = [""] * len(text)
    dropped = [False] * len(text)
    for pattern, style, width in _PAIRS:
        # Markers already used by a longer pair are blanked so they cannot pair again.
        masked = "".join("\0" if d else c for c, d in zip(text, dropped, strict=True))
        for match in pattern.finditer(masked):
            opener = range(match.start(), match.start() + width)
            closer = range(match.end() - width, match.end())
            for i in (*opener, *closer):
                dropped[i] = True
            for i in range(match.start(1), match.end(1)):
                styles[i] += style
    result: list[Run] = []
    for char, style, gone in zip(text, styles, dropped, strict=True):
        if gone:
            continue
        style = "".join(s for s in "BIU" if s in style)
        if result and result[-1][1] == style:
            result[-1] = (result[-1][0] + char, style)
        else:
            result.append((char, style))
    return [(_unescape(t), s) for t, s in result]


def plain(text: str) -> str:
    """The text as printed: no emphasis markers, notes or escapes."""
    return "".join(t for t, _ in runs(text))


def markup(text: str, style: str) -> str:
    """Wrap plain text in the markers for `style` (the inverse of `runs` for one run).

    Spaces at either end stay outside the markers and each line is wrapped on its own:
    a pair must close on its line, after a non-space ("_the _" would not read back).
    """
    for char in "*_":
        text = text.replace(char, "\\" + char)
    return "\n".join(_markup_line(line, style) for line in text.split("\n"))


def _markup_line(line: str, style: str) -> str:
    core = line.strip()
    if not core or not style:
        return line
    start = line.index(core)
    if "U" in style:
        core = f"_{core}_"
    stars = "*" * (("B" in style) * 2 + ("I" in style))
    return line[:start] + stars + core + stars + line[start + len(line.strip()) :]


def _unescape(text: str) -> str:
    for stand_in, char in _UNESCAPE.items():
        text = text.replace(stand_in, char)
    return text
