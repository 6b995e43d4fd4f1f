"""Each edit, table-driven: what it does, what it refuses (and that a refusal changes nothing)."""

from __future__ import annotations

import pytest

from studio.model import Clip
from studio.model.edits import (
    AddItem,
    AddMarker,
    AddTrack,
    DeleteClips,
    InsertClip,
    Macro,
    MoveClip,
    MoveClips,
    MoveItem,
    RelinkAsset,
    RemoveAsset,
    RemoveGap,
    RemoveTrack,
    Rename,
    RippleDelete,
    SetClipFields,
    SetTrackFlags,
    SplitClip,
    TrimClip,
    UpdateSettings,
)
from studio.model.entities import Shot
from tests.model.helpers import add, layout, make_doc, snapshot


@pytest.fixture
def doc():
    d = make_doc()
    add(d, "V1", "a", 0, 24)
    add(d, "V1", "b", 48, 24, src=10)
    add(d, "V1", "c", 96, 24)
    return d


def apply_and_check_undo(doc, edit):
    before = snapshot(doc)
    result = doc.apply(edit)
    assert result, result.reason
    after = snapshot(doc)
    doc.undo()
    assert snapshot(doc) == before
    doc.redo()
    assert snapshot(doc) == after
    return result


ACCEPTED = [
    # (edit, expected V1 layout afterwards)
    (
        MoveClip("b", 30),
        [("a", 0, 24, 0), ("b", 30, 24, 10), ("c", 96, 24, 0)],
    ),
    (
        TrimClip("b", "start", 40),
        [("a", 0, 24, 0), ("b", 40, 32, 2), ("c", 96, 24, 0)],
    ),
    (
        TrimClip("b", "start", 56),
        [("a", 0, 24, 0), ("b", 56, 16, 18), ("c", 96, 24, 0)],
    ),
    (
        TrimClip("b", "end", 90),
        [("a", 0, 24, 0), ("b", 48, 42, 10), ("c", 96, 24, 0)],
    ),
    (
        TrimClip("a", "end", 1),
        [("a", 0, 1, 0), ("b", 48, 24, 10), ("c", 96, 24, 0)],
    ),
    (
        SplitClip("b", 60, "b2"),
        [("a", 0, 24, 0), ("b", 48, 12, 10), ("b2", 60, 12, 22), ("c", 96, 24, 0)],
    ),
    (DeleteClips(["b"]), [("a", 0, 24, 0), ("c", 96, 24, 0)]),
    (RippleDelete(["b"]), [("a", 0, 24, 0), ("c", 72, 24, 0)]),
    (RippleDelete(["a", "b"]), [("c", 48, 24, 0)]),
    (RemoveGap("V1", 30), [("a", 0, 24, 0), ("b", 24, 24, 10), ("c", 72, 24, 0)]),
    (RemoveGap("V1", 80), [("a", 0, 24, 0), ("b", 48, 24, 10), ("c", 72, 24, 0)]),
    (
        InsertClip("V1", Clip("n", "img", 24, 10), ripple=False),
        [("a", 0, 24, 0), ("n", 24, 10, 0), ("b", 48, 24, 10), ("c", 96, 24, 0)],
    ),
    (
        InsertClip("V1", Clip("n", "img", 48, 10), ripple=True),
        [("a", 0, 24, 0), ("n", 48, 10, 0), ("b", 58, 24, 10), ("c", 106, 24, 0)],
    ),
    (
        MoveClips([("a", 48, None), ("b", 0, None)]),  # swap places in one edit
        [("b", 0, 24, 10), ("a", 48, 24, 0), ("c", 96, 24, 0)],
    ),
]


@pytest.mark.parametrize(("edit", "expected"), ACCEPTED, ids=lambda x: type(x).__name__)
def test_edit_applies_and_undoes_exactly(doc, edit, expected):
    apply_and_check_undo(doc, edit)
    doc.undo()
    doc.redo()
    assert layout(doc, "V1") == expected


