"""The fused prompt of a shot: description first, then characters, setting, scene, in a style."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from studio.errors import UserError
from studio.model import Asset, MediaKind, Project, Scene, Settings, Shot
from studio.model.aspect import ASPECTS
from studio.workflows.storyboard.fusion import (
    characters_in,
    describe_heading,
    first_sentences,
    fuse_shot,
)
from studio.workflows.styles import load_styles


class Params(BaseModel):
    steps: int = 4


@pytest.fixture
def project() -> Project:
    scene = Scene(
        "s1",
        "EXT. HARBOUR - DAWN",
        "Fog rolls over the harbour. Mira runs along the quay, soaked. Far out, a horn sounds "
        "three times and the gulls fall silent over the water.",
    )
    shots = [
        Shot("h1", "s1", "Wide: the lighthouse on the point", 48, ["a1"], "a1"),
        Shot("h2", "s1", "Close: MIRA looks up at the dark lamp", 36),
        Shot("h3", None, "Insert: a match flares", 24, ["a3"], "a3"),
    ]
    assets = {i: Asset(i, MediaKind.IMAGE, i, f"media/{i}.png", 64, 64) for i in ("a1", "a3")}
    settings = Settings(width=2048, height=858)
    return Project(settings=settings, scenes=[scene], shots=shots, assets=assets)


CHARACTERS = {"Mira": "a girl of twelve in a yellow raincoat", "Tom": "the old keeper"}


def test_the_prompt_puts_the_shot_first_then_who_where_and_the_style(project):
    style = load_styles()["pencil-storyboard"]
    fused = fuse_shot(project, "h2", style=style, characters=CHARACTERS)
    prompt = fused.prompt
    assert prompt.startswith("rough pencil storyboard sketch of Close: MIRA looks up")
    order = ["MIRA looks up", "yellow raincoat", "exterior, harbour, dawn", "Fog rolls"]
    positions = [prompt.index(part) for part in order]
    assert positions == sorted(positions)
    assert "old keeper" not in prompt  # Tom is not in this shot or scene
    assert "graphite on paper" in prompt and "photo" in fused.negative_prompt
    assert fused.parts["characters"] == "Mira: a girl of twelve in a yellow raincoat"


def test_scene_text_is_cut_at_a_sentence_to_spare_the_token_budget(project):
    fused = fuse_shot(project, "h1")
    assert "Mira runs along the quay, soaked" in fused.parts["scene"]
    assert "gulls" not in fused.prompt


def test_size_and_length_come_from_the_project_and_aspect(project):
    fused = fuse_shot(project, "h1")
    assert fused.aspect == "2.39:1" and (fused.width, fused.height) == (768, 320)
    assert fused.duration == 2.0 and fused.fps == 24.0
    square = fuse_shot(project, "h1", aspect=ASPECTS["1:1"], area=1024 * 1024)
    assert (square.width, square.height) == (1024, 1024)


def test_the_user_edit_and_a_variation_reach_the_request(project, tmp_path):
    fused = fuse_shot(project, "h3").edited(prompt="a match, close, in the dark")
    request = fused.to_request(Params(), seed=5, variation_of=tmp_path / "take.png")
    assert request.prompt == "a match, close, in the dark" and request.seed == 5
    assert [(m.role, m.path) for m in request.inputs] == [("init-image", tmp_path / "take.png")]
    assert (request.width, request.height) == (fused.width, fused.height)


def test_neighbouring_frames_are_offered_as_inputs(project):
    fused = fuse_shot(project, "h2", folder=Path("/film"), neighbours=True)
    assert [(m.role, m.path) for m in fused.inputs] == [
        ("previous-shot", Path("/film/media/a1.png")),
        ("next-shot", Path("/film/media/a3.png")),
    ]
    assert fuse_shot(project, "h2").inputs == ()


def test_an_unknown_shot_is_a_user_error(project):
    with pytest.raises(UserError, match="no shot"):
        fuse_shot(project, "nope")


@pytest.mark.parametrize(
    ("heading", "words"),
    [
        ("EXT. HARBOUR - DAWN", "exterior, harbour, dawn"),
        ("INT. LAMP ROOM - CONTINUOUS", "interior, lamp room"),
        ("INT./EXT. CAR - NIGHT", "car, night"),
        ("A ROOM", "a room"),
    ],
)
def test_scene_headings_become_plain_words(heading, words):
    assert describe_heading(heading) == words


def test_helpers_on_their_edges():
    assert first_sentences("One two three four five six.", 5) == "One t"
    assert first_sentences("", 50) == ""
    assert characters_in("Tomas waves", {"Tom": "keeper"}) == {}  # whole words only
