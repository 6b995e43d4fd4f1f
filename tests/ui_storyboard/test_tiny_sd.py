"""The storyboard panel with diffusers.image and a tiny random Stable Diffusion folder."""

from __future__ import annotations

import pytest

from studio.workflows.storyboard.storyboard import frame_clip

pytest.importorskip("diffusers")


def test_a_tiny_sd_batch_lands_as_takes_of_the_shot(panel, qtbot, tiny_sd):
    panel.shots.setCurrentRow(0)
    panel.hub.when_ready(lambda _engine: None)
    choice = panel.box.generator
    assert choice.choose("diffusers.image")
    qtbot.waitUntil(lambda: choice.form is not None, timeout=15000)  # imported off the GUI
    choice.form.set_values({"model": str(tiny_sd), "steps": 2, "guidance": 1.0})
    panel.box.count.setValue(2)
    with qtbot.waitSignal(panel.takes_placed, timeout=60000) as placed:
        panel.box.variations.click()
    shot_id, takes = placed.args
    assert len(takes) == 2  # one batch job, each variation its own take
    project = panel.session.project
    assert project.item("shots", shot_id).takes == takes
    clip = frame_clip(project, shot_id)
    assert (clip.start, clip.duration, clip.asset_id) == (0, 48, takes[0])
    assert project.assets[takes[0]].provenance["generator"] == "diffusers.image"
