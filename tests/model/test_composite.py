"""Composite edits: steps decided as they run, each on the project the steps before left;
one undo step; a refusal anywhere rolls every step back and is the Result's reason."""

from __future__ import annotations

import pytest

from studio.model.edits import Composite, EditError, InsertClip, MoveClip, SetClipFields
from studio.model.entities import Clip
from studio.model.serialize import project_to_data
from tests.model.helpers import make_doc


def test_each_step_sees_what_the_step_before_did():
    doc = make_doc()
    seen = []

    def steps(tx):
        tx.run(InsertClip("V1", Clip("a", "vid", 0, 10)))
        seen.append(tx.project.clip("a").end)  # the clip placed one step ago
        tx.run(InsertClip("V1", Clip("b", "vid", tx.project.clip("a").end, 10)))

    assert doc.apply(Composite("Two in a row", steps))
    assert seen == [10]
    assert [(c.id, c.start) for c in doc.project.track("V1").clips] == [("a", 0), ("b", 10)]
    assert doc.undo_label() == "Two in a row"
    assert doc.undo() and doc.project.track("V1").clips == []  # one step undoes both
    assert doc.redo() and len(doc.project.track("V1").clips) == 2


def test_a_refusal_part_way_rolls_every_step_back_and_says_why():
    doc = make_doc()
    assert doc.apply(InsertClip("V1", Clip("a", "vid", 0, 10)))
    before, revision = project_to_data(doc.project), doc.revision

    def steps(tx):
        tx.run(MoveClip("a", 50))
        tx.run(SetClipFields("a", {"name": "moved"}))
        if tx.project.clip("a").start == 50:
            raise EditError("the clip may not stay at 50")

    result = doc.apply(Composite("Move and refuse", steps))
    assert not result and result.reason == "the clip may not stay at 50"
    assert project_to_data(doc.project) == before and doc.revision == revision
    assert doc.undo_label() != "Move and refuse"


def test_a_sub_edit_refused_inside_a_composite_refuses_the_whole():
    doc = make_doc()
    assert doc.apply(InsertClip("V1", Clip("a", "vid", 0, 10)))
    before = project_to_data(doc.project)

    def steps(tx):
        tx.run(InsertClip("V1", Clip("b", "vid", 20, 10)))
        tx.run(MoveClip("b", 5))  # onto "a": the move refuses

    result = doc.apply(Composite("Overlap", steps))
    assert not result and "would overlap" in result.reason
    assert project_to_data(doc.project) == before


def test_a_bug_in_a_step_rolls_back_and_is_raised_not_reported():
    doc = make_doc()
    before = project_to_data(doc.project)

    def steps(tx):
        tx.run(InsertClip("V1", Clip("a", "vid", 0, 10)))
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        doc.apply(Composite("Buggy", steps))
    assert project_to_data(doc.project) == before
