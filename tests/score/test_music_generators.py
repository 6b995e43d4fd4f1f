"""music.musicgen and audio.stable-audio with tiny random models: lengths, rates, joins, cancel."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from studio.engine import Engine, JobState
from studio.engine.discovery import discover
from studio.engine.validate import validate_output
from studio.plugins.api import Cancelled, Context, Kind, Media, Request
from studio.workflows.score.fit import (
    CONTINUE_FROM,
    FitSettings,
    fit_generate,
    fitted,
    plan_segments,
)

from .helpers import jumps

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings("ignore:.*weight_norm.*:FutureWarning"),  # diffusers' Oobleck VAE
]


@pytest.fixture(scope="module")
def registry():
    return discover(user_dirs=[], entry_points=False)


def _loaded(registry, generator_id: str, **params):
    """A generator of the repo's plugins, loaded, with its params for a tiny model."""
    cls = registry.get(generator_id)
    generator = cls()
    generator.load(Context())
    return generator, cls.Params(**params)


@pytest.fixture(scope="module")
def musicgen(registry, tiny_musicgen):
    return _loaded(registry, "music.musicgen", model=str(tiny_musicgen))


@pytest.fixture(scope="module")
def stable_audio(registry, tiny_stable_audio):
    return _loaded(registry, "audio.stable-audio", model=str(tiny_stable_audio), steps=3)


def test_musicgen_makes_the_exact_length_at_the_project_rate(musicgen):
    generator, params = musicgen
    request = Request("calm strings", params=params, duration=0.73, sample_rate=44100)
    out = generator.generate(request, Context())
    validate_output(out, Kind.AUDIO)
    assert out.sample_rate == 44100
    assert out.samples.shape == (request.sample_count, 1)
    assert generator.max_duration == pytest.approx((512 - 1) / 50)  # positions / frame rate
    assert generator.continues_audio


def test_stable_audio_makes_the_exact_length_at_the_project_rate(stable_audio):
    generator, params = stable_audio
    request = Request("rain", params=params, duration=1.3, sample_rate=48000)
    out = generator.generate(request, Context())
    validate_output(out, Kind.AUDIO)
    assert out.samples.shape == (request.sample_count, 2)
    assert generator.max_duration == pytest.approx(2.048)


def test_stable_audio_refuses_more_than_its_maximum_in_one_call(stable_audio):
    generator, params = stable_audio
    with pytest.raises(ValueError, match="at most 2.05 s"):
        generator.generate(Request("rain", params=params, duration=3.0), Context())


@pytest.mark.parametrize("seconds", [0.6, 5.3])
def test_stable_audio_fits_shorter_and_longer_than_its_maximum(stable_audio, seconds):
    generator, params = stable_audio
    spy = _Spy(generator)
    request = Request("rain", params=params, duration=seconds, sample_rate=44100)
    out = fit_generate(spy, request, Context(), FitSettings(overlap=0.5, fade_out=0.2))
    assert out.samples.shape == (request.sample_count, 2)
    assert np.abs(out.samples[[0, -1]]).max() < 1e-3  # faded in and out
    plan = plan_segments(seconds + 0.25, 2.048, 0.5)
    assert [r.duration for r in spy.requests] == pytest.approx(plan)
    assert all(r.inputs == () for r in spy.requests)  # it cannot continue: crossfades
    if len(plan) > 1:
        _assert_click_free(out.samples, 44100, plan, 0.5)


def test_musicgen_fits_longer_than_a_segment_by_continuing_each_one(musicgen):
    generator, params = musicgen
    spy = _Spy(generator)
    request = Request("calm strings", params=params, duration=2.5, sample_rate=48000)
    settings = FitSettings(segment=1.0, overlap=0.25, fade_out=0.2)
    out = fit_generate(spy, request, Context(), settings)
    assert out.samples.shape == (request.sample_count, 1)
    roles = [[m.role for m in r.inputs] for r in spy.requests]
    assert roles[0] == [] and all(r == [CONTINUE_FROM] for r in roles[1:])
    assert len(roles) == len(plan_segments(2.5 + 0.25, 1.0, 0.25)) == 4


def test_musicgen_output_begins_with_the_clip_it_continues(musicgen, tmp_path):
    import soundfile

    generator, params = musicgen
    prompt = tmp_path / "prompt.wav"
    soundfile.write(prompt, np.zeros((24000, 1), np.float32), 48000)  # 0.5 s
    inputs = (Media(Kind.AUDIO, prompt, role=CONTINUE_FROM),)
    request = Request("calm", params=params, duration=1.2, sample_rate=48000, inputs=inputs)
    out = generator.generate(request, Context())
    assert out.samples.shape == (request.sample_count, 1)
    with pytest.raises(ValueError, match="ask for more than that"):
        generator.generate(Request("calm", params=params, duration=0.4, inputs=inputs), Context())


@pytest.mark.parametrize("which", ["musicgen", "stable_audio"])
def test_cancel_stops_within_one_step(request, which):
    generator, params = request.getfixturevalue(which)
    cancel = threading.Event()
    steps = []

    def on_progress(fraction, message):
        if message.startswith(("token", "step")):
            steps.append(message)
            if len(steps) == 3:
                cancel.set()

    ctx = Context(on_progress=on_progress, cancel_event=cancel)
    with pytest.raises(Cancelled):
        more = params.model_copy(update={"steps": 8}) if which == "stable_audio" else params
        generator.generate(Request("x", params=more, duration=1.0), ctx)
    assert len(steps) == 3  # the step after the cancel raised before reporting
    out = generator.generate(Request("x", params=params, duration=0.2), Context())
    assert len(out.samples) == Request(duration=0.2).sample_count  # still usable


