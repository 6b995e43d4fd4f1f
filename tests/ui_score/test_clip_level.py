"""Gain and fades of the selected audio clip, and the refit banner when the cut moves later."""

from __future__ import annotations

from studio.model import Asset, Clip, MediaKind
from studio.model.edits import AddAsset, InsertClip, Macro, MoveClips
from studio.workflows.score.refit import FITTED_TO, cut_record

LATER = [("ch4", 130, None), ("ch3", 90, None)]  # the second scene's last shot runs 6 frames on


def _score_clip(session, start=48, end=120, fitted=True) -> str:
    """An audio clip on A1 over [start, end), noting the cut under it when `fitted`."""
    record = {FITTED_TO: cut_record(session.project, start, end)} if fitted else {}
    asset = Asset("score", MediaKind.AUDIO, "score", "media/score.wav", provenance=record)
    clip = Clip("score-clip", asset.id, start, end - start, name="score")
    assert session.apply(Macro("add", [AddAsset(asset), InsertClip("a1", clip)]))
    return clip.id


def test_a_gain_drag_is_one_undo_step(window, panel):
    session = window.session
    clip_id = _score_clip(session)
    controls = panel.clip_controls
    assert not controls.gain.isEnabled()
    session.select([clip_id])
    assert controls.clip_id == clip_id and controls.gain.isEnabled()

    controls.gain.setSliderDown(True)
    for tenths in (-10, -35, -60):
        controls.gain.setValue(tenths)
    controls.gain.setSliderDown(False)
    clip = session.project.clip(clip_id)
    assert clip.gain_db == -6.0 and controls.gain_text.text() == "-6.0 dB"

    controls.gain.setValue(-80)  # a key press: a step of its own
    assert session.project.clip(clip_id).gain_db == -8.0
    session.undo()
    assert session.project.clip(clip_id).gain_db == -6.0
    session.undo()  # the whole drag
    assert session.project.clip(clip_id).gain_db == 0.0
    assert controls.gain.value() == 0  # the slider follows undo


def test_fades_change_the_clip_and_refused_values_spring_back(window, panel):
    session = window.session
    clip_id = _score_clip(session)  # 72 frames
    session.select([clip_id])
    controls = panel.clip_controls
    controls.fade_in.setValue(24)
    controls.fade_out.setSliderDown(True)
    controls.fade_out.setValue(12)
    controls.fade_out.setValue(36)
    controls.fade_out.setSliderDown(False)
    clip = session.project.clip(clip_id)
    assert (clip.fade_in, clip.fade_out) == (24, 36)
    assert controls.fade_in_text.text() == "1.00 s"

    controls.fade_out.setValue(60)  # 24 + 60 > 72 frames: refused
    assert session.project.clip(clip_id).fade_out == 36 and controls.fade_out.value() == 36
    session.undo()
    assert session.project.clip(clip_id).fade_out == 0


def test_the_refit_banner_appears_when_the_cut_moves_later(window, panel, qtbot):
    session = window.session
    with qtbot.waitSignal(panel.refits_checked, timeout=2000):
        _score_clip(session)
    assert panel.banner.isHidden()  # looked, and found the cut where the score was fitted
    assert session.apply(MoveClips(LATER))  # ch3: 84-120 → 90-126
    qtbot.waitUntil(panel.banner.isVisible, timeout=2000)
    assert panel.banner.offer.new_range == (48, 126)
    assert "00:00:02:00–00:00:05:06" in panel.banner.text.text()
    session.undo()
    qtbot.waitUntil(panel.banner.isHidden, timeout=2000)


def test_refit_makes_a_take_for_the_new_range_that_replaces_the_old(window, panel, qtbot):
    session = window.session
    old = _score_clip(session)
    assert session.apply(MoveClips(LATER))
    qtbot.waitUntil(panel.banner.isVisible, timeout=2000)
    with (
        qtbot.waitSignal(panel.take_ready, timeout=30000) as ready,
        qtbot.waitSignal(panel.placed, timeout=30000) as placed,
    ):
        panel.banner.refit_button.click()
    take = ready.args[0]
    assert (take.start, take.end, take.replaces) == (48, 126, old)
    assert panel.banner.isHidden()
    new = session.project.clip(placed.args[0])
    assert session.project.clip(old) is None and (new.start, new.end) == (48, 126)
    session.undo()  # one step: the old score is back, the new one gone
    assert session.project.clip(old) is not None and session.project.clip(new.id) is None


def test_an_unfitted_audio_clip_is_never_offered(window, panel, qtbot):
    session = window.session
    _score_clip(session, fitted=False)
    with qtbot.waitSignal(panel.refits_checked, timeout=2000):
        assert session.apply(MoveClips(LATER))
    assert panel.banner.isHidden()  # the check ran after the move, and offered nothing


def test_how_far_the_score_ducks_under_dialogue_is_set_on_its_clip(window, panel):
    session = window.session
    clip_id = _score_clip(session)
    session.select([clip_id])
    controls = panel.clip_controls
    assert controls.duck_text.text() == "off" and controls.duck.value() == 0
    controls.duck.setValue(-180)  # tenths of a dB
    assert session.project.clip(clip_id).duck_db == -18.0
    assert controls.duck_text.text() == "-18.0 dB"
    session.undo()
    assert session.project.clip(clip_id).duck_db == 0.0 and controls.duck.value() == 0