REFUSED = [
    (MoveClip("b", 10), "overlap"),
    (MoveClip("b", -1), "before the timeline"),
    (MoveClip("b", 50, "A1"), "cannot move from video track"),
    (MoveClip("missing", 0), "no clip"),
    (TrimClip("b", "start", 37), "before its media's first frame"),
    (TrimClip("b", "end", 48 + 91), "past the end of its media"),
    (TrimClip("b", "end", 48), "shorter than one frame"),
    (TrimClip("b", "end", 100), "overlap"),
    (TrimClip("b", "middle", 50), "no edge"),
    (SplitClip("b", 48), "not inside"),
    (SplitClip("b", 72), "not inside"),
    (InsertClip("V1", Clip("n", "img", 20, 10)), "overlap"),
    (InsertClip("A1", Clip("n", "img", 0, 10)), "cannot go on audio track"),
    (InsertClip("A1", Clip("n", "mov", 0, 10)), "no sound"),
    (InsertClip("V1", Clip("n", "aud", 200, 10)), "cannot go on video track"),
    (InsertClip("V1", Clip("n", "nope", 200, 10)), "missing asset"),
    (InsertClip("A1", Clip("n", None, 200, 10)), "text clip cannot go"),
    (InsertClip("V1", Clip("n", "img", 50, 10), ripple=True), "inside"),
    (InsertClip("V1", Clip("a", "img", 200, 10)), "already exists"),
    (RemoveGap("V1", 10), "not a gap"),
    (RemoveGap("V1", 500), "nothing follows"),
    (RemoveAsset("vid"), "still use"),
    (Macro("two", [MoveClip("b", 30), MoveClip("c", 40)]), "overlap"),
    (UpdateSettings({"fps": 25}), "frame rate"),
    (UpdateSettings({"width": 0}), "positive"),
    (SetClipFields("a", {"start": 3}), "cannot set start"),
    (Rename("zzz", "x"), "nothing is named"),
]


@pytest.mark.parametrize(("edit", "reason"), REFUSED, ids=lambda x: getattr(x, "label", x))
def test_refused_edit_changes_nothing_and_says_why(doc, edit, reason):
    before = snapshot(doc)
    revision = doc.revision
    result = doc.apply(edit)
    assert not result
    assert reason in result.reason
    assert snapshot(doc) == before
    assert doc.revision == revision


def test_locked_track_refuses_every_clip_edit(doc):
    assert doc.apply(SetTrackFlags("V1", {"locked": True}))
    for edit in [
        MoveClip("a", 30),
        TrimClip("a", "end", 10),
        SplitClip("a", 5),
        DeleteClips(["a"]),
        RippleDelete(["a"]),
        RemoveGap("V1", 30),
    ]:
        result = doc.apply(edit)
        assert not result and "locked" in result.reason


def test_move_across_tracks_of_same_kind(doc):
    apply_and_check_undo(doc, MoveClip("b", 5, "V2"))
    assert layout(doc, "V2") == [("b", 5, 24, 10)]
    assert doc.project.track_of("b").id == "V2"


def test_drag_merges_into_one_undo_step(doc):
    before = snapshot(doc)
    for x in range(49, 73):
        assert doc.apply(MoveClip("b", x, merge_key="drag-1"))
    doc.close_merge()
    assert doc.apply(MoveClip("b", 24, merge_key="drag-2"))  # the next drag is its own step
    doc.undo()
    assert doc.project.clip("b").start == 72
    doc.undo()
    assert snapshot(doc) == before
    assert not doc.can_undo() or doc.undo_label() != "Move"


def test_macro_is_one_step_and_all_or_nothing(doc):
    before = snapshot(doc)
    ok = doc.apply(Macro("Tidy", [DeleteClips(["a"]), MoveClip("b", 0), RemoveGap("V1", 30)]))
    assert ok
    assert layout(doc, "V1") == [("b", 0, 24, 10), ("c", 24, 24, 0)]
    doc.undo()
    assert snapshot(doc) == before


def test_change_events_name_what_changed(doc):
    seen = []
    doc.subscribe(seen.append)
    doc.apply(MoveClip("b", 30))
    assert seen[-1].clips == {"b"} and seen[-1].tracks == {"V1"} and not seen[-1].track_list
    doc.apply(AddTrack("video", track_id="V3"))
    assert seen[-1].track_list
    doc.apply(AddMarker(12, "beat", marker_id="m1"))
    assert seen[-1].items == {"markers": {"m1"}}
    doc.undo()
    assert seen[-1].cause == "undo" and seen[-1].items == {"markers": {"m1"}}


