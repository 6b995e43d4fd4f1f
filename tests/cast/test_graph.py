"""The story graph: built from the sample screenplay, kept in sync through edits and renames,
saved and loaded, undone in one step."""

import json
from pathlib import Path

import pytest

from studio.model import Asset, Document, ElementKind, MediaKind
from studio.model.files import load_project, save_project
from studio.model.serialize import project_from_data, project_to_data
from studio.screenplay import parse
from studio.workflows.cast import edits
from studio.workflows.cast.graph import SyncElements
from studio.workflows.script.breakdown import break_down
from studio.workflows.storyboard import storyboard

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.fountain"


def broken_down(text: str) -> Document:
    doc = Document()
    assert break_down(doc, parse(text), script_text=text)
    return doc


def graph(project) -> dict[str, list[str]]:
    """name → the numbers of the scenes it is in."""
    number = {s.id: s.number for s in project.scenes}
    return {e.name: [number[s] for s in e.scenes] for e in project.elements}


def element(project, name):
    return next(e for e in project.elements if e.name == name)


def test_the_sample_screenplay_gives_its_cast_and_places():
    project = broken_down(SAMPLE.read_text()).project
    kinds = {e.name: e.kind for e in project.elements}
    assert graph(project) == {
        "MIRA": ["1", "2", "3"],  # cued in 1, named in the action of 2 and 3
        "HARBOUR": ["1"],
        "LIGHTHOUSE - STAIRWELL": ["2"],
        "LAMP ROOM": ["3"],
        "SEA": ["4"],
    }
    assert kinds["MIRA"] is ElementKind.CHARACTER and kinds["SEA"] is ElementKind.PLACE
    # One shot per scene after a first breakdown: each shot shows its scene's cast and place.
    shot_of = {s.scene_id: s.id for s in project.shots}
    assert element(project, "MIRA").shots == [shot_of[s] for s in element(project, "MIRA").scenes]


def test_shots_show_the_cast_their_descriptions_name(tmp_path):
    doc = broken_down(SAMPLE.read_text())
    project = doc.project
    harbour = project.scenes[0]
    first = next(s for s in project.shots if s.scene_id == harbour.id)
    edit, second = storyboard.add_shot(project, "Mira runs along the quay", scene_id=harbour.id)
    assert doc.apply(edit)
    assert doc.apply(storyboard.describe_shot(project, first.id, "Wide: fog over the harbour"))
    mira = element(project, "MIRA")
    assert first.id not in mira.shots and second in mira.shots
    assert {first.id, second} <= set(element(project, "HARBOUR").shots)  # places: every shot
    assert doc.apply(storyboard.remove_shot(project, second))
    assert second not in element(project, "MIRA").shots


def test_script_edits_keep_the_graph_in_sync_and_renames_keep_references():
    text = SAMPLE.read_text()
    doc = broken_down(text)
    project = doc.project
    mira = element(project, "MIRA")
    still = Asset("a-ref", MediaKind.IMAGE, "mira.png", "media/mira.png", 64, 64)
    assert doc.apply(edits.add_reference(project, mira.id, still))
    assert doc.apply(edits.describe(project, mira.id, "a girl of 17 in an oilskin coat"))

    # A new character speaks in the lamp room.
    added = text.replace(
        "The beam sweeps out across the water.",
        "The beam sweeps out across the water.\n\nKEEPER\n(from below)\nWell done, girl.",
    )
    assert break_down(doc, parse(added), script_text=added)
    assert graph(project)["KEEPER"] == ["3"]

    # Mira becomes Miranda everywhere: same element, same references and description.
    renamed = added.replace("MIRA", "MIRANDA").replace("Mira", "Miranda")
    assert break_down(doc, parse(renamed), script_text=renamed)
    miranda = element(project, "MIRANDA")
    assert miranda.id == mira.id
    assert miranda.references == ["a-ref"]
    assert miranda.description == "a girl of 17 in an oilskin coat"
    assert "MIRA" not in graph(project)

    # The keeper leaves the script: nothing of the user's in it, so it goes.
    assert break_down(doc, parse(renamed.replace("KEEPER", "")), script_text=renamed)
    assert "KEEPER" not in graph(project)

    # A heading renamed in place keeps its place element.
    lamp = element(project, "LAMP ROOM")
    assert doc.apply(edits.describe(project, lamp.id, "a brass lantern room"))
    moved = renamed.replace("INT. LAMP ROOM", "INT. LANTERN ROOM")
    assert break_down(doc, parse(moved), script_text=moved)
    assert element(project, "LANTERN ROOM").id == lamp.id


