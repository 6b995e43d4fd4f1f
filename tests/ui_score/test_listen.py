"""Listening to a take from the cursor: the take's own samples, and the cursor follows them."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from studio.testing.audio_output import ManualClock, ManualOutput
from studio.ui.score.qt_playback import TakeSoundPlayer
from studio.workflows.score.takes import Take

RATE = 48_000


@pytest.fixture
def device(panel):
    """The panel's player plays into an output the test pulls, on a clock it moves."""
    output, clock = ManualOutput(), ManualClock()
    panel.player.stop()
    player = TakeSoundPlayer(panel, opener=output.opener, now=clock)
    for signal, slot in (
        ("position", panel._heard),
        ("finished", panel._playing_ended),
        ("opened", panel._output_opened),
        ("problem", panel._say),
    ):
        getattr(player, signal).connect(slot)
    panel.player = player
    output.clock = clock
    yield output
    player.stop()


@pytest.fixture
def take(panel, qtbot, tmp_path):
    """A two-second take whose every sample differs, shown in the panel."""
    ramp = np.linspace(-0.5, 0.5, 2 * RATE, dtype=np.float32)
    soundfile.write(tmp_path / "ramp.wav", np.stack([ramp, -ramp], axis=1), RATE, "FLOAT")
    arrived = []
    panel.analysed.connect(arrived.append)
    panel.add_take(Take(1, 0, 48, 2 * RATE, "file", 0, {}, path=tmp_path / "ramp.wav"))
    qtbot.waitUntil(lambda: len(arrived) == 3, timeout=30000)
    return np.stack([ramp, -ramp], axis=1)


def pull(device, panel, seconds: float) -> None:
    for _ in range(round(seconds * 50)):
        assert panel.player.playout.wait_ready()
        device.pull(RATE // 50)
        device.clock.advance(1 / 50)


def test_play_from_the_cursor_hears_the_take_from_there_and_the_cursor_follows(
    panel, device, take, qtbot
):
    panel.views.set_cursor(0.5)
    assert panel.play_button.isEnabled()
    panel.play_button.click()
    assert panel.stop_button.isEnabled() and not panel.play_button.isEnabled()
    pull(device, panel, 0.6)
    np.testing.assert_array_equal(device.heard(), take[RATE // 2 : RATE // 2 + len(device.heard())])
    qtbot.waitUntil(lambda: panel.views.cursor() > 1.0, timeout=3000)
    assert panel.views.cursor() <= 1.1 + 1e-9
    assert panel.cursor_label.text().endswith(" s")
    panel.stop_button.click()
    assert not panel.player.playing
    stopped_at = panel.views.cursor()
    device.clock.advance(1.0)
    qtbot.wait(80)
    assert panel.views.cursor() == stopped_at  # the cursor stays where the sound stopped


def test_playing_stops_by_itself_at_the_end_of_the_take(panel, device, take, qtbot):
    panel.views.set_cursor(1.5)
    panel.play()
    pull(device, panel, 0.7)
    qtbot.waitUntil(lambda: not panel.player.playing, timeout=3000)
    assert panel.views.cursor() == pytest.approx(2.0)
    assert panel.play_button.isEnabled()
    assert not device.heard()[RATE // 2 :].any()  # past the take: silence


def test_the_panel_says_when_no_sound_is_heard(panel, device, take, qtbot):
    panel.play()
    qtbot.waitUntil(lambda: not panel.audio_note.isHidden(), timeout=3000)
    assert "silent" in panel.audio_note.text()


def test_an_unreadable_take_is_reported_and_playing_stops(panel, device, qtbot, tmp_path):
    (tmp_path / "broken.wav").write_bytes(b"RIFF not really a wave")
    panel.add_take(Take(2, 0, 48, RATE, "file", 0, {}, path=tmp_path / "broken.wav"))
    with qtbot.waitSignal(panel.player.problem, timeout=5000) as problem:
        panel.play()
    assert problem.args[0].startswith("Sound stopped: Cannot read media file")
    qtbot.waitUntil(lambda: not panel.player.playing, timeout=3000)
    assert panel.play_button.isEnabled()


def test_a_device_that_never_asks_for_sound_stops_the_take_and_says_so(panel, device, take, qtbot):
    panel.play()
    assert panel.player.playout.wait_ready()
    with qtbot.waitSignal(panel.player.problem, timeout=3000) as said:
        device.clock.advance(5.0)  # opened, started, and not one callback since
    assert "stopped responding" in said.args[0]
    qtbot.waitUntil(lambda: not panel.player.playing, timeout=3000)
    assert panel.play_button.isEnabled()
