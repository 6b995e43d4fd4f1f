"""Each character's voice: the one kept in the project with the character (by cue name),
else a default made from the name, so a character sounds alike in every line."""

from __future__ import annotations

import zlib
from typing import Any

from studio.model.edits import AddItem, Edit, UpdateItem
from studio.model.entities import Voice
from studio.model.project import Project

SPEECH_GENERATOR = "speech.tts"
# A voice for a character nobody chose one for: the same from the name every time, so a
# character sounds alike in every line and characters differ (on any one-speaker model).
_PITCHES = (-5.0, -3.0, -1.0, 1.0, 3.0, 5.0, 0.0)
_SPEEDS = (0.95, 1.0, 1.05)


def default_voice(character: str, generator: str = SPEECH_GENERATOR) -> Voice:
    key = zlib.crc32(character.casefold().encode())
    params = {"pitch": _PITCHES[key % len(_PITCHES)], "speed": _SPEEDS[key // 7 % len(_SPEEDS)]}
    return Voice(character, generator, params)


def voice_of(project: Project, character: str) -> Voice:
    """The character's voice: the one kept in the project, else its default."""
    stored = project.item("voices", character)
    return stored if stored is not None else default_voice(character)


def voice_record(voice: Voice) -> dict[str, Any]:
    """What a line remembers of the voice it was said in (a changed voice outdates it)."""
    return {"generator": voice.generator, "params": dict(voice.params)}


def set_voice_edit(project: Project, character: str, generator: str, params: dict) -> Edit:
    """One undoable edit giving a character a voice (the Script panel's voice chooser)."""
    if project.item("voices", character) is None:
        return AddItem("voices", Voice(character, generator, dict(params)))
    return UpdateItem("voices", character, {"generator": generator, "params": dict(params)})
