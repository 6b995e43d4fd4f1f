"""The clips panel with diffusers.video and a tiny random Wan image-to-video folder."""

from __future__ import annotations

import pytest

from studio.model import MediaKind

pytest.importorskip("diffusers")
pytest.importorskip("ftfy")


def test_a_tiny_wan_clip_from_the_frame_becomes_a_take(panel, qtbot, tiny_wan_i2v):
    panel.shots.setCurrentRow(1)
    panel.hub.when_ready(lambda _engine: None)
    choice = panel.box.generator
    assert choice.choose("diffusers.video")
    qtbot.waitUntil(lambda: choice.form is not None, timeout=15000)  # imported off the GUI
    choice.form.set_values({"model": str(tiny_wan_i2v), "steps": 2})
    with qtbot.waitSignal(panel.take_added, timeout=90000) as added:
        panel.box.generate.click()
    asset = panel.session.project.assets[added.args[1]]
    assert asset.kind is MediaKind.VIDEO and asset.frames == 24
    assert asset.provenance["generator"] == "diffusers.video"
    assert asset.provenance["inputs"][0]["role"] == "first-frame"