def test_a_fitted_generator_runs_through_the_engine_with_the_exact_length(
    registry, tiny_stable_audio
):
    cls = fitted(registry.get("audio.stable-audio"))
    assert cls.id == "audio.stable-audio+fit"
    params = cls.Params(model=str(tiny_stable_audio), steps=2)
    with Engine(devices=["cpu"], cpu_threads=1) as engine:
        job = engine.submit(cls, Request("wind", params=params, duration=3.0, sample_rate=22050))
        assert job.wait(120)
    assert job.state is JobState.DONE, job.error
    assert job.output.samples.shape == (3 * 22050, 2)


class _Spy:
    """Passes calls through to a generator and keeps the requests it saw."""

    def __init__(self, inner):
        self.inner, self.requests = inner, []
        self.accepts = inner.accepts
        self.max_duration_for = inner.max_duration_for

    @property
    def continues_audio(self):
        return getattr(self.inner, "continues_audio", False)

    def generate(self, request, ctx):
        self.requests.append(request)
        return self.inner.generate(request, ctx)


def _assert_click_free(samples, rate, plan, overlap):
    """No step within a crossfade is larger than an equal-power mix of the steps inside
    the segments can make (√2 times the largest)."""
    starts = np.cumsum([length - overlap for length in plan[:-1]])
    steps = jumps(samples)
    joined = np.zeros(len(steps), bool)
    for start in np.round(starts * rate).astype(int):
        joined[start : start + round(overlap * rate)] = True
    assert steps[joined].max() <= steps[~joined].max() * np.sqrt(2)


@pytest.fixture(scope="module")
def melody_model(registry, tiny_musicgen_melody):
    return _loaded(registry, "music.musicgen", model=str(tiny_musicgen_melody))


def test_musicgen_melody_follows_a_melody_without_torchaudio(melody_model, tmp_path, monkeypatch):
    import soundfile

    generator, params = melody_model
    rate = 48000
    t = np.arange(rate) / rate
    tune = np.where(t < 0.5, np.sin(2 * np.pi * 440 * t), np.sin(2 * np.pi * 329.63 * t))
    soundfile.write(tmp_path / "tune.wav", tune.astype(np.float32)[:, None] * 0.5, rate)
    inputs = (Media(Kind.AUDIO, tmp_path / "tune.wav"),)
    request = Request("folk", params=params, duration=0.9, sample_rate=rate, inputs=inputs)
    generator._ensure_loaded(params, Context())
    seen: list[dict] = []
    generate = generator._model.generate
    spy = lambda **kw: seen.append(kw) or generate(**kw)  # noqa: E731
    monkeypatch.setattr(generator._model, "generate", spy)
    out = generator.generate(request, Context())
    validate_output(out, Kind.AUDIO)
    assert out.samples.shape == (request.sample_count, 1)
    assert not generator.continues_audio  # a melody is followed, not continued
    # The model was given the tune's chroma: A (bin 9) for its first half, then E (bin 4).
    notes = seen[0]["input_features"][0].argmax(-1).tolist()
    assert notes[3:10] == [9] * 7 and notes[-10:-3] == [4] * 7
    assert "input_ids" in seen[0]
    # Without a melody the same model makes music from the text alone.
    without = generator.generate(
        Request("folk", params=params, duration=0.9, sample_rate=rate), Context()
    )
    assert "input_features" not in seen[-1]
    assert without.samples.shape == out.samples.shape


def test_melody_features_mark_the_chroma_bin_of_the_note():
    import torch

    from plugins.music_musicgen.chroma import ChromaSettings, melody_features

    settings = ChromaSettings(sampling_rate=16000, n_fft=2048, hop_length=512)
    rate = 48000
    t = np.arange(rate) / rate
    a4 = (0.5 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)[:, None]
    features = melody_features(np.repeat(a4, 2, axis=1), rate, settings, torch)
    assert features.shape == (1, 16000 // 512 + 1, 12)
    assert (features.sum(-1) == 1).all()  # one-hot per frame
    # Bins run from C: an A4 tone lights bin 9 (A) away from the edges; E4 lights bin 4.
    assert (features[0, 5:-5].argmax(-1) == 9).all()
    e4 = (0.5 * np.sin(2 * np.pi * 329.63 * t)).astype(np.float32)[:, None]
    assert (melody_features(e4, rate, settings, torch)[0, 5:-5].argmax(-1) == 4).all()


def test_plain_musicgen_says_it_cannot_follow_a_melody(musicgen, tmp_path):
    import soundfile

    from studio.plugins.api import MELODY

    generator, params = musicgen
    soundfile.write(tmp_path / "tune.wav", np.zeros((8000, 1), np.float32), 16000)
    inputs = (Media(Kind.AUDIO, tmp_path / "tune.wav", role=MELODY),)
    request = Request("folk", params=params, duration=0.5, inputs=inputs)
    with pytest.raises(ValueError, match="cannot follow a melody: choose a musicgen-melody"):
        generator.generate(request, Context())
