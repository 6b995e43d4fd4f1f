"""Fitting generated music to a stretch of the cut: exactly N samples at the project rate.

A generator makes at most `max_duration_for(request, ctx)` seconds at a time (a method it
may have, which may load the request's model to know), else its `max_duration` attribute;
None or absent means any length. Longer stretches are generated in overlapping segments.
A generator that sets `continues_audio` (or, failing that, accepts audio) gets the previous
segment's tail as a `Media(Kind.AUDIO, role="continue-from")` input and must return audio
that *begins where that input begins* (its own rendition of it, then new music),
`request.duration` seconds in all, as MusicGen's audio prompt does. Other generators'
segments are independent takes joined by equal-power crossfades.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.plugins.api import (
    CONTINUE_FROM,
    MELODY,
    Audio,
    Context,
    Generator,
    Kind,
    Media,
    Request,
)
from studio.plugins.audio_tools import resample


@dataclass(frozen=True)
class FitSettings:
    """How segments overlap and how the ends are shaped (seconds)."""

    overlap: float = 2.0  # shared by consecutive segments; at most a quarter of a segment
    fade_in: float = 0.02  # long enough to hide a non-zero first sample, short enough to keep
    fade_out: float = 1.0  # the music was cut, not ended: let it go gently
    segment: float | None = None  # a segment length shorter than the model's maximum
    margin: float = 0.25  # asked for beyond each segment, for generators that come up short


def fit_generate(
    generator: Generator,
    request: Request,
    ctx: Context,
    settings: FitSettings = FitSettings(),  # noqa: B008 - frozen, so sharing it is safe
) -> Audio:
    """Generate `request.sample_count` samples at `request.sample_rate`, in segments if needed."""
    target, rate = request.sample_count, request.sample_rate
    if target < 1:
        raise ValueError(f"{request.duration} s is no audio")
    longest = _longest_segment(generator, request, ctx, settings)
    wanted = request.duration + settings.margin
    if longest is None or wanted <= longest:
        ctx.check_cancelled()
        audio = _at_rate(generator.generate(_asking(request, wanted), ctx), rate)
        return Audio(finish(audio.samples, target, rate, settings), rate)
    overlap = min(settings.overlap, longest / 4)
    continues = bool(getattr(generator, "continues_audio", Kind.AUDIO in generator.accepts))
    plan = plan_segments(wanted, longest, overlap)
    with tempfile.TemporaryDirectory(prefix="storyreel-score-") as scratch:
        samples = _segments(generator, request, ctx, plan, overlap, continues, Path(scratch))
    return Audio(finish(samples, target, rate, settings), rate)


@functools.cache
def fitted(cls: type[Generator], settings: FitSettings = FitSettings()) -> type[Generator]:  # noqa: B008
    """A generator class that runs `cls` through `fit_generate`, to submit to the engine.

    Its id is `cls.id + "+fit"`, so the model cache keeps it apart from the plain one (whose
    cached instance would not fit); its provenance still names the model and params.
    """

    class Fitted(Generator):
        id = f"{cls.id}+fit"
        name = f"{cls.name} (fitted to the cut)"
        version = cls.version
        output = Kind.AUDIO
        accepts = cls.accepts
        Params = cls.Params
        model = cls.model
        runs_on = cls.runs_on
        memory_estimate = cls.memory_estimate

        def load(self, ctx: Context) -> None:
            self.inner = cls()
            self.inner.load(ctx)
            self.memory_estimate = self.inner.memory_estimate

        def generate(self, request: Request, ctx: Context) -> Audio:
            return fit_generate(self.inner, request, ctx, settings)

        def unload(self) -> None:
            self.inner.unload()

    Fitted.__name__ = Fitted.__qualname__ = f"Fitted{cls.__name__}"
    Fitted.made_by = (fitted, (cls, settings))  # how a worker process makes it again
    return Fitted


def plan_segments(total: float, longest: float, overlap: float) -> list[float]:
    """Equal segment lengths (each at most `longest`) that cover `total` with the overlaps."""
    if total <= longest:
        return [total]
    count = math.ceil((total - overlap) / (longest - overlap))
    length = (total + (count - 1) * overlap) / count
    return [length] * count


def _segments(generator, request, ctx, plan, overlap, continues, scratch) -> np.ndarray:
    rate = request.sample_rate
    joined: np.ndarray | None = None
    overlap_samples = round(overlap * rate)
    tune = _tune(request.inputs)  # read once; each segment gets its own stretch of it
    for index, length in enumerate(plan):
        ctx.check_cancelled()
        part_ctx = _PartContext(ctx, index, len(plan))
        start = index * (length - overlap)  # seconds into the range this segment begins
        inputs = _melody_from(request.inputs, tune, start, length, scratch / f"melody-{index}.wav")
        if continues and joined is not None:
            tail = scratch / f"tail-{index}.wav"
            _write_wav(tail, joined[-overlap_samples:], rate)
            inputs = (*inputs, Media(Kind.AUDIO, tail, role=CONTINUE_FROM))
        part = _asking(request, length, seed=request.seed + index, inputs=inputs)
        audio = _at_rate(generator.generate(part, part_ctx), rate).samples
        if joined is None:
            joined = audio
        else:
            # A continuation repeats the tail it was given: the two overlaps are the same
            # music, so equal-gain; independent takes are uncorrelated, so equal-power.
            joined = crossfade(joined, audio, overlap_samples, equal_power=not continues)
    assert joined is not None
    return joined


def crossfade(first: np.ndarray, second: np.ndarray, overlap: int, equal_power: bool) -> np.ndarray:
    """`first` then `second`, the last `overlap` samples of one faded into the first of the other.

    Equal power (sin/cos gains) keeps uncorrelated signals at a constant loudness; equal
    gain (sin²/cos², summing to one) keeps a signal crossfaded with a copy of itself unchanged.
    """
    overlap = min(overlap, len(first), len(second))
    if overlap < 1:
        return np.concatenate([first, second])
    angle = (np.arange(overlap, dtype=np.float64) + 0.5) / overlap * (np.pi / 2)
    fade_in = np.sin(angle) if equal_power else np.sin(angle) ** 2
    fade_out = np.cos(angle) if equal_power else np.cos(angle) ** 2
    middle = first[-overlap:] * fade_out[:, None] + second[:overlap] * fade_in[:, None]
    joined = [first[:-overlap], middle.astype(np.float32), second[overlap:]]
    return np.concatenate(joined).astype(np.float32)


def finish(samples: np.ndarray, target: int, rate: int, settings: FitSettings) -> np.ndarray:
    """Exactly `target` samples: trimmed (or padded with silence), faded in and out."""
    samples = np.asarray(samples, dtype=np.float32)
    if len(samples) >= target:
        out = samples[:target].copy()
    else:
        out = np.zeros((target, samples.shape[1]), np.float32)
        out[: len(samples)] = samples
    end = min(len(samples), target)  # where the sound stops: the fade-out ends there
    fade_in = min(round(settings.fade_in * rate), target // 4)
    fade_out = min(round(settings.fade_out * rate), end // 4)
    if fade_in:
        out[:fade_in] *= _raised_cosine(fade_in)[:, None]
    if fade_out:
        out[end - fade_out : end] *= _raised_cosine(fade_out)[::-1, None]
    return out


def _raised_cosine(n: int) -> np.ndarray:
    """A rising half-cosine from 0 (exclusive of the first sample's click) to 1."""
    return (0.5 - 0.5 * np.cos(np.pi * (np.arange(n) + 0.5) / n)).astype(np.float32)


def _at_rate(audio: Audio, rate: int) -> Audio:
    if not isinstance(audio, Audio):
        raise TypeError(f"a score generator must return Audio, not {type(audio).__name__}")
    samples = audio.samples if audio.samples.ndim == 2 else audio.samples[:, None]
    return Audio(resample(samples, audio.sample_rate, rate), rate)


def _longest_segment(generator, request, ctx, settings: FitSettings) -> float | None:
    ask = getattr(generator, "max_duration_for", None)
    longest = ask(request, ctx) if ask is not None else getattr(generator, "max_duration", None)
    if settings.segment is not None:
        longest = settings.segment if longest is None else min(longest, settings.segment)
    if longest is not None and longest <= 0:
        raise ValueError(f"a segment of {longest} s is no audio")
    return longest


def _tune(inputs: tuple) -> tuple[Media, Audio] | None:
    """The MELODY input and its sound, if the request has one."""
    melody = next((m for m in inputs if m.kind is Kind.AUDIO and m.role == MELODY), None)
    return (melody, melody.audio()) if melody is not None else None


def _melody_from(inputs: tuple, tune, start: float, length: float, path: Path) -> tuple:
    """`inputs` with the melody cut to [start, start + length) s: each segment follows
    its own stretch of the tune, so the whole take follows it in time."""
    if tune is None:
        return inputs
    melody, audio = tune
    rate = audio.sample_rate
    part = audio.samples[round(start * rate) : round((start + length) * rate)]
    if len(part) == 0:
        return tuple(m for m in inputs if m is not melody)  # the tune ended before this
    _write_wav(path, part, rate)
    cut = Media(Kind.AUDIO, path, role=MELODY)
    return tuple(cut if m is melody else m for m in inputs)


def _asking(request: Request, duration: float, **changes) -> Request:
    return dataclasses.replace(request, duration=duration, **changes)


def _write_wav(path: Path, samples: np.ndarray, rate: int) -> None:
    import soundfile

    # Float: a prompt the generator re-encodes should not pick up dither or clipping.
    soundfile.write(path, samples, rate, subtype="FLOAT")


class _PartContext(Context):
    """The job's context seen by one segment: progress mapped into its share, same cancel."""

    def __init__(self, job: Context, index: int, count: int) -> None:
        super().__init__(job.device, log=job.log, request=getattr(job, "request", None))
        self._job, self._index, self._count = job, index, count

    def progress(self, fraction: float, message: str = "") -> None:
        fraction = min(1.0, max(0.0, float(fraction)))
        label = f"segment {self._index + 1}/{self._count}"
        self._job.progress((self._index + fraction) / self._count, f"{label}: {message}")

    def preview(self, obj) -> None:
        self._job.preview(obj)

    @property
    def cancelled(self) -> bool:
        return self._job.cancelled

    def check_cancelled(self) -> None:
        self._job.check_cancelled()
