"""The clips panel with the built-in pan-and-zoom: a clip from a frame, used, undone, batched."""

from __future__ import annotations

from studio.model import MediaKind
from studio.workflows.clips.clips import shot_slot

TIMEOUT = 20000


def _make_clip(panel, qtbot, row):
    panel.shots.setCurrentRow(row)
    shot_id = panel.shots.current_shot()
    with qtbot.waitSignal(panel.take_added, timeout=TIMEOUT) as added:
        panel.box.generate.click()
    assert added.args[0] == shot_id
    return shot_id, added.args[1]


def test_a_clip_from_the_frame_replaces_it_in_the_shots_place_and_undo_restores_it(panel, qtbot):
    project = panel.session.project
    shot_id = project.shots[1].id
    _track, frame = shot_slot(project, shot_id)
    shot_id, take = _make_clip(panel, qtbot, 1)
    project = panel.session.project
    asset = project.assets[take]
    assert asset.kind is MediaKind.VIDEO and asset.frames == 24  # the shot's second at 24 fps
    assert asset.provenance["generator"] == "builtin.ken-burns"
    assert asset.provenance["inputs"][0]["role"] == "first-frame"
    assert "static camera" in asset.provenance["prompt"]
    # The clip shows in the shot's span, same place and length; the frame stays a take.
    track, clip = shot_slot(project, shot_id)
    assert (clip.asset_id, clip.start, clip.duration) == (take, frame.start, frame.duration)
    assert track.kind.value == "video" and clip.id == frame.id
    assert frame.asset_id in project.item("shots", shot_id).takes
    assert panel.takes.item(panel.takes.take_ids().index(take)).text().startswith("✓")
    qtbot.waitUntil(lambda: panel.player.playing, timeout=TIMEOUT)  # the span's new clip
    assert len(panel.player.frames) == 24

    panel.takes.click_take(frame.asset_id)  # back to the frame, by hand
    panel.use_button.click()
    assert shot_slot(panel.session.project, shot_id)[1].asset_id == frame.asset_id
    panel.session.undo()
    assert shot_slot(panel.session.project, shot_id)[1].asset_id == take
    panel.session.undo()  # the landing itself was one step
    _track, back = shot_slot(panel.session.project, shot_id)
    assert (back.asset_id, back.start, back.duration) == (frame.asset_id, 48, 24)
    assert take not in panel.session.project.assets


def test_camera_move_is_in_the_prompt_and_the_pan_and_zoom(panel, qtbot):
    panel.shots.setCurrentRow(0)
    panel.box.camera.setCurrentIndex(panel.box.camera.findData("dolly"))
    assert panel.box.prompt.text() == "The keeper climbs the stairs. slow dolly-in"
    assert "camera" in panel.box.prompt.parts.text()
    _shot, take = _make_clip(panel, qtbot, 0)
    params = panel.session.project.assets[take].provenance["params"]
    assert params["zoom_end"] == 1.35 and params["pan_x"] == 0.0


def test_batch_queues_one_job_per_shot_without_a_clip(panel, qtbot):
    shot_id, take = _make_clip(panel, qtbot, 0)  # the first shot now has a video take
    with qtbot.waitSignal(panel.jobs_queued, timeout=TIMEOUT) as queued:
        panel.batch.click()
    (job,) = queued.args[0]  # the second shot only: the third has no frame to animate
    second = panel.session.project.shots[1].id
    assert panel.jobs.jobs[job] == second
    assert job.request.inputs[0].role == "first-frame" and job.request.frame_count == 24
    assert "1 shot(s) have no storyboard frame" in panel.window().statusBar().currentMessage()
    with qtbot.waitSignal(panel.take_added, timeout=TIMEOUT) as added:
        pass
    assert added.args[0] == second


def test_a_shot_without_a_frame_asks_for_one(panel, qtbot):
    panel.shots.setCurrentRow(2)
    panel.box.generate.click()
    assert "no storyboard frame" in panel.window().statusBar().currentMessage()
    assert panel.jobs.jobs == {}


def test_a_shot_whose_span_shows_its_clip_still_has_its_frame_to_animate(panel, qtbot):
    panel.shots.setCurrentRow(1)
    panel.shots.setCurrentRow(0)

    def shown():
        return panel.player.view.pixmap() is not None and not panel.player.view.pixmap().isNull()  # noqa: E731

    qtbot.waitUntil(shown, timeout=TIMEOUT)  # its frame, not "No picture yet"
    project = panel.session.project
    frame = shot_slot(project, project.shots[0].id)[1].asset_id
    shot_id, first = _make_clip(panel, qtbot, 0)  # the span now shows the clip
    panel.shots.setCurrentRow(1)
    panel.shots.setCurrentRow(0)
    qtbot.waitUntil(lambda: panel.player.playing, timeout=TIMEOUT)  # the span's clip plays
    _shot, second = _make_clip(panel, qtbot, 0)  # again from the frame, not refused
    record = panel.session.project.assets[second].provenance
    assert record["inputs"][0]["path"].endswith(project.assets[frame].path.split("/")[-1])
    assert panel.session.project.item("shots", shot_id).takes[-2:] == [first, second]
