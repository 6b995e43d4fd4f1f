"""Voices, voiced lines and a clip's ducking survive a save; older files load unchanged."""

from __future__ import annotations

import pytest

from studio.model import Asset, Clip, MediaKind, Project, Track, TrackKind
from studio.model.entities import DialogueLine, Voice
from studio.model.serialize import FormatError, project_from_data, project_to_data


def voiced_project() -> Project:
    take = Asset("a1", MediaKind.AUDIO, "MIRA: Hello", "media/l.wav", sample_rate=48000,
                 samples=48000, channels=1)  # fmt: skip
    score = Clip("c1", "a1", 0, 24, duck_db=-9.5)
    return Project(
        assets={"a1": take},
        tracks=[Track("t1", TrackKind.AUDIO, "A1", [score])],
        voices=[Voice("MIRA", "speech.tts", {"speaker": 3, "pitch": -2.0})],
        lines=[
            DialogueLine(
                "dl1",
                "s1",
                "MIRA",
                "Hello.",
                {"generator": "speech.tts", "params": {"speaker": 3}},
                ["a1"],
                "a1",
            )
        ],  # fmt: skip
    )


def test_voices_lines_and_ducking_survive_a_save():
    data = project_to_data(voiced_project())
    assert data["voices"] == {"MIRA": {"generator": "speech.tts",
                                       "params": {"speaker": 3, "pitch": -2.0}}}  # fmt: skip
    again = project_from_data(data)
    assert again.voices == voiced_project().voices
    assert again.lines == voiced_project().lines
    assert again.clip("c1").duck_db == -9.5
    assert project_to_data(again) == data


def test_a_project_never_voiced_is_written_as_before():
    data = project_to_data(Project(tracks=[Track("t1", TrackKind.AUDIO, "A1", [])]))
    assert "voices" not in data and "lines" not in data
    again = project_from_data(data)
    assert again.voices == [] and again.lines == []


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["tracks"][0]["clips"][0].update(duck_db=3.0), "duck_db"),
        (lambda d: d["tracks"][0]["clips"][0].update(duck_db="loud"), "duck_db"),
        (lambda d: d.update(voices=["MIRA"]), "voices"),
        (lambda d: d["voices"]["MIRA"].update(params=[1]), "the voice of MIRA"),
        (lambda d: d["lines"][0].update(takes="a1"), "line dl1"),
    ],
)
def test_a_damaged_voices_field_is_refused_by_name(change, named):
    data = project_to_data(voiced_project())
    change(data)
    with pytest.raises(FormatError, match=named):
        project_from_data(data)
