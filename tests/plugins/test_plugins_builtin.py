"""The built-in generators, called directly: exact sizes, frame and sample counts, no clicks."""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest
from PIL import Image as PILImage

from studio.engine.discovery import discover
from studio.engine.validate import validate_output
from studio.plugins.api import Cancelled, Context, Kind, Media, Request


@pytest.fixture(scope="module")
def builtins():
    registry = discover(user_dirs=[], entry_points=False)
    return {
        cls.id.removeprefix("builtin."): cls
        for cls in registry.available()
        if cls.id.startswith("builtin.")
    }


def run(cls, **fields):
    fields.setdefault("params", cls.Params())
    output = cls().generate(Request(**fields), Context())
    validate_output(output, cls.output)
    return output


@pytest.fixture
def still(tmp_path):
    path = tmp_path / "still.png"
    gradient = np.linspace(0, 255, 300 * 200 * 3).reshape(200, 300, 3).astype(np.uint8)
    PILImage.fromarray(gradient).save(path)
    return Media(Kind.IMAGE, path)


def test_builtins_say_they_use_no_model(builtins):
    assert sorted(builtins) == ["ken-burns", "temp-score", "title-card"]
    assert all("no model" in cls.name and cls.runs_on == "cpu" for cls in builtins.values())


@pytest.mark.parametrize("size", [(1920, 1080), (333, 77), (64, 640)])
@pytest.mark.parametrize("style", ["title", "slate", "caption"])
def test_title_card_is_the_requested_size(builtins, size, style):
    cls = builtins["title-card"]
    out = run(
        cls,
        prompt="THE LONG NIGHT\nscene 12",
        width=size[0],
        height=size[1],
        params=cls.Params(style=style, subtitle="take 3"),
    )
    assert out.image.size == size
    lightest = np.asarray(out.image.convert("L")).max()
    assert lightest > 200  # light text was drawn on the dark background


@pytest.mark.parametrize(
    ("duration", "fps", "frames"),
    [(2.0, 24.0, 48), (1.0, 24000 / 1001, 24), (0.5, 30.0, 15), (0.04, 25.0, 1)],
)
def test_ken_burns_makes_exactly_duration_times_fps_frames(builtins, still, duration, fps, frames):
    out = run(
        builtins["ken-burns"], width=64, height=36, duration=duration, fps=fps, inputs=(still,)
    )
    assert out.frames.shape == (frames, 36, 64, 3)
    assert out.fps == fps


def test_ken_burns_moves_and_keeps_the_still_undistorted(builtins, still):
    cls = builtins["ken-burns"]
    params = cls.Params(zoom_start=1.0, zoom_end=1.5, pan_x=1.0, easing="linear")
    out = run(cls, width=90, height=60, duration=1, fps=10, inputs=(still,), params=params)
    assert not np.array_equal(out.frames[0], out.frames[-1])
    # At zoom 1 the 3:2 still fills the 3:2 frame exactly: frame 0 is the still, resized.
    expected = np.asarray(PILImage.open(still.path).convert("RGB").resize((90, 60)))
    assert np.abs(out.frames[0].astype(int) - expected).mean() < 3


def test_ken_burns_without_an_image_says_what_it_needs(builtins):
    with pytest.raises(ValueError, match="needs an image input"):
        run(builtins["ken-burns"], width=64, height=36)


@pytest.mark.parametrize(
    ("duration", "rate"), [(4.0, 48000), (2.5, 44100), (0.0101, 8000), (7.3333, 22050)]
)
def test_temp_score_is_exactly_the_requested_length(builtins, duration, rate):
    out = run(builtins["temp-score"], prompt="a quiet morning", duration=duration, sample_rate=rate)
    assert out.samples.shape == (round(duration * rate), 2)
    assert out.sample_rate == rate


@pytest.mark.parametrize("mood", ["calm", "hopeful", "sad", "tense", "action"])
def test_temp_score_starts_and_ends_in_silence_without_clicks(builtins, mood):
    cls = builtins["temp-score"]
    out = run(cls, duration=3.0, sample_rate=16000, params=cls.Params(mood=mood, tempo=150))
    samples = out.samples
    assert np.abs(samples[0]).max() < 1e-3 and np.abs(samples[-1]).max() < 1e-3
    assert np.abs(samples).max() == pytest.approx(0.5, abs=1e-3)
    # A click is a jump far beyond what the loudest partial can move in one sample.
    assert np.abs(np.diff(samples, axis=0)).max() < 0.2


def test_temp_score_follows_its_seed_and_mono_setting(builtins):
    cls = builtins["temp-score"]
    a = run(cls, duration=1.0, sample_rate=8000, seed=1, params=cls.Params(mood="action"))
    b = run(cls, duration=1.0, sample_rate=8000, seed=1, params=cls.Params(mood="action"))
    c = run(cls, duration=1.0, sample_rate=8000, seed=2, params=cls.Params(mood="action"))
    mono = run(cls, duration=1.0, sample_rate=8000, params=cls.Params(stereo=False))
    assert np.array_equal(a.samples, b.samples) and not np.array_equal(a.samples, c.samples)
    assert mono.samples.shape == (8000, 1)


def test_temp_score_picks_a_mood_from_the_prompt(builtins):
    mood_from_prompt = sys.modules[builtins["temp-score"].__module__].mood_from_prompt
    assert mood_from_prompt("A CHASE through the market") == "action"
    assert mood_from_prompt("grief at the funeral") == "sad"
    assert mood_from_prompt("a table, a chair") == "calm"


@pytest.mark.parametrize("name", ["ken-burns", "temp-score"])
def test_builtins_stop_within_one_step_of_cancel(builtins, still, name):
    cancel, steps = threading.Event(), []

    def on_progress(fraction, message):
        steps.append(fraction)
        if len(steps) == 2:
            cancel.set()

    cls = builtins[name]
    request = Request(
        params=cls.Params(),
        width=32,
        height=18,
        duration=10,
        fps=10,
        sample_rate=8000,
        inputs=(still,) if Kind.IMAGE in cls.accepts else (),
    )
    with pytest.raises(Cancelled):
        cls().generate(request, Context(on_progress=on_progress, cancel_event=cancel))
    assert len(steps) == 2
