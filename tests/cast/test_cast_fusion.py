"""A shot's request carries its cast: descriptions in the prompt and as ELEMENT inputs,
reference pictures as REFERENCE inputs; a new description re-fuses and marks takes."""

from pathlib import Path

from studio.engine.protocol import request_from_wire, request_to_wire
from studio.engine.provenance import provenance_for
from studio.model import Asset, Document, MediaKind
from studio.plugins.api import ELEMENT, REFERENCE, Generator, Kind
from studio.screenplay import parse
from studio.workflows.cast import edits
from studio.workflows.script.breakdown import break_down
from studio.workflows.storyboard.fusion import fuse_shot

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.fountain"
FOLDER = Path("/film")


def sample() -> Document:
    doc = Document()
    text = SAMPLE.read_text()
    assert break_down(doc, parse(text), script_text=text)
    return doc


def element(project, name):
    return next(e for e in project.elements if e.name == name)


def still(asset_id: str) -> Asset:
    return Asset(asset_id, MediaKind.IMAGE, f"{asset_id}.png", f"media/{asset_id}.png", 64, 64)


def test_descriptions_and_references_go_into_the_request():
    doc = sample()
    project = doc.project
    mira, harbour = element(project, "MIRA"), element(project, "HARBOUR")
    doc.apply(edits.describe(project, mira.id, "a girl of 17 in an oilskin coat"))
    doc.apply(edits.describe(project, harbour.id, "a granite quay, fishing boats"))
    doc.apply(edits.add_reference(project, harbour.id, still("a-quay")))
    doc.apply(edits.add_reference(project, mira.id, still("a-mira1")))
    doc.apply(edits.add_reference(project, mira.id, still("a-mira2"), main=True))
    shot = project.item("shots", mira.shots[0])

    fused = fuse_shot(project, shot.id, folder=FOLDER)
    assert "MIRA: a girl of 17 in an oilskin coat" in fused.prompt
    assert "HARBOUR: a granite quay" in fused.prompt
    assert fused.parts["references"] == "MIRA (2), HARBOUR (1)"
    texts = [(m.label, m.text) for m in fused.inputs if m.role == ELEMENT]
    assert texts == [
        ("MIRA", "a girl of 17 in an oilskin coat"),
        ("HARBOUR", "a granite quay, fishing boats"),
    ]
    pictures = [(m.label, m.path) for m in fused.inputs if m.role == REFERENCE]
    # The main character's main reference first: image-to-image fallbacks use it.
    assert pictures == [
        ("MIRA", FOLDER / "media/a-mira2.png"),
        ("MIRA", FOLDER / "media/a-mira1.png"),
        ("HARBOUR", FOLDER / "media/a-quay.png"),
    ]
    # A shot with nobody in it carries no cast.
    sea = project.item("shots", element(project, "SEA").shots[0])
    assert all(m.label != "MIRA" for m in fuse_shot(project, sea.id, folder=FOLDER).inputs)


def test_roles_and_labels_cross_the_worker_wire_and_reach_provenance():
    doc = sample()
    project = doc.project
    mira = element(project, "MIRA")
    doc.apply(edits.describe(project, mira.id, "oilskin coat"))
    doc.apply(edits.add_reference(project, mira.id, still("a-mira")))

    class Cls(Generator):
        id = "test.cast"
        output = Kind.IMAGE

        def generate(self, request, ctx):  # pragma: no cover - never run
            raise AssertionError

    request = fuse_shot(project, mira.shots[0], folder=FOLDER).to_request(Cls.Params(), 1)
    assert request_from_wire(request_to_wire(request), Cls).inputs == request.inputs
    record = provenance_for(Cls, request)
    assert {(i.role, i.label) for i in record.inputs} == {(ELEMENT, "MIRA"), (REFERENCE, "MIRA")}
    assert record.to_request(Cls.Params).inputs == request.inputs


def test_a_new_description_refuses_the_prompt_and_marks_takes_out_of_date():
    doc = sample()
    project = doc.project
    mira = element(project, "MIRA")
    shot = project.item("shots", mira.shots[0])
    doc.apply(edits.describe(project, mira.id, "oilskin coat"))  # no takes yet: none marked
    assert shot.outdated == []
    shot.takes, shot.picked = ["a-take1"], "a-take1"
    before = fuse_shot(project, shot.id).prompt

    assert doc.apply(edits.describe(project, mira.id, "a red raincoat"))
    assert "MIRA: a red raincoat" in fuse_shot(project, shot.id).prompt != before
    assert shot.outdated == ["a-take1"]
    # The other scenes' shots with takes are marked too; a shot without Mira is not.
    sea = project.item("shots", element(project, "SEA").shots[0])
    assert sea.outdated == []
    # A take made afterwards is up to date; undo puts back the description and the marks.
    shot.takes.append("a-take2")
    assert "a-take2" not in shot.outdated
    doc.undo()
    assert mira.description == "oilskin coat" and shot.outdated == []
    # Describing with the same words changes nothing.
    assert doc.apply(edits.describe(project, mira.id, "oilskin coat")).reason == "nothing to change"
