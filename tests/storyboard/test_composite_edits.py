"""Composite operations read the live project as they run and refuse one way.

Every builder returns an edit without looking for reasons to refuse; `Document.apply` runs
it and a refusal, at any step, is its Result's reason with the project as it was. Hypothesis
drives the storyboard's composites (shots added, removed, reordered, takes placed and
picked, descriptions that re-sync the cast, linked moves and ripples, track locks that make
later steps refuse) and checks that each applies fully and undoes exactly, or changes nothing.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.model import Asset, Document, ElementKind, MediaKind, Project, TrackKind, new_id
from studio.model.edits import MoveClip, RippleDelete, SetTrackFlags
from studio.model.files import default_tracks
from studio.model.serialize import project_to_data
from studio.workflows.cast import edits as cast_edits
from studio.workflows.clips import clips
from studio.workflows.importer import placement_edit
from studio.workflows.landing import Target, landing_edit, pick_score_take
from studio.workflows.reel import reel
from studio.workflows.storyboard import storyboard as sb


def picture(name: str = "take") -> Asset:
    return Asset(new_id("a"), MediaKind.IMAGE, name, f"media/{name}.png", 64, 64)


def video(name: str = "clip") -> Asset:
    """A video with its own sound, long enough for any span here."""
    return Asset(
        new_id("a"), MediaKind.VIDEO, name, f"media/{name}.mp4", 64, 64, Fraction(24), 400, True
    )


def board(*lengths: int) -> tuple[Document, list[str]]:
    """Shots back to back on the picture track, each showing a picture, the last a video
    with its sound under it (linked to the shot)."""
    doc = Document(Project(tracks=default_tracks()))
    ids = []
    for n, length in enumerate(lengths):
        edit, shot_id = sb.add_shot(doc.project, f"shot {n}", duration=length)
        assert doc.apply(edit)
        take = video() if n == len(lengths) - 1 else picture(f"s{n}")
        result = doc.apply(sb.place_take(doc.project, shot_id, take))
        assert result, result.reason
        ids.append(shot_id)
    return doc, ids


# -- one way to refuse ---------------------------------------------------------------------


def refusals(project: Project, ids: list[str]):
    """(edit, words of its reason): each built without raising, each refused by apply."""
    sound = Asset(new_id("a"), MediaKind.AUDIO, "hum", "media/hum.wav", sample_rate=48000)
    sound.samples = 48000
    empty = Asset(new_id("a"), MediaKind.VIDEO, "blink", "media/b.mp4", 8, 8, Fraction(24), 0)
    return [
        (sb.add_shot(project, "none", duration=0)[0], "at least one frame"),
        (sb.remove_shot(project, "nope"), "there is no shot nope"),
        (sb.move_shot(project, ids[0], 99), "no shot position 99"),
        (sb.describe_shot(project, "nope", "words"), "there is no shot nope"),
        (sb.place_take(project, ids[0], sound), "a storyboard frame is an image or video"),
        (sb.pick_take(project, ids[0], "a-stranger"), "not a take of this shot"),
        (clips.use_take_edit(project, "nope", "a-stranger"), "there is no shot nope"),
        (clips.add_take_edit(project, "nope", picture()), "there is no shot nope"),
        (cast_edits.rename(project, "nobody", "Somebody"), "no character, place or prop"),
        (cast_edits.add_element(project, ElementKind.PROP, "  "), "a name cannot be empty"),
        (landing_edit(project, [picture()], Target(shot_id="gone")), "removed meanwhile"),
        (landing_edit(project, [], None), "nothing to land"),
        (landing_edit(project, [sound], Target(score=(10, 5))), "must run forward"),
        (pick_score_take(project, "nope", "a-stranger"), "not a take of this score range"),
        (placement_edit(project, [empty], 0)[0], "shorter than one frame"),
    ]


def test_every_builder_refuses_through_the_result_never_by_raising():
    doc, ids = board(24, 48)
    before, revision = project_to_data(doc.project), doc.revision
    for edit, words in refusals(doc.project, ids):  # building raised nothing
        result = doc.apply(edit)
        assert not result and words in result.reason, (edit.label, result.reason)
        assert project_to_data(doc.project) == before and doc.revision == revision


def test_a_take_refused_by_its_locked_track_leaves_nothing_of_the_steps_before():
    doc, ids = board(24, 48)
    track = reel.picture_track(doc.project)
    assert doc.apply(SetTrackFlags(track.id, {"locked": True}))
    before = project_to_data(doc.project)
    take = picture("late")
    # The asset is added and the shot takes it, then its span refuses: all of it goes.
    result = doc.apply(sb.place_take(doc.project, ids[0], take))
    assert not result and result.reason == f"track {track.name} is locked"
    assert project_to_data(doc.project) == before and take.id not in doc.project.assets
    # The shots are reordered, then their frames cannot follow: the order stays.
    result = doc.apply(sb.move_shot(doc.project, ids[1], 0))
    assert not result and "locked" in result.reason
    assert [s.id for s in doc.project.shots] == ids


# -- hypothesis: any sequence applies fully and undoes exactly, or changes nothing -----------

shot_pick = st.integers(0, 7)  # a shot by position (modulo the count); 7 is sometimes "nope"
operations = st.one_of(
    st.tuples(st.just("add"), st.none() | st.integers(0, 4), st.integers(0, 40)),
    st.tuples(st.just("remove"), shot_pick, st.booleans()),
    st.tuples(st.just("move"), shot_pick, st.integers(-1, 5)),
    st.tuples(st.just("place"), shot_pick, st.booleans()),
    st.tuples(st.just("pick"), shot_pick, st.integers(0, 3)),
    st.tuples(st.just("describe"), shot_pick, st.sampled_from(["A gull", "MIRA waits", ""])),
    st.tuples(st.just("nudge"), shot_pick, st.integers(-30, 30)),
    st.tuples(st.just("ripple"), shot_pick, st.booleans()),
    st.tuples(st.just("lock"), st.integers(0, 4), st.booleans()),
)


def edit_for(doc: Document, op: tuple):
    project = doc.project
    kind, a, b = op
    shots = project.shots
    if kind == "add":
        return sb.add_shot(project, "new", duration=b, index=a)[0]
    shot_id = shots[a % len(shots)].id if shots and a != 7 else "nope"
    if kind == "remove":
        return sb.remove_shot(project, shot_id, close_gap=b)
    if kind == "move":
        return sb.move_shot(project, shot_id, b)
    if kind == "place":
        return sb.place_take(project, shot_id, video() if b else picture())
    if kind == "pick":
        shot = project.item("shots", shot_id)
        takes = shot.takes if shot is not None else []
        return sb.pick_take(project, shot_id, takes[b] if b < len(takes) else "a-stranger")
    if kind == "describe":
        return sb.describe_shot(project, shot_id, b)
    span = reel.span_clip(project, shot_id)
    if kind == "nudge":  # the span moves, and its linked sound with it
        return MoveClip(span.id, max(0, span.start + b)) if span else None
    if kind == "ripple":  # the span goes, its sound too, and the later ones close up
        return RippleDelete([span.id], linked=b) if span else None
    track = project.tracks[a % len(project.tracks)]
    return SetTrackFlags(track.id, {"locked": b})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(operations, min_size=1, max_size=8))
def test_composites_apply_and_undo_exactly_or_change_nothing(ops):
    doc, _ = board(24, 36, 12)
    start = project_to_data(doc.project)
    steps = 0
    for op in ops:
        edit = edit_for(doc, op)
        if edit is None:
            continue
        before, revision = project_to_data(doc.project), doc.revision
        result = doc.apply(edit)
        if not result:
            assert result.reason
            assert project_to_data(doc.project) == before and doc.revision == revision
            continue
        if doc.revision == revision:
            continue  # nothing to change: no step
        steps += 1
        after = project_to_data(doc.project)
        assert doc.undo() and project_to_data(doc.project) == before
        assert doc.redo() and project_to_data(doc.project) == after
        assert not reel.layout_problems(doc.project) or op[0] in ("nudge", "ripple")
    for _ in range(steps):
        assert doc.undo()
    assert project_to_data(doc.project) == start


@pytest.mark.parametrize("kind", [TrackKind.VIDEO, TrackKind.AUDIO])
def test_a_shot_removed_with_its_sound_comes_back_whole(kind):
    doc, ids = board(24, 36)
    before = project_to_data(doc.project)
    assert any(c.link == ids[1] for c in doc.project.all_clips() if c.asset_id)
    assert doc.apply(sb.remove_shot(doc.project, ids[1]))
    left = [c for t in doc.project.tracks if t.kind is kind for c in t.clips if c.link == ids[1]]
    assert not left
    assert doc.undo() and project_to_data(doc.project) == before
