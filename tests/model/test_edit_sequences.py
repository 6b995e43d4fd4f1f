"""Random edit sequences: every step keeps the timeline valid, and undo restores it exactly."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.model import Clip
from studio.model.edits import (
    DeleteClips,
    InsertClip,
    Macro,
    MoveClip,
    RemoveGap,
    RippleDelete,
    SplitClip,
    TrimClip,
)
from tests.model.helpers import add, make_doc, snapshot

TRACKS = ["V1", "V2", "A1"]
frames = st.integers(min_value=-5, max_value=400)
slot = st.integers(min_value=0, max_value=12)  # which existing clip, modulo the count

edit_specs = st.one_of(
    st.tuples(
        st.just("insert"), st.sampled_from(TRACKS), frames, st.integers(1, 60), st.booleans()
    ),
    st.tuples(st.just("move"), slot, frames, st.sampled_from([*TRACKS, None])),
    st.tuples(st.just("trim"), slot, st.sampled_from(["start", "end"]), frames),
    st.tuples(st.just("split"), slot, frames),
    st.tuples(st.just("delete"), slot),
    st.tuples(st.just("ripple"), st.lists(slot, min_size=1, max_size=3)),
    st.tuples(st.just("gap"), st.sampled_from(TRACKS), frames),
    st.tuples(st.just("macro"), slot, frames, slot, frames),
)


def build(doc, spec, counter):
    ids = sorted(c.id for c in doc.project.all_clips())
    pick = (lambda n: ids[n % len(ids)]) if ids else (lambda n: "none")
    kind = spec[0]
    if kind == "insert":
        _, track, start, duration, ripple = spec
        asset = "aud" if track == "A1" else "img"
        return InsertClip(track, Clip(f"n{counter}", asset, start, duration), ripple=ripple)
    if kind == "move":
        return MoveClip(pick(spec[1]), spec[2], spec[3])
    if kind == "trim":
        return TrimClip(pick(spec[1]), spec[2], spec[3])
    if kind == "split":
        return SplitClip(pick(spec[1]), spec[2], f"s{counter}")
    if kind == "delete":
        return DeleteClips([pick(spec[1])])
    if kind == "ripple":
        return RippleDelete([pick(n) for n in spec[1]])
    if kind == "gap":
        return RemoveGap(spec[1], spec[2])
    return Macro("pair", [MoveClip(pick(spec[1]), spec[2]), MoveClip(pick(spec[3]), spec[4])])


def check_invariants(doc):
    project = doc.project
    seen = set()
    for track in project.tracks:
        for before, after in zip(track.clips, track.clips[1:], strict=False):
            assert before.end <= after.start, (track.id, before, after)
        for clip in track.clips:
            assert clip.duration >= 1 and clip.start >= 0 and clip.source_in >= 0
            assert project.clip(clip.id) is clip and project.track_of(clip.id) is track
            length = project.assets[clip.asset_id].length_frames(project.settings.fps)
            assert length is None or clip.source_in + clip.duration <= length
            seen.add(clip.id)
    assert project.clip_count() == len(seen)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(edit_specs, max_size=40))
def test_random_edits_then_undo_all_restores_the_document(specs):
    doc = make_doc()
    add(doc, "V1", "a", 0, 24)
    add(doc, "V1", "b", 30, 40, src=5)
    add(doc, "V2", "c", 10, 30, asset="img")
    add(doc, "A1", "d", 0, 100, asset="aud")
    doc.clear_history()
    start = snapshot(doc)
    applied = 0
    for counter, spec in enumerate(specs):
        before = snapshot(doc)
        result = doc.apply(build(doc, spec, counter))
        if result:
            applied += 1 if result.change is not None and not result.change.empty else 0
        else:
            assert snapshot(doc) == before, result.reason
        check_invariants(doc)
    end = snapshot(doc)
    while doc.can_undo():
        assert doc.undo()
        check_invariants(doc)
    assert snapshot(doc) == start
    while doc.can_redo():
        assert doc.redo()
    assert snapshot(doc) == end
