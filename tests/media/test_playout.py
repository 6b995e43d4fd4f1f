"""Playing sound from a position: what reaches the output, and the clock it gives."""

import threading
import time

import numpy as np
import pytest

from studio.media.audio_output import DeviceOutput, OutputUnavailable, SilentOutput, open_output
from studio.media.playout import ArraySource, Playout
from studio.testing.audio_output import ManualClock, ManualOutput

RATE = 48_000


def ramp(seconds: float = 3.0) -> np.ndarray:
    """Every sample different, so any slip or repeat shows."""
    n = round(RATE * seconds)
    left = np.arange(n, dtype=np.float32) / n
    return np.stack([left, -left], axis=1)


def manual_playout(latency: int = 0, problems: list | None = None):
    output, clock = ManualOutput(latency), ManualClock()
    on_problem = problems.append if problems is not None else None
    return Playout(RATE, opener=output.opener, now=clock, on_problem=on_problem), output, clock


def test_the_output_hears_the_source_from_the_start_position_in_order():
    playout, output, _ = manual_playout()
    audio = ramp()
    playout.start(ArraySource(audio), first=12_345)
    for count in (960, 961, 4096, 17, 2048):
        assert playout.wait_ready()
        output.pull(count)
    heard = output.heard()
    np.testing.assert_array_equal(heard, audio[12_345 : 12_345 + len(heard)])
    assert playout.underruns == 0
    playout.stop()


def test_the_clock_is_what_was_handed_over_less_latency_and_moves_with_time_between_pulls():
    playout, output, clock = manual_playout(latency=480)
    playout.start(ArraySource(ramp()), first=RATE)
    assert playout.position() == RATE  # nothing heard yet: still at the start
    playout.wait_ready()
    output.pull(960)
    assert playout.position() == RATE  # the device still holds all of it
    playout.wait_ready()
    output.pull(960)
    assert playout.position() == RATE + 960 - 480
    clock.advance(0.010)  # half a pull's worth of time later
    assert playout.position() == RATE + 960
    clock.advance(1.0)  # the device stalled: the clock waits at what it was given
    assert playout.position() == RATE + 960 - 480 + 960
    playout.stop()


def test_when_the_source_is_late_the_output_gets_silence_and_the_clock_waits():
    gate, slow = threading.Event(), threading.Event()

    class SlowAfterPreroll(ArraySource):
        def samples(self, first, count):
            if slow.is_set():
                gate.wait(5)
            return super().samples(first, count)

    playout, output, clock = manual_playout()
    playout.start(SlowAfterPreroll(ramp()), first=RATE)
    playout.wait_ready()
    slow.set()
    output.pull(RATE)  # more than the read-ahead holds
    heard = output.heard()
    assert playout.underruns == 1
    got = int(np.count_nonzero(heard[:, 0]))
    assert 0 < got < RATE
    assert not heard[got:].any()  # silence, not repeated or garbage sound
    clock.advance(10.0)
    assert playout.position() == RATE + got  # the picture will wait with the sound
    gate.set()
    playout.stop()


def test_a_changed_source_plays_on_from_the_same_place():
    playout, output, _ = manual_playout()
    playout.start(ArraySource(ramp()), first=0)
    playout.set_source(ArraySource(np.full((RATE * 3, 2), 0.25, np.float32)))
    for _ in range(20):
        playout.wait_ready()
        output.pull(2048)
    heard = output.heard()
    # What was read ahead before the edit plays out, then the new sound, without a gap.
    changed = int(np.argmax(heard[:, 0] == 0.25))
    assert changed > 0
    np.testing.assert_array_equal(heard[:changed], ramp()[:changed])
    assert (heard[changed:] == 0.25).all()
    playout.stop()


def test_start_and_stop_return_at_once_even_when_the_first_read_is_slow():
    release = threading.Event()

    class SlowSource(ArraySource):
        def samples(self, first, count):
            release.wait(5)  # a long decode before the first sound
            return super().samples(first, count)

    playout, output, _ = manual_playout()
    started = time.perf_counter()
    playout.start(SlowSource(ramp()), first=100)
    playout.stop()
    assert time.perf_counter() - started < 0.05
    assert playout.position() == 100
    assert not playout.playing
    release.set()


def test_stop_holds_the_position_heard_and_closes_the_output():
    playout, output, clock = manual_playout()
    playout.start(ArraySource(ramp()), first=500)
    playout.wait_ready()
    output.pull(4800)
    clock.advance(1.0)
    playout.stop()
    assert playout.position() == 500 + 4800
    clock.advance(5.0)
    assert playout.position() == 500 + 4800
    deadline = time.monotonic() + 2
    while not output.closed and time.monotonic() < deadline:
        time.sleep(0.01)
    assert output.closed


def test_a_source_that_fails_is_reported_and_nothing_is_raised():
    class Broken:
        def samples(self, first, count):
            raise OSError("the file went away")

    problems: list[str] = []
    playout, _, _ = manual_playout(problems=problems)
    playout.start(Broken(), first=0)
    deadline = time.monotonic() + 2
    while not problems and time.monotonic() < deadline:
        time.sleep(0.01)
    assert problems == ["Sound stopped: the file went away"]


