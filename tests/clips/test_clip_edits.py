"""Clip operations on the document: add a take, use it in the shot's slot, undo, batch requests."""

from __future__ import annotations

from fractions import Fraction

import pytest

from studio.errors import UserError
from studio.model import Asset, Clip, Document, MediaKind, Project, Scene, Settings, Shot, Track
from studio.model import TrackKind as TK
from studio.model.serialize import project_to_data
from studio.plugins.api import Kind
from studio.workflows.clips import clips


def storyboard(fps: int = 24) -> Document:
    """V2 over V1; two storyboard frames on V1 at 0 and 48, each the slot of one shot."""
    assets = {
        "f1": Asset("f1", MediaKind.IMAGE, "frame 1", "media/f1.png", 640, 360),
        "f2": Asset("f2", MediaKind.IMAGE, "frame 2", "media/f2.png", 640, 360),
        "take": Asset("take", MediaKind.VIDEO, "take", "media/t.mp4", 64, 64, Fraction(fps), 48),
        "short": Asset("short", MediaKind.VIDEO, "short", "media/s.mp4", 64, 64, Fraction(24), 10),
    }
    v1 = Track("V1", TK.VIDEO, "V1")
    v1.clips = [
        Clip("c1", "f1", 0, 48, name="one", shot_id="s1", fade_in=4),
        Clip("c2", "f2", 48, 30, name="two", shot_id="s2"),
    ]
    project = Project(
        settings=Settings(fps=Fraction(fps), width=1280, height=720),
        assets=assets,
        tracks=[Track("V2", TK.VIDEO, "V2"), v1],
        scenes=[Scene("sc1", "EXT. HARBOUR - NIGHT")],
        shots=[
            Shot("s1", "sc1", "A boat leaves the quay.", 48),
            Shot("s2", "sc1", "Gulls over the water", 30),
        ],
    )
    return Document(project)


def test_use_take_replaces_the_frame_in_place_and_undo_restores_it():
    doc = storyboard()
    before = project_to_data(doc.project)
    result = doc.apply(clips.use_take_edit(doc.project, "s1", "take"))
    assert result, result.reason
    (clip,) = [c for c in doc.project.track("V1").clips if c.shot_id == "s1"]
    assert (clip.asset_id, clip.start, clip.duration, clip.source_in) == ("take", 0, 48, 0)
    assert (clip.name, clip.fade_in) == ("one", 4)  # the slot's name and look stay
    shot = doc.project.item("shots", "s1")
    assert shot.picked == "take" and shot.takes == ["f1", "take"]  # the frame stays a take
    assert "f1" in doc.project.assets
    assert doc.undo_label() == "Use take"
    assert doc.undo()
    assert project_to_data(doc.project) == before
    assert not doc.can_undo()  # one edit, one undo step


def test_the_frame_can_be_used_again_as_a_take():
    doc = storyboard()
    doc.apply(clips.use_take_edit(doc.project, "s1", "take"))
    assert doc.apply(clips.use_take_edit(doc.project, "s1", "f1"))
    slot = clips.shot_slot(doc.project, "s1")[1]
    assert (slot.asset_id, slot.start, slot.duration) == ("f1", 0, 48)


def test_a_take_shorter_than_the_slot_is_refused_and_changes_nothing():
    doc = storyboard()
    before = project_to_data(doc.project)
    result = doc.apply(clips.use_take_edit(doc.project, "s1", "short"))
    assert not result and "past the end of its media" in result.reason
    assert project_to_data(doc.project) == before


def test_a_shot_off_the_timeline_or_unknown_says_why():
    doc = storyboard()
    doc.project.shots.append(Shot("s3", None, "Unplaced"))
    with pytest.raises(UserError, match="not on the timeline"):
        clips.use_take_edit(doc.project, "s3", "take")
    with pytest.raises(UserError, match="no shot"):
        clips.use_take_edit(doc.project, "nope", "take")


def test_add_take_appends_to_the_shots_takes_as_one_step():
    doc = storyboard()
    asset = Asset("new", MediaKind.VIDEO, "new", "media/n.mp4", 64, 64, Fraction(24), 48)
    assert doc.apply(clips.add_take_edit(doc.project, "s2", asset))
    assert doc.project.item("shots", "s2").takes == ["new"]
    doc.undo()
    assert "new" not in doc.project.assets and doc.project.item("shots", "s2").takes == []


def test_batch_requests_cover_only_shots_without_a_clip(tmp_path):
    doc = storyboard()
    doc.apply(clips.use_take_edit(doc.project, "s1", "take"))
    (job,) = clips.clip_requests(doc.project, tmp_path, seed=7, camera="dolly")
    request = job.request
    assert job.shot_id == "s2"
    assert request.frame_count == 30 and request.fps == 24.0
    assert (request.width, request.height, request.seed) == (1280, 720, 7)
    assert request.prompt == "Gulls over the water. EXT. HARBOUR - NIGHT. slow dolly-in"
    (picture,) = request.inputs
    assert picture.kind is Kind.IMAGE and picture.role == "first-frame"
    assert picture.path == tmp_path / "media" / "f2.png"


def test_batch_requests_keep_exact_lengths_at_ntsc_rates():
    doc = storyboard()
    doc.project.settings.fps = Fraction(24000, 1001)
    lengths = [r.request.frame_count for r in clips.clip_requests(doc.project, None)]
    assert lengths == [48, 30]


def test_style_presets_wrap_the_prompt():
    project = storyboard().project
    shot = project.shots[1]
    styled = clips.shot_prompt(project, shot, "static", "film still of {prompt}, 35mm")
    assert styled == "film still of Gulls over the water. EXT. HARBOUR - NIGHT. static camera, 35mm"
