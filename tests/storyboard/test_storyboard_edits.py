"""Storyboard operations as edits: each is one undo step, and frames follow the shots."""

from __future__ import annotations

import pytest
from PIL import Image as PILImage

from studio.engine.outputs import write_output
from studio.engine.provenance import Provenance
from studio.errors import UserError
from studio.model import Asset, Clip, Document, MediaKind, Project, TrackKind, new_id
from studio.model.edits import InsertClip, MoveClip
from studio.model.files import default_tracks
from studio.plugins.api import Image
from studio.workflows.storyboard import storyboard as sb


def take(name: str = "take") -> Asset:
    return Asset(new_id("a"), MediaKind.IMAGE, name, f"media/{name}.png", 64, 64)


def apply(doc: Document, edit) -> None:
    result = doc.apply(edit)
    assert result, result.reason


def board(*lengths: int) -> tuple[Document, list[str]]:
    """A project with one placed frame per length, back to back on V1."""
    doc = Document(Project(tracks=default_tracks()))
    ids = []
    for number, length in enumerate(lengths, start=1):
        edit, shot_id = sb.add_shot(doc.project, f"shot {number}", duration=length)
        apply(doc, edit)
        apply(doc, sb.place_take(doc.project, shot_id, take(f"s{number}")))
        ids.append(shot_id)
    return doc, ids


def frames(doc: Document, ids: list[str]) -> list[tuple[int, int]]:
    return [(c.start, c.duration) for c in (sb.frame_clip(doc.project, i) for i in ids)]


def test_takes_land_on_a_storyboard_track_under_the_others_back_to_back():
    doc, ids = board(24, 48, 12)
    assert frames(doc, ids) == [(0, 24), (24, 48), (72, 12)]
    track = sb.storyboard_track(doc.project)
    videos = [t for t in doc.project.tracks if t.kind is TrackKind.VIDEO]
    assert track.name == "Storyboard" and videos[-1] is track
    shot = doc.project.shots[0]
    assert shot.picked == shot.takes[0] and shot.takes[0] in doc.project.assets


def test_placing_a_take_is_one_undo_step():
    doc, ids = board(24)
    before = len(doc.project.assets)
    apply(doc, sb.place_take(doc.project, ids[0], take("second")))
    shot = doc.project.shots[0]
    first, second = shot.takes
    assert shot.picked == second and sb.frame_clip(doc.project, ids[0]).asset_id == second
    assert doc.undo_label() == "Place take"
    doc.undo()
    assert doc.project.shots[0].takes == [first] and doc.project.shots[0].picked == first
    assert sb.frame_clip(doc.project, ids[0]).asset_id == first
    assert len(doc.project.assets) == before


def test_a_new_take_keeps_the_frame_clip_and_its_place():
    doc, ids = board(24, 48)
    clip = sb.frame_clip(doc.project, ids[1])
    apply(doc, sb.place_take(doc.project, ids[1], take("again")))
    replaced = sb.frame_clip(doc.project, ids[1])
    assert (replaced.id, replaced.start, replaced.duration) == (clip.id, 24, 48)


def test_picking_a_take_swaps_the_frame_and_keeps_every_take():
    doc, ids = board(24)
    apply(doc, sb.place_take(doc.project, ids[0], take("second")))
    first, second = doc.project.shots[0].takes
    apply(doc, sb.pick_take(doc.project, ids[0], first))
    assert sb.frame_clip(doc.project, ids[0]).asset_id == first
    assert {first, second} <= set(doc.project.assets)
    with pytest.raises(UserError, match="not a take of this shot"):
        sb.pick_take(doc.project, ids[0], "a-stranger")


def test_reordering_moves_the_frames_and_linked_clips_as_one_step():
    doc, ids = board(24, 48, 12)
    v2 = next(t for t in doc.project.tracks if t.name == "V2")
    linked = Clip(new_id("c"), doc.project.shots[2].picked, 72, 12, shot_id=ids[2])
    apply(doc, InsertClip(v2.id, linked))
    apply(doc, sb.move_shot(doc.project, ids[2], 0))
    assert [s.id for s in doc.project.shots] == [ids[2], ids[0], ids[1]]
    assert frames(doc, ids) == [(12, 24), (36, 48), (0, 12)]
    assert doc.project.clip(linked.id).start == 0
    doc.undo()
    assert [s.id for s in doc.project.shots] == ids
    assert frames(doc, ids) == [(0, 24), (24, 48), (72, 12)]
    assert doc.project.clip(linked.id).start == 72


def test_reordering_keeps_the_gaps_between_frames_in_place():
    doc, ids = board(10, 20)
    v1 = sb.storyboard_track(doc.project)
    # A 5-frame pause after the first frame: move the second frame right.
    second = sb.frame_clip(doc.project, ids[1])
    apply(doc, MoveClip(second.id, 15))
    apply(doc, sb.move_shot(doc.project, ids[1], 0))
    assert frames(doc, ids) == [(25, 10), (0, 20)]
    assert v1.end == 35


def test_an_unplaced_shot_goes_after_the_previous_frame_and_pushes_the_rest():
    doc, ids = board(24, 24)
    edit, middle = sb.add_shot(doc.project, "insert", duration=10, index=1)
    apply(doc, edit)
    apply(doc, sb.place_take(doc.project, middle, take("mid")))
    assert frames(doc, [ids[0], middle, ids[1]]) == [(0, 24), (24, 10), (34, 24)]


def test_removing_a_shot_closes_its_gap_and_keeps_its_takes():
    doc, ids = board(24, 48, 12)
    takes = list(doc.project.shots[1].takes)
    apply(doc, sb.remove_shot(doc.project, ids[1]))
    assert [s.id for s in doc.project.shots] == [ids[0], ids[2]]
    assert frames(doc, [ids[0], ids[2]]) == [(0, 24), (24, 12)]
    assert set(takes) <= set(doc.project.assets)
    doc.undo()
    assert frames(doc, ids) == [(0, 24), (24, 48), (72, 12)]


def test_a_project_without_video_tracks_gets_a_storyboard_track():
    doc = Document(Project())
    edit, shot_id = sb.add_shot(doc.project, "alone", duration=30)
    apply(doc, edit)
    apply(doc, sb.place_take(doc.project, shot_id, take()))
    track = sb.storyboard_track(doc.project)
    assert track.name == sb.STORYBOARD_TRACK_NAME and track.kind is TrackKind.VIDEO
    assert frames(doc, [shot_id]) == [(0, 30)]


def test_a_generated_file_becomes_an_asset_with_its_provenance(tmp_path):
    folder = tmp_path / "Film.storyreel"
    media = folder / "media" / "diffusers-image-1.png"
    provenance = Provenance(
        generator="diffusers.image",
        generator_version="0.1.0",
        model="tiny",
        seed=7,
        prompt="fog",
        width=64,
        height=32,
        duration=3.0,
        fps=24.0,
        sample_rate=48000,
    )
    write_output(Image(PILImage.new("RGB", (64, 32), "gray")), media, provenance)
    asset = sb.take_asset(folder, media, name="Shot 1, take 1")
    assert asset.path == "media/diffusers-image-1.png" and (asset.width, asset.height) == (64, 32)
    assert asset.provenance["seed"] == 7 and asset.name == "Shot 1, take 1"
