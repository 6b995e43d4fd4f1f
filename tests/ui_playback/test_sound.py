"""Playback with sound: the picture follows the clock of what is heard, at the play position."""

from __future__ import annotations

import numpy as np
import pytest

from studio.media.mix import Mixer
from studio.model.edits import SetTrackFlags
from studio.testing.audio_output import ManualClock, ManualOutput
from studio.ui.playback.qt_sound import TimelineSound

SAMPLES_PER_FRAME = 2000  # 48 kHz at 24 fps


@pytest.fixture
def device(editor):
    """The editor's sound played into an output the test pulls, on a clock it moves."""
    output, clock = ManualOutput(), ManualClock()
    sound = TimelineSound(editor, opener=output.opener, now=clock)
    sound.opened.connect(editor.sound.opened)  # the viewer hears what opened, as in the app
    sound.set_session(editor.session)
    editor.transport.sound = sound
    output.clock, output.sound = clock, sound
    yield output
    sound.stop()


def pull_frames(device, frames: int) -> None:
    """The device takes and plays `frames` frames' worth of sound, one frame at a time."""
    for _ in range(frames):
        assert device.sound.playout.wait_ready()
        device.pull(SAMPLES_PER_FRAME)
        device.clock.advance(1 / 24)


def test_the_picture_follows_the_sound_and_waits_when_it_stalls(editor, device, qtbot):
    session = editor.session
    editor.transport.play(1.0)
    # Time passes, but no sound has been heard: no frame moves. (Less than the second after
    # which an output that never pulls counts as lost: past it, play goes on silently.)
    device.clock.advance(0.5)
    qtbot.wait(30)
    assert session.playhead == 0
    pull_frames(device, 10)
    qtbot.waitUntil(lambda: session.playhead == 10, timeout=3000)
    device.clock.advance(0.6)  # the device is late: the picture waits for the sound
    qtbot.wait(30)
    assert session.playhead == 10
    pull_frames(device, 5)
    qtbot.waitUntil(lambda: session.playhead == 15, timeout=3000)
    editor.transport.stop()
    assert not device.sound.playing


def test_when_the_output_stops_pulling_play_goes_on_without_sound(editor, device, qtbot):
    session = editor.session
    editor.transport.play(1.0)
    pull_frames(device, 3)
    qtbot.waitUntil(lambda: session.playhead == 3, timeout=3000)
    with qtbot.waitSignal(device.sound.problem, timeout=3000) as said:
        device.clock.advance(1.5)  # no pull for longer than any device waits: it is gone
    assert "stopped responding" in said.args[0]
    assert editor.transport.playing and not device.sound.playing
    assert editor.transport._driver is editor.transport.clock
    qtbot.waitUntil(lambda: session.playhead >= 6, timeout=3000)  # on the wall clock


def test_what_is_heard_is_the_timeline_mix_from_the_play_position(editor, device, qtbot):
    session = editor.session
    session.set_playhead(24)
    editor.transport.play(1.0)
    pull_frames(device, 12)
    heard = device.heard()
    expected = Mixer(session.project, session.doc.path).frames(24, 36)
    assert np.abs(heard).max() > 0.05  # the tone under the cards
    np.testing.assert_allclose(heard, expected, atol=1e-6)


def test_a_seek_while_playing_plays_on_from_there_with_its_sound(editor, device, qtbot):
    session = editor.session
    editor.transport.play(1.0)
    pull_frames(device, 3)
    qtbot.waitUntil(lambda: session.playhead == 3, timeout=3000)
    session.set_playhead(60)  # a click on the ruler
    assert editor.transport.playing
    assert device.sound.playout.position() == 60 * SAMPLES_PER_FRAME
    device.pulled.clear()
    pull_frames(device, 4)
    qtbot.waitUntil(lambda: session.playhead == 64, timeout=3000)
    expected = Mixer(session.project, session.doc.path).frames(60, 64)
    np.testing.assert_allclose(device.heard(), expected, atol=1e-6)


def test_an_edit_while_playing_is_heard_without_stopping(editor, device, qtbot):
    session = editor.session
    audio = next(t for t in session.project.tracks if t.kind.name == "AUDIO" and t.clips)
    editor.transport.play(1.0)
    pull_frames(device, 2)
    assert np.abs(device.heard()).max() > 0.05
    session.apply(SetTrackFlags(audio.id, {"muted": True}))
    qtbot.wait(150)  # edits settle, then the new mix follows what was read ahead
    device.pulled.clear()
    pull_frames(device, 20)
    assert editor.transport.playing
    assert not device.heard()[-SAMPLES_PER_FRAME * 8 :].any()


def test_shuttling_has_no_sound_and_runs_on_the_wall_clock(editor, device, qtbot):
    editor.transport.play(1.0)
    assert device.sound.playing
    assert editor.mode_label.text().endswith("▶ 1×")
    editor.transport.forward()  # L again: 2×
    assert editor.transport.rate == 2.0
    assert not device.sound.playing
    assert "▶ 2× (no sound)" in editor.mode_label.text()
    assert editor.transport._driver is editor.transport.clock


def test_the_viewer_says_what_plays_the_sound(editor, device, qtbot):
    editor.transport.play(1.0)
    qtbot.waitUntil(lambda: "manual test output" in editor.viewer.status_text(), timeout=3000)
    assert "silent" in editor.viewer.status_text()


def test_when_the_sound_fails_play_goes_on_without_it_and_says_why(editor, device, qtbot):
    class Broken:
        def samples(self, first, count):
            raise OSError("the score file went away")

    device.sound._source = lambda: Broken()
    session = editor.session
    with qtbot.waitSignal(device.sound.problem, timeout=3000) as said:
        editor.transport.play(1.0)
    assert said.args[0] == "Sound stopped: the score file went away"
    qtbot.waitUntil(lambda: editor.transport._driver is editor.transport.clock, timeout=3000)
    assert editor.transport.playing
    qtbot.waitUntil(lambda: session.playhead >= 3, timeout=3000)  # on the wall clock


def test_a_changed_sample_rate_plays_at_the_new_rate(editor, device, qtbot):
    from studio.model.edits import UpdateSettings

    session = editor.session
    assert session.apply(UpdateSettings({"sample_rate": 44100}))
    session.set_playhead(24)
    editor.transport.play(1.0)
    assert device.sound.playout.rate == 44100
    assert device.sound.playout.position() == 44100  # frame 24 at 24 fps: one second
    assert device.sound.playout.wait_ready()
    assert device.rate == 44100  # the output was opened at the project's new rate
