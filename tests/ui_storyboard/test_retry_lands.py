"""The Jobs dock's Retry runs the same request again, and its take lands where the first did."""

from __future__ import annotations

from studio.workflows.storyboard.storyboard import frame_clip

TIMEOUT = 15000


def test_retry_adds_a_take_to_the_same_shot(panel, qtbot):
    panel.shots.setCurrentRow(1)
    shot_id = panel.shots.current_shot()
    with qtbot.waitSignal(panel.takes_placed, timeout=TIMEOUT) as first:
        panel.box.generate.click()
    (job,) = [j for j in panel.hub.engine.jobs if j.target and j.target.shot_id == shot_id]
    dock = panel.hub.jobs
    with qtbot.waitSignal(panel.takes_placed, timeout=TIMEOUT) as again:
        retried = dock.retry(job)
    assert retried is not None and retried is not job
    assert again.args[0] == shot_id
    shot = panel.session.project.item("shots", shot_id)
    assert shot.takes == [*first.args[1], *again.args[1]]  # the take list grew
    assert shot.picked == again.args[1][0] == frame_clip(panel.session.project, shot_id).asset_id
    assert panel.editor.takes.take_ids() == shot.takes


def test_a_take_for_a_shot_removed_meanwhile_is_kept_as_media(panel, qtbot):
    panel.shots.setCurrentRow(0)
    shot_id = panel.shots.current_shot()
    with qtbot.waitSignal(panel.jobs_queued) as queued:
        panel.box.generate.click()
    panel.remove_shot()  # while the job runs
    (job,) = queued.args[1]
    qtbot.waitUntil(lambda: job.path is not None and len(panel.session.project.assets) == 1)
    assert panel.session.project.item("shots", shot_id) is None
    assert "its shot was removed" in panel.window().statusBar().currentMessage()
