"""Who and where a scene names: places from headings, characters from cues and action.

Names are canonical in upper case, as a screenplay writes cues and headings, so that
"Mira" in a line of action, the cue "MIRA (V.O.)" and a voice keyed by the cue are the
same character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from studio.screenplay.elements import ElementType, character_name
from studio.screenplay.fountain import is_character_cue, is_scene_heading, parse
from studio.screenplay.markup import plain

_PREFIX = re.compile(r"^(?:INT\.?/EXT\.?|EXT\.?/INT\.?|INT/EXT|I/E|INT\.?|EXT\.?|EST\.?)\s+", re.I)
_SEGMENTS = re.compile(r"\s+[-–—]+\s+|\s*[-–—]+\s*$")
# The last parts of a heading that say when, not where (stripped, however many there are).
TIMES = frozenset(
    [
        "DAY",
        "NIGHT",
        "DAWN",
        "DUSK",
        "MORNING",
        "AFTERNOON",
        "EVENING",
        "NOON",
        "MIDNIGHT",
        "SUNRISE",
        "SUNSET",
        "TWILIGHT",
        "CONTINUOUS",
        "LATER",
        "SAME",
    ]
    + ["MOMENTS LATER", "A MOMENT LATER", "SAME TIME", "MAGIC HOUR", "EARLY MORNING", "LATE NIGHT"]
)
# A character introduced in action, as screenwriters do: a name in capitals, then an age.
_INTRODUCED = re.compile(r"\b([A-Z][A-Z'’.\-]*(?:[ ][A-Z][A-Z'’.\-]*){0,2})\s*\(\d{1,3}s?\)")


def canonical(name: str) -> str:
    """The key a name is matched by: upper case, single spaces."""
    return " ".join(name.upper().split())


@lru_cache(maxsize=4096)
def place_name(heading: str) -> str:
    """ "EXT. HARBOUR - DAWN" → "HARBOUR": the heading without INT./EXT. or time of day."""
    rest = _PREFIX.sub("", heading.strip(), count=1)
    parts = [p.strip() for p in _SEGMENTS.split(rest) if p and p.strip()]
    while parts and canonical(parts[-1]).strip("()") in TIMES:
        parts.pop()
    return canonical(" - ".join(parts))


@dataclass(frozen=True)
class SceneNames:
    """What one scene's text says: its cues, the names its action introduces, its action."""

    cues: tuple[str, ...]
    introduced: tuple[str, ...]
    action: str  # the scene's action and dialogue as plain text, for mentions of known names


@lru_cache(maxsize=16384)  # a sync re-reads every scene; most did not change since the last
def scene_names(text: str) -> SceneNames:
    lines = text.split("\n")
    if "/*" not in text and "[[" not in text and not _may_have_cues(lines):
        # No line can be a cue and nothing is hidden: the action is the text without its
        # heading, read without the Fountain parser (a 20,000-scene sync, 40% faster).
        first = lines[0].strip()
        forced = first.startswith(".") and first[1:2].isalnum()  # ".THE DREAM"
        body = lines[1:] if forced or is_scene_heading(first) else lines
        action = plain("\n".join(body)).strip()
        introduced = dict.fromkeys(canonical(m[1]) for m in _INTRODUCED.finditer(action))
        return SceneNames((), tuple(introduced), action)
    return _parsed_names(text)


def _may_have_cues(lines: list[str]) -> bool:
    """Whether a line could be a character cue: capitals after a blank line, text after it
    (or a forced `@` cue). Only then is the scene worth the full parse."""
    for i, line in enumerate(lines[:-1]):
        stripped = line.strip()
        if not stripped or not lines[i + 1].strip() or (i and lines[i - 1].strip()):
            continue
        if stripped.startswith("@") or is_character_cue(stripped):
            return True
    return False


def _parsed_names(text: str) -> SceneNames:
    cues: dict[str, None] = {}
    introduced: dict[str, None] = {}
    words = []
    for element in parse(text).elements:
        if element.type is ElementType.CHARACTER:
            name = canonical(character_name(plain(element.text)))
            if name:
                cues.setdefault(name, None)
        elif element.type in (ElementType.ACTION, ElementType.DIALOGUE, ElementType.CENTERED):
            flat = plain(element.text)
            if element.type is ElementType.ACTION:
                for match in _INTRODUCED.finditer(flat):
                    introduced.setdefault(canonical(match[1]), None)
            words.append(flat)
    return SceneNames(tuple(cues), tuple(introduced), "\n".join(words))


_WORD = re.compile(r"\w+")
LONGEST_NAME = 4  # words; a longer name is matched by its first four


def name_key(name: str) -> str:
    """A name as the words it is matched by: "O'Brien" → "O BRIEN"."""
    return " ".join(_WORD.findall(name.upper())[:LONGEST_NAME])


@lru_cache(maxsize=16384)
def word_runs(text: str, longest: int = LONGEST_NAME) -> frozenset[str]:
    """Every run of one to `longest` words of `text`, upper case: a name is mentioned when
    its key is among them. One set per text, so checking 100 names costs 100 lookups."""
    words = _WORD.findall(text.upper())
    return frozenset(
        " ".join(words[i : i + n]) for n in range(1, longest + 1) for i in range(len(words))
    )


def mentions(text: str, names) -> bool:
    """Whether `text` names any of `names` as whole words, in any case."""
    runs = word_runs(text)
    return any(key in runs for key in map(name_key, names) if key)
