"""Linked clips: a picture and its sound, the layers of one shot, act as one unless asked not to."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from studio.model import Asset, Clip, Document, MediaKind, Project, Settings, Shot, Track, TrackKind
from studio.model.edits import (
    DeleteClips,
    InsertClip,
    LinkClips,
    MoveClip,
    RippleDelete,
    SplitClip,
    TrimClip,
    UnlinkClips,
)
from studio.model.serialize import project_from_data, project_to_data
from studio.workflows.reel import reel
from tests.model.helpers import layout, make_doc, snapshot


def linked_pair(doc: Document, start=10, duration=40, link="L"):
    """A video on V1 and its sound on A1, linked."""
    doc.project.assets["vid"].has_audio = True
    for track, clip_id in (("V1", "v"), ("A1", "s")):
        clip = Clip(clip_id, "vid", start, duration, 0, clip_id, link=link)
        assert doc.apply(InsertClip(track, clip))
    return doc


def spans(doc):
    return {c.id: (c.start, c.end) for c in doc.project.all_clips()}


def test_a_move_takes_the_linked_sound_along_and_alt_moves_one():
    doc = linked_pair(make_doc())
    assert doc.apply(MoveClip("v", 30))
    assert spans(doc) == {"v": (30, 70), "s": (30, 70)}
    assert doc.apply(MoveClip("s", 31, linked=False))
    assert spans(doc) == {"v": (30, 70), "s": (31, 71)}
    doc.undo()
    doc.undo()
    assert spans(doc) == {"v": (10, 50), "s": (10, 50)}


def test_a_trim_moves_the_same_edge_of_linked_clips():
    doc = linked_pair(make_doc())
    assert doc.apply(TrimClip("v", "end", 30))
    assert spans(doc) == {"v": (10, 30), "s": (10, 30)}
    assert doc.apply(TrimClip("s", "start", 12, linked=False))
    assert spans(doc) == {"v": (10, 30), "s": (12, 30)}
    assert doc.apply(TrimClip("v", "start", 14))  # the sound's start is elsewhere now
    assert spans(doc) == {"v": (14, 30), "s": (12, 30)}


def test_a_split_cuts_both_and_links_the_right_halves_to_each_other_only():
    doc = linked_pair(make_doc())
    assert doc.apply(SplitClip("v", 30, new_clip_id="v2"))
    project = doc.project
    (s2,) = [c for c in project.track("A1").clips if c.start == 30]
    assert spans(doc)["v2"] == (30, 50) and (s2.start, s2.end) == (30, 50)
    assert project.clip("v2").link == s2.link != "L"
    assert project.clip("v").link == project.clip("s").link == "L"
    assert doc.apply(DeleteClips(["v2"]))  # the right half goes with its sound
    assert set(spans(doc)) == {"v", "s"}


def test_delete_alone_unlink_and_link():
    doc = linked_pair(make_doc())
    assert doc.apply(DeleteClips(["s"], linked=False)) and set(spans(doc)) == {"v"}
    doc.undo()
    assert doc.apply(UnlinkClips(["v", "s"]))
    assert doc.apply(MoveClip("v", 60)) and spans(doc)["s"] == (10, 50)
    assert doc.apply(LinkClips(["v", "s"]))
    assert doc.apply(DeleteClips(["v"])) and spans(doc) == {}


def test_ripple_delete_keeps_every_track_with_linked_material_in_sync():
    # Three shots; the middle one has no sound, so A1 holds only shots 1 and 3: deleting
    # shot 2 on V1 must still pull shot 3's sound left with its picture.
    doc = make_doc()
    for n, (start, sound) in enumerate(((0, True), (40, False), (80, True)), start=1):
        clip = Clip(f"v{n}", "img", start, 40, link=f"shot{n}")
        assert doc.apply(InsertClip("V1", clip))
        if sound:
            assert doc.apply(InsertClip("A1", Clip(f"s{n}", "aud", start, 40, link=f"shot{n}")))
    assert doc.apply(InsertClip("A2", Clip("music", "aud", 0, 120)))  # not linked: stays
    before = snapshot(doc)
    assert doc.apply(RippleDelete(["v2"]))
    assert layout(doc, "V1") == [("v1", 0, 40, 0), ("v3", 40, 40, 0)]
    assert layout(doc, "A1") == [("s1", 0, 40, 0), ("s3", 40, 40, 0)]
    assert layout(doc, "A2") == [("music", 0, 120, 0)]
    doc.undo()
    assert snapshot(doc) == before


def test_ripple_delete_refuses_when_a_synced_track_has_something_in_the_gap():
    doc = make_doc()
    for n, start in enumerate((0, 40, 80), start=1):
        assert doc.apply(InsertClip("V1", Clip(f"v{n}", "img", start, 40, link=f"k{n}")))
    assert doc.apply(InsertClip("A1", Clip("s3", "aud", 80, 40, link="k3")))
    assert doc.apply(InsertClip("A1", Clip("fx", "aud", 50, 10)))  # a sound under shot 2
    before = snapshot(doc)
    result = doc.apply(RippleDelete(["v2"]))
    assert not result and "out of sync" in result.reason and "fx" in result.reason
    assert snapshot(doc) == before


def test_links_survive_saving():
    doc = linked_pair(make_doc())
    again = project_from_data(project_to_data(doc.project))
    assert again.clip("v").link == again.clip("s").link == "L"


def _reel(shots: list[tuple[int, bool]]) -> Document:
    """A reel laid out by the rule: spans end to end on the picture track, sound under some."""
    assets = {
        "img": Asset("img", MediaKind.IMAGE, "card", "img.png", 64, 64),
        "snd": Asset("snd", MediaKind.AUDIO, "snd", "s.wav", sample_rate=48000, samples=48000 * 60),
    }
    project = Project(
        settings=Settings(fps=Fraction(24)),
        assets=assets,
        tracks=[
            Track("V1", TrackKind.VIDEO, reel.PICTURE_TRACK_NAME),
            Track("A1", TrackKind.AUDIO, "A1"),
        ],
        shots=[Shot(f"h{n}", None, f"shot {n}", length) for n, (length, _) in enumerate(shots)],
    )
    doc = Document(project)
    start = 0
    for n, (length, sound) in enumerate(shots):
        clip = Clip(f"p{n}", "img", start, length, shot_id=f"h{n}", link=f"h{n}")
        assert doc.apply(InsertClip("V1", clip))
        if sound:
            under = Clip(f"a{n}", "snd", start, length, shot_id=f"h{n}", link=f"h{n}")
            assert doc.apply(InsertClip("A1", under))
        start += length
    return doc


@settings(max_examples=60, deadline=None)
@given(
    shots=st.lists(st.tuples(st.integers(1, 30), st.booleans()), min_size=2, max_size=8),
    data=st.data(),
)
def test_any_ripple_delete_move_or_trim_of_a_shot_keeps_the_reel_in_sync(shots, data):
    doc = _reel(shots)
    before = snapshot(doc)
    n = data.draw(st.integers(0, len(shots) - 1))
    which = data.draw(st.sampled_from(["picture", "sound"]))
    clip_id = f"a{n}" if which == "sound" and shots[n][1] else f"p{n}"
    action = data.draw(st.sampled_from(["ripple", "move", "trim"]))
    if action == "ripple":
        assert doc.apply(RippleDelete([clip_id]))
        assert reel.span(doc.project, f"h{n}") is None
        # The spans still run end to end: every later shot moved left by the removed length.
        starts = [reel.span(doc.project, f"h{k}")[0] for k in range(len(shots)) if k != n]
        lengths = [length for k, (length, _) in enumerate(shots) if k != n]
        assert starts == [sum(lengths[:i]) for i in range(len(lengths))]
    elif action == "move":
        end = doc.project.duration
        result = doc.apply(MoveClip(clip_id, end + 5))  # past the end: always free
        assert result, result.reason
    else:
        clip = doc.project.clip(clip_id)
        if clip.duration == 1:
            return  # no shorter to trim to: nothing applied, nothing to undo
        assert doc.apply(TrimClip(clip_id, "end", clip.end - 1))
    assert reel.layout_problems(doc.project) == []
    doc.undo()
    assert snapshot(doc) == before


def test_pasted_copies_are_linked_to_each_other_not_to_what_they_were_copied_from():
    from studio.workflows.timeline.editing import copy_clips, paste_edit, split_edit

    doc = linked_pair(make_doc())
    edit, ids = paste_edit(doc.project, copy_clips(doc.project, ["v", "s"]), 100)
    assert doc.apply(edit)
    copies = [doc.project.clip(i) for i in ids]
    assert copies[0].link == copies[1].link and copies[0].link != "L"
    assert doc.apply(MoveClip(ids[0], 200)) and spans(doc)["v"] == (10, 50)
    # Splitting a selection that holds both halves of a pair cuts each once.
    assert doc.apply(split_edit(doc.project, {"v", "s"}, 20))
    assert len(doc.project.track("V1").clips) == 3 and len(doc.project.track("A1").clips) == 3
