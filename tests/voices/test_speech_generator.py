"""speech.tts with a tiny random-weight VITS: exact lengths, voices, refusals in words."""

from __future__ import annotations

import shutil
from fractions import Fraction

import numpy as np
import pytest

from studio.engine.discovery import discover
from studio.engine.validate import validate_output
from studio.model.time import frames_to_samples, samples_to_frames
from studio.plugins.api import Context, Kind, Request

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def speech(tiny_vits):
    cls = discover(user_dirs=[], entry_points=False).get("speech.tts")
    generator = cls()
    generator.load(Context())
    return generator, cls


def say(speech, text="The lamp has gone out.", seed=1, fps=24.0, rate=48000, **params):
    generator, cls = speech
    params = cls.Params(**params)
    return generator.generate(Request(text, params=params, seed=seed, fps=fps, sample_rate=rate),
                              Context())  # fmt: skip


@pytest.mark.parametrize(("fps", "rate"), [(24.0, 48000), (30000 / 1001, 44100), (25.0, 22050)])
def test_a_take_fills_whole_frames_at_the_project_rate(speech, tiny_vits, fps, rate):
    out = say(speech, fps=fps, rate=rate, model=str(tiny_vits))
    validate_output(out, Kind.AUDIO)
    assert out.sample_rate == rate and out.samples.shape[1] == 1
    exact = Fraction(fps).limit_denominator(1001)
    frames = samples_to_frames(len(out.samples), rate, exact)
    # Exactly the fewest samples that hold whole frames: the clip plays all of it, no more.
    assert len(out.samples) == -(-frames * rate * exact.denominator // exact.numerator)
    assert frames_to_samples(frames, rate, exact) <= len(out.samples)
    assert frames_to_samples(frames - 1, rate, exact) < len(out.samples) - rate // 100
    # The tiny model's raw speech: 256 samples at 16 kHz per spectrogram frame.
    assert len(out.samples) > 0.3 * rate


def test_the_same_voice_and_seed_say_a_line_the_same_way(speech, tiny_vits):
    a = say(speech, model=str(tiny_vits), speaker=2)
    b = say(speech, model=str(tiny_vits), speaker=2)
    assert np.array_equal(a.samples, b.samples)
    other = say(speech, model=str(tiny_vits), speaker=3)
    assert not np.array_equal(a.samples[: len(other.samples)], other.samples[: len(a.samples)])


def test_pace_and_pitch_change_the_take(speech, tiny_vits):
    plain = say(speech, model=str(tiny_vits))
    slow = say(speech, model=str(tiny_vits), speed=0.5)
    assert len(slow.samples) > 1.5 * len(plain.samples)
    higher = say(speech, model=str(tiny_vits), pitch=12.0)  # an octave: same pace
    assert abs(len(higher.samples) - len(plain.samples)) < 0.35 * len(plain.samples)


@pytest.mark.parametrize(
    ("text", "params", "message"),
    [
        ("", {}, "nothing to say"),
        ("...!", {}, "no letters"),
        ("Hello.", {"speaker": 9}, "has 4 speaker"),
    ],
)
def test_what_it_cannot_say_is_refused_in_words(speech, tiny_vits, text, params, message):
    with pytest.raises(ValueError, match=message):
        say(speech, text, model=str(tiny_vits), **params)


def test_a_model_folder_that_is_not_vits_or_is_damaged_is_named(speech, tiny_vits, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(tiny_vits, broken)
    (broken / "model.safetensors").write_bytes(b"\0" * 10)
    with pytest.raises(ValueError, match="model.safetensors"):
        say(speech, model=str(broken))
    with pytest.raises(ValueError, match="not found"):
        say(speech, model=str(tmp_path / "nowhere"))
