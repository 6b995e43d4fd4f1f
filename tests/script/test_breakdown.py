"""Breakdown: scenes and shots with lengths, placeholders as one undo step, re-runs keep takes."""

from pathlib import Path

import pytest

from studio.model import Document, TrackKind
from studio.model.edits import UpdateItem
from studio.plugins.api import Context, Generator, Kind, Request, Text
from studio.screenplay import parse
from studio.workflows.script.breakdown import (
    STORYBOARD_TRACK,
    break_down,
    estimate_seconds,
    parse_shot_list,
    scene_summaries,
    suggest_shots,
)

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.fountain"
SCRIPT = """INT. KITCHEN - DAY

Ann pours coffee.

ANN
I never liked this town. Not one bit, not since the day we came here.

EXT. STREET - NIGHT

Rain.

INT. CAR - NIGHT
"""


def storyboard(doc):
    track = next(t for t in doc.project.tracks if t.name == STORYBOARD_TRACK)
    assert track.kind is TrackKind.VIDEO
    return track.clips


def test_lengths_from_dialogue_and_action_with_page_a_minute_fallback():
    scenes = parse(SCRIPT).scenes
    # 15 words at 150 a minute (5.6 s) + one printed action line at 60/54 s.
    assert estimate_seconds(scenes[0]) == pytest.approx(15 * 0.4 + 60 / 54)
    assert estimate_seconds(scenes[1]) == pytest.approx(60 / 54)
    assert estimate_seconds(scenes[2]) == pytest.approx(60 / 8)  # heading only: 1/8 page


def test_scene_summaries_for_the_command_line():
    rows = scene_summaries(parse(SCRIPT))
    assert [r["heading"] for r in rows] == [
        "INT. KITCHEN - DAY",
        "EXT. STREET - NIGHT",
        "INT. CAR - NIGHT",
    ]
    assert rows[0] == {
        "number": "1",
        "heading": "INT. KITCHEN - DAY",
        "line": 1,
        "estimated_seconds": 7.1,
    }


def test_one_shot_per_scene_and_placeholders_as_one_undo_step():
    doc = Document()
    result = break_down(doc, parse(SCRIPT), script_text=SCRIPT)
    assert result.ok, result.reason
    project = doc.project
    assert [s.heading for s in project.scenes] == [
        "INT. KITCHEN - DAY",
        "EXT. STREET - NIGHT",
        "INT. CAR - NIGHT",
    ]
    assert [s.scene_id for s in project.shots] == [s.id for s in project.scenes]
    assert project.shots[0].description == "Ann pours coffee."
    assert project.shots[0].duration == round((15 * 0.4 + 60 / 54) * 24)
    clips = storyboard(doc)
    assert [c.shot_id for c in clips] == [s.id for s in project.shots]
    assert [c.start for c in clips] == [0, clips[0].end, clips[1].end]
    assert all(c.asset_id is None and c.text for c in clips)
    assert project.script.text == SCRIPT
    assert doc.undo_label() == "Break down script"
    doc.undo()
    assert not project.scenes and not project.shots and not project.tracks
    assert project.script.text == ""
    assert not doc.can_undo()


def test_rerun_without_changes_adds_no_undo_step():
    doc = Document()
    break_down(doc, parse(SCRIPT))
    result = break_down(doc, parse(SCRIPT))
    assert result.ok and result.reason == "nothing to change"


def _with_take(doc, shot_index, asset="a-take"):
    shot = doc.project.shots[shot_index]
    assert doc.apply(UpdateItem("shots", shot.id, {"takes": [asset], "picked": asset})).ok
    return shot.id


def test_rerun_after_edits_keeps_ids_takes_and_picked():
    doc = Document()
    break_down(doc, parse(SCRIPT))
    kitchen = _with_take(doc, 0)
    car_scene = doc.project.scenes[2].id
    car_shot = _with_take(doc, 2, "a-car")
    clip_ids = [c.id for c in storyboard(doc)]
    edited = SCRIPT.replace("Rain.", "Rain. Lots of it, over every roof in town.")
    edited = edited.replace("INT. CAR - NIGHT", "INT. CAR - LATER")  # renamed in place
    edited += "\nEXT. FIELD - DAWN\n\nBirds.\n"
    assert break_down(doc, parse(edited)).ok
    project = doc.project
    shots = {s.id: s for s in project.shots}
    assert shots[kitchen].takes == ["a-take"] and shots[kitchen].picked == "a-take"
    assert project.scenes[2].id == car_scene and project.scenes[2].heading == "INT. CAR - LATER"
    assert shots[car_shot].takes == ["a-car"] and shots[car_shot].scene_id == car_scene
    assert len(project.scenes) == 4 and len(project.shots) == 4
    clips = storyboard(doc)
    assert [c.id for c in clips[:3]] == clip_ids  # placeholders keep their ids
    assert clips[1].duration > 24  # the street scene grew with its action
    doc.undo()
    assert [s.heading for s in doc.project.scenes][2] == "INT. CAR - NIGHT"


