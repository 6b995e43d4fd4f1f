"""Generating a score for a range: the fused prompt, the exact length, placing it, undo."""

from __future__ import annotations

import soundfile

from studio.workflows.score.ranges import parse_timecode
from studio.workflows.score.refit import FITTED_TO, cut_record

GENERATE_MS = 30000


def test_a_take_for_the_selection_lands_with_the_ranges_exact_length(window, panel, qtbot):
    session = window.session
    session.select(["ch2", "ch3"])
    panel.range.use_selection.click()
    assert panel.range.range() == (48, 120)
    assert "144,000 samples" in panel.range.length.text()  # 3 s at 48 kHz
    assert "tense" in panel.prompt.prompt_text()  # footsteps, a gun, hiding in the shadow
    assert panel.prompt.scenes.text() == "INT. WAREHOUSE - NIGHT"

    # The take lands over its range by itself: a take of the range, placed, one undo step.
    with (
        qtbot.waitSignal(panel.take_ready, timeout=GENERATE_MS) as ready,
        qtbot.waitSignal(panel.placed, timeout=GENERATE_MS) as placed,
    ):
        panel.generate_button.click()
    take = ready.args[0]
    assert panel.choice.generator().id == "builtin.temp-score"  # the offline default
    assert panel.choice.form.values().mood == "tense"  # suggested by the fused prompt
    assert soundfile.info(str(take.path)).frames == 144000
    assert panel.selected_take() is take
    (score_range,) = session.project.score_ranges
    assert (score_range.start, score_range.end) == (48, 120)
    assert score_range.takes == [take.asset_id] == [score_range.picked]
    assert score_range.follows.startswith("shots:")
    clip = session.project.clip(placed.args[0])
    assert (clip.start, clip.duration) == (48, 72)
    assert session.project.track_of(clip.id).id == "a1"
    asset = session.project.assets[clip.asset_id]
    assert asset.samples == 144000 and asset.sample_rate == 48000
    assert asset.provenance["generator"] == "builtin.temp-score+fit"
    assert asset.name == "Score 00:00:02:00–00:00:05:00, take 1"
    assert asset.provenance[FITTED_TO] == cut_record(session.project, 48, 120)
    assert session.selection == {clip.id}

    session.undo()
    assert session.project.clip(clip.id) is None
    assert asset.id not in session.project.assets
    assert session.project.track("a1").clips == []
    assert session.project.score_ranges == []
    qtbot.waitUntil(lambda: panel.takes == [], timeout=2000)  # the list follows the project


def test_the_range_comes_from_a_scene_or_typed_timecodes(window, panel):
    picker = panel.range
    picker.scenes.activated.emit(picker.scenes.findData("s3"))
    assert picker.range() == (120, 168)
    assert "chase" not in panel.prompt.prompt_text()  # moods, not words, reach the prompt
    assert "driving" in panel.prompt.prompt_text()  # a chase, an explosion: action

    picker.start_edit.setText("00:00:01:00")
    picker.end_edit.setText("00:00:02:12")
    picker.end_edit.editingFinished.emit()
    assert picker.range() == (24, 60)

    picker.end_edit.setText("00:00:02:30")  # no 30th frame at 24 fps
    picker.end_edit.editingFinished.emit()
    assert picker.range() == (24, 60) and "past the 24 frames" in picker.error.text()

    picker.end_edit.setText("00:00:00:12")  # before the start
    picker.end_edit.editingFinished.emit()
    assert picker.range() == (24, 60) and "ends before it starts" in picker.error.text()


def test_a_hand_edited_prompt_is_kept_until_fused_again(window, panel):
    panel.range.set_range(0, 48)
    panel.prompt.text.setPlainText("solo cello, slow")
    panel.range.set_range(48, 120)
    assert panel.prompt.prompt_text() == "solo cello, slow"
    panel.prompt.style.setCurrentText("piano")
    assert panel.prompt.prompt_text() == "solo cello, slow"
    panel.prompt.fuse_again.click()
    assert panel.prompt.prompt_text().startswith("solo piano film score, tense")


def test_timecodes_parse_as_the_panel_writes_them():
    from fractions import Fraction

    assert parse_timecode("01:00:00:00", Fraction(24)) == 86400
    assert parse_timecode("2:05", Fraction(24)) == 53
    assert parse_timecode("100", Fraction(24000, 1001)) == 100
    assert parse_timecode("00:00:01:00", Fraction(24000, 1001)) == 24  # nominal rate
    for bad in ("", "1:2:3:4:5", "a:00", "00:00:00:24"):
        try:
            parse_timecode(bad, Fraction(24))
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} parsed")


def test_a_melody_from_the_bin_goes_with_the_request_when_the_generator_can_follow_it(
    window, panel, qtbot, tmp_path, monkeypatch
):
    from studio.media import synth
    from studio.plugins.api import MELODY
    from studio.workflows.importer import import_files

    tune = synth.write_tone(tmp_path / "whistled tune.wav", seconds=2.0)
    with qtbot.waitSignal(window.session.changed, timeout=5000):
        import_files(window.session.doc, [tune])
    panel.find_generators()
    qtbot.waitUntil(lambda: panel.choice.form is not None, timeout=GENERATE_MS)
    assert panel.choice.generator().id == "builtin.temp-score"
    assert not panel.melody.combo.isEnabled()  # the temp score cannot follow a tune

    panel.choice.choose("music.musicgen")
    assert panel.melody.combo.isEnabled()  # its manifest says it takes audio
    qtbot.waitUntil(lambda: panel.choice.form is not None, timeout=GENERATE_MS)
    names = [panel.melody.combo.itemText(i) for i in range(panel.melody.combo.count())]
    assert names == ["None", "whistled tune"]
    panel.melody.combo.setCurrentIndex(1)
    asked = []
    monkeypatch.setattr(
        panel.hub, "submit", lambda cls, request, target: asked.append(request) or object()
    )
    panel.range.scenes.activated.emit(panel.range.scenes.findData("s1"))
    panel._submit(panel.range.range(), None)
    (melody,) = asked[0].inputs
    assert melody.role == MELODY and melody.path.name == "whistled tune.wav"

    panel.choice.choose("builtin.temp-score")  # back to one that cannot: nothing is sent
    assert not panel.melody.combo.isEnabled() and panel.melody.inputs() == ()
