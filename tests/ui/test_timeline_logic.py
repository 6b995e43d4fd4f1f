"""The Qt-free parts of the editor: geometry, snapping, edits from selections, ruler, viewer."""

from __future__ import annotations

from fractions import Fraction

import pytest

from studio.model import Asset, Clip, Document, Marker, MediaKind, Project, Track, TrackKind
from studio.ui.timeline.geometry import MAX_PX_PER_FRAME, TimelineGeometry
from studio.ui.timeline.qt_ruler import tick_step
from studio.ui.timeline.snapping import nearest, snap_delta, snap_points
from studio.workflows.timeline.editing import copy_clips, move_edit, origins, paste_edit, split_edit


def make_project() -> Project:
    card = Asset("a1", MediaKind.IMAGE, "card", "card.png")
    video = Asset("a2", MediaKind.VIDEO, "video", "v.mp4", fps=Fraction(24), frames=100)
    tone = Asset("a3", MediaKind.AUDIO, "tone", "t.wav", sample_rate=48000, samples=48000)
    upper = Track("v2", TrackKind.VIDEO, "V2", [Clip("c3", "a2", 50, 20, 10, "up")])
    lower = Track("v1", TrackKind.VIDEO, "V1", [Clip("c1", "a1", 0, 40), Clip("c2", "a2", 40, 60)])
    sound = Track("a1t", TrackKind.AUDIO, "A1", [Clip("c4", "a3", 0, 24)])
    project = Project(tracks=[upper, lower, sound], markers=[Marker("m1", 90)])
    project.assets = {a.id: a for a in (card, video, tone)}
    project.reindex()
    return project


def test_geometry_maps_frames_and_rows_both_ways():
    geo = TimelineGeometry(px_per_frame=2.0, scroll_x=10.0, scroll_y=5)
    geo.layout(make_project().tracks)
    assert geo.frame_to_x(15) == 20.0 and geo.frame_at(20.9) == 15
    assert geo.nearest_cut(21.5) == 16
    assert geo.row_at(0) == 0 and geo.row_at(geo.tops[2] - 5) == 2
    assert geo.row_at(geo.content_height) is None and geo.row_at(-6) is None
    assert list(geo.rows_between(0, geo.tops[1] - 5)) == [0, 1]


def test_zoom_keeps_the_anchor_frame_and_respects_the_limits():
    geo = TimelineGeometry(px_per_frame=1.0, scroll_x=100.0)
    geo.zoom_about(3.0, 50.0)
    assert geo.x_to_frame(50.0) == pytest.approx(150.0)
    geo.zoom_about(1e9, 0.0)
    assert geo.px_per_frame == MAX_PX_PER_FRAME
    geo.fit(1000, 1012)
    assert geo.frame_to_x(1000) == pytest.approx(1000.0)


def test_snap_points_skip_the_dragged_clips_and_include_markers_and_playhead():
    project = make_project()
    points = snap_points(project, 0, 1000, exclude={"c2"}, playhead=33)
    assert points == [0, 24, 33, 40, 50, 70, 90]
    assert nearest(points, 36, 3) == 33
    assert nearest(points, 45, 2) is None
    assert snap_delta(points, [40, 100], 48, 3) == 50  # the start lands on the marker at 90
    assert snap_delta(points, [40, 100], -9, 2) == -10  # the end lands on 90


def test_moves_keep_the_group_at_the_start_and_refuse_missing_tracks():
    project = make_project()
    moved = origins(project, ["c1", "c2"])
    edit = move_edit(project, moved, -30, 0, merge_key="k")
    assert sorted(edit.moves) == [("c1", 0, "v1"), ("c2", 40, "v1")]
    assert move_edit(project, moved, 0, 5, merge_key="k") == "there is no track there"


def test_split_uses_the_selection_or_every_clip_under_the_playhead():
    project = make_project()
    assert [e.clip_id for e in split_edit(project, set(), 60).edits] == ["c3", "c2"]
    assert [e.clip_id for e in split_edit(project, {"c2"}, 60).edits] == ["c2"]
    assert split_edit(project, set(), 40) is None  # a cut, not inside a clip


def test_paste_makes_fresh_clips_at_the_playhead_in_one_step():
    doc = Document(make_project())
    copied = copy_clips(doc.project, ["c1", "c4"])
    edit, ids = paste_edit(doc.project, copied, 200)
    assert doc.apply(edit)
    assert [(doc.project.clip(i).start, doc.project.track_of(i).id) for i in ids] == [
        (200, "v1"),
        (200, "a1t"),
    ]
    doc.undo()
    assert all(doc.project.clip(i) is None for i in ids)


@pytest.mark.parametrize(
    ("px_per_frame", "fps", "major"),
    [(40.0, 24, 5), (4.0, 24, 24), (0.5, 24, 240), (0.01, 24, 14400), (4.0, 30, 30)],
)
def test_ruler_labels_sit_far_enough_apart(px_per_frame, fps, major):
    labelled, minor = tick_step(px_per_frame, fps)
    assert labelled == major
    assert labelled * px_per_frame >= 96 and labelled % minor == 0
