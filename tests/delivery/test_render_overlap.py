"""A movie render mixes and encodes its sound on a thread of its own, ahead of the pictures,
and the file is the same as when each block of sound was encoded between the pictures."""

from __future__ import annotations

import threading
from fractions import Fraction

import pytest

from studio.errors import MediaError
from studio.media.mix import Mixer
from studio.media.render import RenderJob, render
from studio.model.time import frames_to_samples

from .conftest import add_asset, click_wav, make_project, place
from .test_render import decoded_audio, decoded_video


@pytest.fixture
def scored(tmp_path, signals):
    """50 frames of pictures over a click track one block of sound longer than a block."""
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["white"]), 0, 50)
    click = click_wav(tmp_path / "click.wav", frames_to_samples(30, 48000, Fraction(24)), 110_000)
    place(doc, "A1", add_asset(doc, click), 0, 50)
    return doc


def test_the_sound_is_mixed_off_the_thread_that_feeds_the_video(scored, tmp_path, monkeypatch):
    mixing: set[str] = set()
    real = Mixer.frames
    monkeypatch.setattr(
        Mixer,
        "frames",
        lambda self, a, b: mixing.add(threading.current_thread().name) or real(self, a, b),
    )
    out = render(RenderJob(scored.project, scored.path), tmp_path / "out.mp4")
    assert threading.current_thread().name not in mixing and mixing == {"render-audio"}
    frames, _ = decoded_video(out)
    first, samples = decoded_audio(out)
    assert len(frames) == 50
    assert abs(len(samples) - frames_to_samples(50, 48000, Fraction(24))) < 1024
    assert not any(t.name == "render-audio" for t in threading.enumerate())


def test_a_failing_mix_fails_the_render_and_leaves_nothing(scored, tmp_path, monkeypatch):
    def broken(self, a, b):
        raise MediaError("the score could not be read")

    monkeypatch.setattr(Mixer, "frames", broken)
    with pytest.raises(MediaError, match="could not be read"):
        render(RenderJob(scored.project, scored.path), tmp_path / "out.mp4")
    assert not list(tmp_path.glob("out*"))
    assert not any(t.name == "render-audio" for t in threading.enumerate())


def test_a_held_still_crosses_to_the_encoder_once_per_run(tmp_path, signals, monkeypatch):
    """A still held for seconds was handed from the compositing thread to the encoding
    thread frame by frame, each hand-over a wake-up; now once per run of up to _RUN_MAX
    frames. The file is unchanged: every frame in its place, the cuts where they were."""
    from studio.media import render as render_module

    doc = make_project(tmp_path / "p")
    white = 2 * render_module._RUN_MAX + 5  # past two full runs of one still
    place(doc, "V1", add_asset(doc, signals["white"]), 0, white)
    place(doc, "V1", add_asset(doc, signals["blue"]), white, 7)
    handed: list[int] = []
    real_put = render_module.queue.Queue.put

    def counting_put(self, item, *args, **kwargs):
        if isinstance(item, tuple):
            handed.append(item[1])
        return real_put(self, item, *args, **kwargs)

    monkeypatch.setattr(render_module.queue.Queue, "put", counting_put)
    out = render(RenderJob(doc.project, doc.path), tmp_path / "out.mp4")
    assert handed == [render_module._RUN_MAX, render_module._RUN_MAX, 5, 7]
    frames, _ = decoded_video(out)
    brightness = [b for _, b in frames]
    assert len(brightness) == white + 7
    assert min(brightness[:white]) > 240 and max(brightness[white:]) < 60  # the cut in place
