"""The fused score prompt: moods from the scenes under a range, tempo, key and style."""

from __future__ import annotations

import dataclasses

import pytest

from plugins.builtin.temp_score import TempScoreParams
from studio.workflows.score.prompt import (
    STYLES,
    fuse_score_prompt,
    mood_of,
    scene_range,
    scenes_under,
)

from .timeline import three_scene_project


def test_the_scenes_under_a_range_are_those_of_its_shots_in_timeline_order():
    project = three_scene_project()
    assert [s.id for s in scenes_under(project, 40, 130)] == ["s1", "s2", "s3"]
    assert [s.id for s in scenes_under(project, 48, 120)] == ["s2"]
    assert scenes_under(project, 500, 600) == []


def test_a_tense_scene_gives_a_tense_minor_prompt_at_its_tempo():
    prompt = fuse_score_prompt(three_scene_project(), 48, 120)
    assert prompt.moods[0] == "tense"
    assert (prompt.tempo, prompt.key) == (96, "C minor")
    assert prompt.scenes == ("INT. WAREHOUSE - NIGHT",)
    text = prompt.text()
    assert text.startswith("cinematic orchestral film score, tense, suspenseful")
    assert "96 BPM" in text and "C minor" in text


def test_the_leading_moods_come_from_every_scene_in_the_range():
    prompt = fuse_score_prompt(three_scene_project(), 0, 168, style="electronic")
    assert set(prompt.moods) <= {"calm", "tense", "action", "mysterious"}
    assert len(prompt.moods) == 2
    assert prompt.text().startswith("electronic film score, ")


def test_every_field_can_be_edited_and_the_text_follows():
    prompt = fuse_score_prompt(three_scene_project(), 120, 168, tempo=150, key="E minor")
    assert prompt.moods[0] == "action"
    assert (prompt.tempo, prompt.key) == (150, "E minor")
    edited = dataclasses.replace(prompt, moods=("romantic",), style="piano")
    assert edited.text() == "solo piano film score, tender, romantic, 150 BPM, E minor, " + (
        "intimate, felt piano"
    )


@pytest.mark.parametrize(
    ("text", "mood"),
    [("Rain. She cries alone at the funeral.", "sad"), ("Nothing happens.", "calm")],
)
def test_mood_of_text(text, mood):
    assert mood_of(text)[0] == mood


def test_suggested_params_fit_the_temp_score_choices():
    prompt = fuse_score_prompt(three_scene_project(), 48, 120)
    values = prompt.suggested_params(TempScoreParams)
    assert values == {"tempo": 96, "key": "C", "mood": "tense"}
    TempScoreParams(**values)  # valid as they are
    odd = dataclasses.replace(prompt, moods=("mysterious",), key="Bb minor")
    assert odd.suggested_params(TempScoreParams) == {"tempo": 96}


def test_a_scene_range_spans_its_shots():
    project = three_scene_project()
    assert scene_range(project, "s2") == (48, 120)
    assert scene_range(project, "nope") is None
    assert set(STYLES) >= {"orchestral", "piano", "ambient"}