def test_array_source_is_silent_outside_the_take():
    audio = ramp(0.01)
    out = ArraySource(audio).samples(-10, len(audio) + 20)
    assert not out[:10].any() and not out[-10:].any()
    np.testing.assert_array_equal(out[10:-10], audio)


@pytest.mark.parametrize(
    "make_output",
    [
        pytest.param(lambda rate: DeviceOutput(rate, backends=["null"]), id="miniaudio-null"),
        pytest.param(SilentOutput, id="silent"),
    ],
)
def test_real_outputs_pace_the_clock_at_real_time(make_output):
    playout = Playout(RATE, opener=make_output)
    playout.start(ArraySource(ramp(5.0)), first=RATE)
    assert playout.wait_ready()
    begin_time, begin = time.monotonic(), playout.position()
    time.sleep(0.6)
    moved = (playout.position() - begin) / RATE
    elapsed = time.monotonic() - begin_time
    playout.stop()
    assert abs(moved - elapsed) < 0.1
    assert playout.underruns == 0


def test_open_output_falls_back_to_a_silent_output_that_says_why(monkeypatch):
    tries: list[int] = []

    def no_device(self, rate, backends=None):
        tries.append(rate)
        raise OutputUnavailable("the device did not open (miniaudio: -401)")

    monkeypatch.setenv("STORYREEL_AUDIO", "")
    monkeypatch.setattr(DeviceOutput, "__init__", no_device)
    monkeypatch.setattr("studio.media.audio_output._no_device", None)
    output = open_output(RATE)
    assert isinstance(output, SilentOutput)
    assert not output.audible and "did not open" in output.reason
    # Remembered: the next plays (and seeks) do not probe the system again at once.
    assert "did not open" in open_output(RATE).reason
    assert tries == [RATE]


def test_an_output_that_stops_pulling_is_stalled_but_one_still_opening_is_not():
    gate = threading.Event()

    def slow_opener(rate):
        gate.wait(5)  # a device that takes its time to open
        return output.opener(rate)

    output, clock = ManualOutput(), ManualClock()
    playout = Playout(RATE, opener=slow_opener, now=clock)
    playout.start(ArraySource(ramp()), first=0)
    clock.advance(10.0)  # pre-roll and opening may take long: not a stall
    assert not playout.stalled()
    gate.set()
    playout.wait_ready()
    output.pull(960)
    clock.advance(0.5)
    assert not playout.stalled()
    clock.advance(0.6)
    assert playout.stalled()
    playout.stop()
    assert not playout.stalled()


def test_underruns_of_the_last_run_stay_readable_after_it_stops():
    playout, output, _ = manual_playout()
    playout.start(ArraySource(ramp(0.1)), first=0)
    playout.wait_ready()
    output.pull(RATE)  # far more than was read ahead
    assert playout.underruns == 1
    playout.stop()
    assert playout.underruns == 1  # what a benchmark reads once play has ended


def test_a_started_output_that_never_pulls_is_stalled_after_a_while():
    playout, output, clock = manual_playout()
    playout.start(ArraySource(ramp()), first=0)
    playout.wait_ready()
    clock.advance(2.0)
    assert not playout.stalled()  # devices may take a moment to ask for the first samples
    clock.advance(2.0)
    assert playout.stalled()
    playout.stop()


def test_a_run_stopped_during_preroll_opens_no_output():
    release = threading.Event()
    opened: list[int] = []

    class SlowSource(ArraySource):
        def samples(self, first, count):
            release.wait(5)
            return super().samples(first, count)

    playout = Playout(RATE, opener=lambda rate: opened.append(rate) or ManualOutput())
    playout.start(SlowSource(ramp()), first=0)
    playout.stop()
    release.set()
    time.sleep(0.2)
    assert opened == []


def test_the_clock_does_not_run_before_the_first_samples_leave_the_device():
    playout, output, clock = manual_playout(latency=960)
    playout.start(ArraySource(ramp()), first=0)
    playout.wait_ready()
    output.pull(480)
    clock.advance(0.010)  # a full pull's time: but 960 samples were ahead of these
    assert playout.position() == 0
    playout.stop()


def test_a_failure_of_a_run_already_replaced_is_not_reported():
    fail = threading.Event()
    problems: list[str] = []

    class FailsLater(ArraySource):
        def samples(self, first, count):
            if first > 0:
                fail.wait(5)
                raise OSError("the old take's file went away")
            return super().samples(first, count)

    playout = Playout(RATE, opener=lambda rate: ManualOutput(), on_problem=problems.append)
    playout.start(FailsLater(ramp()), first=0)
    time.sleep(0.05)
    playout.start(ArraySource(ramp()), first=0)  # play again: the first run is replaced
    fail.set()
    time.sleep(0.2)
    assert problems == [] and not playout.failed
    playout.stop()
