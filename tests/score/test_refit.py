"""Refit detection: a placed score whose cut moved later is offered a new range."""

from __future__ import annotations

from studio.model import Asset, Clip, Document, MediaKind
from studio.model.edits import DeleteClips, InsertClip, MoveClips, TrimClip
from studio.workflows.score.refit import FITTED_TO, cut_record, refit_offers

from .timeline import three_scene_project


def _placed_score(start=40, end=124):
    """A document with a score placed over frames [start, end) of the three scenes."""
    doc = Document(three_scene_project())
    project = doc.project
    record = cut_record(project, start, end)
    asset = Asset(
        "a-score",
        MediaKind.AUDIO,
        "score",
        "media/score.wav",
        provenance={"generator": "music.musicgen", FITTED_TO: record},
    )
    project.assets[asset.id] = asset
    assert doc.apply(InsertClip("a1", Clip("score", asset.id, start, end - start)))
    return doc


def test_the_record_lists_the_picture_under_the_range():
    record = cut_record(three_scene_project(), 40, 124)
    assert record == {
        "start": 40,
        "end": 124,
        "clips": [["ch1", 0, 48], ["ch2", 48, 84], ["ch3", 84, 120], ["ch4", 120, 168]],
    }


def test_nothing_is_offered_while_the_cut_is_unchanged():
    assert refit_offers(_placed_score().project) == []


def test_clips_moving_later_offer_the_range_they_now_span():
    doc = _placed_score()
    assert doc.apply(MoveClips([("ch4", 130, None), ("ch3", 94, None)]))
    (offer,) = refit_offers(doc.project)
    assert offer.score_clip_id == "score"
    assert offer.old_range == (40, 124)
    # Lead-in (-40 before ch1's start) and tail (-44 past ch4's end) are kept.
    assert offer.new_range == (40, 134)
    assert offer.new_length == 94
    assert {m.clip_id: m.new for m in offer.moved} == {"ch3": (94, 130), "ch4": (130, 178)}


def test_a_clip_trimmed_longer_at_its_end_counts_as_moving_later():
    doc = _placed_score()
    assert doc.apply(DeleteClips(["ch4"]))
    assert doc.apply(TrimClip("ch3", "end", 150))
    (offer,) = refit_offers(doc.project)
    assert offer.removed == ("ch4",)
    assert offer.new_range == (40, 154)  # ch3 now ends at 150; the 4-frame tail is kept


def test_removing_clips_or_shortening_them_offers_nothing():
    doc = _placed_score()
    assert doc.apply(DeleteClips(["ch4"]))
    assert doc.apply(TrimClip("ch3", "end", 110))
    assert refit_offers(doc.project) == []
    assert doc.apply(MoveClips([("ch3", 90, None)]))  # now later than it was: offered
    assert [o.score_clip_id for o in refit_offers(doc.project)] == ["score"]