def test_removed_scene_keeps_shots_that_have_takes():
    doc = Document()
    break_down(doc, parse(SCRIPT))
    kept = _with_take(doc, 1)
    dropped = doc.project.shots[2].id
    without_street = SCRIPT.replace("EXT. STREET - NIGHT\n\nRain.\n\n", "")
    assert break_down(doc, parse(without_street)).ok
    shots = {s.id: s for s in doc.project.shots}
    assert kept in shots and shots[kept].scene_id is None and shots[kept].takes
    assert [s.heading for s in doc.project.scenes] == ["INT. KITCHEN - DAY", "INT. CAR - NIGHT"]
    assert dropped in shots  # the car scene survived, matched by heading
    assert kept not in {c.shot_id for c in storyboard(doc)}


def test_reordered_scenes_follow_the_script():
    doc = Document()
    break_down(doc, parse(SCRIPT))
    ids = {s.heading: s.id for s in doc.project.scenes}
    swapped = "INT. CAR - NIGHT\n\n" + SCRIPT.replace("INT. CAR - NIGHT\n", "")
    assert break_down(doc, parse(swapped)).ok
    assert [s.id for s in doc.project.scenes] == [
        ids["INT. CAR - NIGHT"],
        ids["INT. KITCHEN - DAY"],
        ids["EXT. STREET - NIGHT"],
    ]
    assert [c.shot_id for c in storyboard(doc)] == [s.id for s in doc.project.shots]


def test_locked_storyboard_track_refuses_and_changes_nothing():
    from studio.model.edits import SetTrackFlags

    doc = Document()
    break_down(doc, parse(SCRIPT))
    track = next(t for t in doc.project.tracks if t.name == STORYBOARD_TRACK)
    doc.apply(SetTrackFlags(track.id, {"locked": True}))
    before = [(s.id, s.duration) for s in doc.project.shots]
    longer = SCRIPT.replace("Rain.", "Rain and wind, all night long, on every roof. " * 3)
    result = break_down(doc, parse(longer))
    assert not result.ok and "locked" in result.reason
    assert [(s.id, s.duration) for s in doc.project.shots] == before


class CannedWriter(Generator):
    """A text generator that answers with a fixed shot list, to test the LLM-assisted split."""

    id = "test.canned"
    output = Kind.TEXT
    answer = "1. Wide: the kitchen.\n2. Close: Ann's hands.\n3) Insert: the cup\nThanks!"

    def generate(self, request: Request, ctx: Context) -> Text:
        assert "INT. KITCHEN - DAY" in request.prompt
        return Text(self.answer)


def test_llm_assisted_split_through_the_plugin_api():
    script = parse(SCRIPT)
    scene_text = SCRIPT.split("EXT. STREET")[0]
    shots = suggest_shots(scene_text, CannedWriter(), Context())
    assert shots == ["Wide: the kitchen.", "Close: Ann's hands.", "Insert: the cup"]
    doc = Document()
    assert break_down(doc, script, suggestions={0: shots}).ok
    kitchen = [s for s in doc.project.shots if s.scene_id == doc.project.scenes[0].id]
    assert [s.description for s in kitchen] == shots
    total = round(estimate_seconds(script.scenes[0]) * 24)
    assert abs(sum(s.duration for s in kitchen) - total) <= 2
    assert [c.name.split()[0] for c in storyboard(doc)[:4]] == ["1A", "1B", "1C", "2"]


def test_a_shorter_suggestion_keeps_shots_with_takes():
    doc = Document()
    break_down(doc, parse(SCRIPT), suggestions={0: ["a", "b", "c"]})
    taken = _with_take(doc, 2)  # the third kitchen shot
    assert break_down(doc, parse(SCRIPT), suggestions={0: ["only one"]}).ok
    kitchen = [s for s in doc.project.shots if s.scene_id == doc.project.scenes[0].id]
    assert [s.description for s in kitchen] == ["only one", "c"]
    assert kitchen[1].id == taken


def test_parse_shot_list_drops_prose():
    assert parse_shot_list("Here you go:\n1. One\n - Two\n\n2. 2. Three\nok") == [
        "One",
        "Two",
        "Three",
    ]
    assert parse_shot_list("no list at all") == []


def test_sample_script_breaks_down():
    doc = Document()
    text = SAMPLE.read_text()
    assert break_down(doc, parse(text), script_text=text).ok
    assert len(doc.project.scenes) == 4 and len(storyboard(doc)) == 4
    assert doc.project.script.title == "The Lighthouse Keeper's Daughter"