def test_ripple_touches_only_its_own_track(doc):
    add(doc, "V2", "x", 100, 10)
    seen = []
    doc.subscribe(seen.append)
    doc.apply(RippleDelete(["a"]))
    assert "x" not in seen[-1].clips and seen[-1].tracks == {"V1"}
    assert doc.project.clip("x").start == 100


def test_tracks_rename_remove_and_undo(doc):
    apply_and_check_undo(doc, Rename("V1", "Storyboard"))
    apply_and_check_undo(doc, RemoveTrack("V1"))
    doc.apply(RemoveTrack("V1"))
    assert doc.project.clip("a") is None
    doc.undo()
    assert doc.project.clip("a") is not None


def test_shots_reorder_and_take_lists_undo_exactly(doc):
    doc.apply(AddItem("shots", Shot("s1", None, "one", 24, takes=["img"])))
    doc.apply(AddItem("shots", Shot("s2", None, "two", 24)))
    apply_and_check_undo(doc, MoveItem("shots", "s2", 0))
    from studio.model.edits import UpdateItem

    apply_and_check_undo(doc, UpdateItem("shots", "s1", {"takes": ["img", "vid"], "picked": "vid"}))


def test_relink_checks_clips_still_fit(doc):
    result = doc.apply(RelinkAsset("vid", "short.mp4", {"frames": 20}))
    assert not result and "past the end" in result.reason
    apply_and_check_undo(doc, RelinkAsset("vid", "longer.mp4", {"frames": 500}))


def test_clip_levels_fades_and_opacity(doc):
    apply_and_check_undo(doc, SetClipFields("a", {"gain_db": -6.0, "fade_in": 4, "fade_out": 6}))
    apply_and_check_undo(doc, SetClipFields("b", {"opacity": 0.5, "dissolve_in": 12}))
    for fields, reason in [
        ({"gain_db": 40.0}, "gain db must be within"),
        ({"opacity": 1.5}, "opacity must be within"),
        ({"fade_in": 30}, "fade in must be within"),
        ({"fade_in": 20, "fade_out": 10}, "exceed the clip's length"),
    ]:
        result = doc.apply(SetClipFields("c", fields))
        assert not result and reason in result.reason


def test_clip_settings_survive_save_and_load(doc, tmp_path):
    from studio.model.files import load_project, save_project

    doc.apply(SetClipFields("a", {"gain_db": -3.5, "fade_out": 5, "opacity": 0.25}))
    save_project(doc, tmp_path / "P.storyreel")
    clip = load_project(tmp_path / "P.storyreel").project.clip("a")
    assert (clip.gain_db, clip.fade_out, clip.opacity, clip.fade_in) == (-3.5, 5, 0.25, 0)


def test_trim_and_split_keep_fades_that_fit(doc):
    doc.apply(SetClipFields("b", {"fade_in": 6, "fade_out": 8}))
    assert doc.apply(TrimClip("b", "end", 58))  # 10 frames left: the fade-out shrinks to 4
    clip = doc.project.clip("b")
    assert (clip.fade_in, clip.fade_out) == (6, 4)
    doc.undo()
    assert doc.apply(SplitClip("b", 60, "b2"))
    left, right = doc.project.clip("b"), doc.project.clip("b2")
    assert (left.fade_in, left.fade_out, right.fade_in, right.fade_out) == (6, 0, 0, 8)


def test_edits_that_change_nothing_leave_no_undo_step(doc):
    """A move or trim to where the clip already is once recorded an empty-looking undo step."""
    doc.clear_history()
    for edit in [
        MoveClip("b", 48),
        MoveClip("b", 48, "V1"),
        TrimClip("b", "end", 72),
        TrimClip("b", "start", 48),
    ]:
        result = doc.apply(edit)
        assert result and result.reason == "nothing to change"
    assert not doc.can_undo()