def test_a_character_the_user_described_stays_when_the_script_drops_it():
    text = SAMPLE.read_text()
    doc = broken_down(text)
    project = doc.project
    mira = element(project, "MIRA")
    assert doc.apply(edits.describe(project, mira.id, "oilskin coat"))
    gone = "\n".join(line for line in text.splitlines() if "MIRA" not in line.upper())
    assert break_down(doc, parse(gone), script_text=gone)
    kept = element(project, "MIRA")
    assert kept.id == mira.id and kept.scenes == [] and kept.shots == []


def test_a_renamed_element_keeps_its_old_name_as_an_alias():
    doc = broken_down(SAMPLE.read_text())
    project = doc.project
    mira = element(project, "MIRA")
    assert doc.apply(edits.rename(project, mira.id, "Mira Hale"))
    assert mira.name == "MIRA HALE" and "MIRA" in mira.aliases
    assert len(mira.scenes) == 3  # the script's cue MIRA still finds her
    with pytest.raises(Exception, match="already names"):
        edits.rename(project, element(project, "SEA").id, "mira")


def test_props_are_the_users_and_found_by_name():
    doc = broken_down(SAMPLE.read_text())
    project = doc.project
    assert doc.apply(edits.add_element(project, ElementKind.PROP, "lantern", "a brass lantern"))
    lantern = element(project, "LANTERN")
    assert graph(project)["LANTERN"] == ["2"]  # "Her lantern throws long shadows."
    assert lantern.kind is ElementKind.PROP


def test_the_sync_is_one_undo_step_with_the_breakdown_and_a_rerun_adds_none():
    text = SAMPLE.read_text()
    doc = Document()
    assert break_down(doc, parse(text), script_text=text)
    assert doc.project.elements
    steps = len(doc._undo)
    assert doc.apply(SyncElements()).reason == "nothing to change"
    assert break_down(doc, parse(text), script_text=text).reason == "nothing to change"
    assert len(doc._undo) == steps
    doc.undo()
    assert doc.project.elements == [] and doc.project.scenes == []


def test_the_graph_is_saved_and_loaded(tmp_path):
    doc = broken_down(SAMPLE.read_text())
    project = doc.project
    mira = element(project, "MIRA")
    still = Asset("a-ref", MediaKind.IMAGE, "mira.png", "media/mira.png", 64, 64)
    assert doc.apply(edits.add_reference(project, mira.id, still))
    assert doc.apply(edits.describe(project, mira.id, "oilskin coat"))
    doc.path = tmp_path / "Film.storyreel"
    save_project(doc)
    again = load_project(doc.path).project
    assert project_to_data(again) == project_to_data(project)
    assert element(again, "MIRA").references == ["a-ref"]


def test_a_project_without_a_graph_loads_and_saves_as_before():
    doc = broken_down(SAMPLE.read_text())
    data = project_to_data(doc.project)
    data.pop("elements")
    for shot in data["shots"]:
        shot.pop("outdated", None)
    old = project_from_data(json.loads(json.dumps(data)))
    assert old.elements == []
    assert "elements" not in project_to_data(old)
    assert all("outdated" not in s for s in project_to_data(old)["shots"])


def test_bad_elements_are_refused_in_words():
    from studio.model.serialize import FormatError

    doc = broken_down(SAMPLE.read_text())
    data = project_to_data(doc.project)
    data["elements"][0]["kind"] = "dragon"
    with pytest.raises(FormatError, match="kind must be one of"):
        project_from_data(data)
    data["elements"][0]["kind"] = "character"
    data["elements"][0]["references"] = ["a-gone"]  # media removed since: dropped
    assert project_from_data(data).elements[0].references == []
