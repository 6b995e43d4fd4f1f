"""builtin.temp-score: a synthesized temp track from mood, tempo and key (text → audio, no model).

Chord pads, a bass line and an arpeggio, rendered note by note with raised-cosine
attacks and releases so no note starts or stops on a non-zero sample (no clicks).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from studio.plugins.api import Audio, Context, Generator, Kind, Request

KEYS = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")
MAJOR, MINOR = (0, 2, 4, 5, 7, 9, 11), (0, 2, 3, 5, 7, 8, 10)

# Per mood: scale, chord progression (scale degrees, one chord a bar), bass notes per beat,
# arpeggio notes per beat (0: none), loudness of the bass.
MOODS = {
    "calm": (MAJOR, (0, 5, 3, 4), 0.5, 2, 0.5),
    "hopeful": (MAJOR, (0, 4, 5, 3), 1, 2, 0.6),
    "sad": (MINOR, (0, 5, 2, 6), 0.5, 1, 0.5),
    "tense": (MINOR, (0, 5, 0, 4), 2, 0, 0.45),
    "action": (MINOR, (0, 6, 5, 6), 2, 4, 0.8),
}
_KEYWORDS = {
    "hopeful": ("hope", "bright", "sunrise", "joy", "happy", "uplift", "triumph"),
    "sad": ("sad", "grief", "loss", "funeral", "lonely", "melanchol", "rain"),
    "tense": ("tense", "suspense", "danger", "dread", "creep", "horror", "stalk"),
    "action": ("action", "chase", "fight", "battle", "run", "escape", "explosion"),
}


class TempScoreParams(BaseModel):
    mood: Literal["auto", "calm", "hopeful", "sad", "tense", "action"] = Field(
        "auto", description="auto picks a mood from words in the prompt (calm if none match)"
    )
    tempo: float = Field(90.0, ge=40.0, le=200.0, description="Beats per minute")
    key: Literal[KEYS] = Field("D", description="Key (root note)")  # type: ignore[valid-type]
    stereo: bool = Field(True, description="Two channels with a little width; else mono")
    level: float = Field(0.5, ge=0.05, le=0.9, description="Peak level (1.0 is full scale)")


class TempScore(Generator):
    id = "builtin.temp-score"
    name = "Temp score synth (built-in, no model)"
    version = "1.0.0"
    output = Kind.AUDIO
    Params = TempScoreParams
    runs_on = "cpu"

    def generate(self, request: Request, ctx: Context) -> Audio:
        p: TempScoreParams = request.params  # type: ignore[assignment]
        rate, total = request.sample_rate, request.sample_count
        if total < 1:
            raise ValueError(f"{request.duration} s is no audio")
        mood = p.mood if p.mood != "auto" else mood_from_prompt(request.prompt)
        scale, progression, bass_per_beat, arp_per_beat, bass_level = MOODS[mood]
        rng = np.random.default_rng(request.seed)
        beat = 60.0 / p.tempo
        bar_len = 4 * beat
        left, right = np.zeros(total, np.float32), np.zeros(total, np.float32)
        root = 48 + KEYS.index(p.key)  # C3 + key
        bars = int(np.ceil(total / (bar_len * rate)))
        for bar in range(bars):
            ctx.check_cancelled()
            chord = _triad(root, scale, progression[bar % len(progression)])
            start = bar * bar_len
            for i, note in enumerate(chord):  # pads, a cent apart left/right for width
                for buf, detune in ((left, -0.002), (right, 0.002)):
                    _note(
                        buf,
                        rate,
                        start,
                        bar_len + 0.25,
                        _hz(note) * (1 + detune),
                        0.12,
                        attack=0.25,
                        release=0.4,
                        harmonics=(1.0, 0.3, 0.1),
                        phase=i,
                    )
            bass_step = beat / bass_per_beat
            for k in range(round(4 * bass_per_beat)):
                for buf in (left, right):
                    _note(
                        buf,
                        rate,
                        start + k * bass_step,
                        bass_step * 0.9,
                        _hz(chord[0] - 12),
                        0.25 * bass_level,
                        attack=0.006,
                        release=0.05,
                        decay=2.5,
                    )
            if arp_per_beat:
                step = beat / arp_per_beat
                for k in range(4 * arp_per_beat):
                    note = chord[rng.integers(3)] + 12 * int(rng.integers(1, 3))
                    pan = rng.uniform(0.3, 0.7)
                    for buf, gain in ((left, 1 - pan), (right, pan)):
                        _note(
                            buf,
                            rate,
                            start + k * step,
                            step * 0.8,
                            _hz(note),
                            0.1 * gain,
                            attack=0.004,
                            release=0.08,
                            decay=4.0,
                            harmonics=(1.0, 0.2),
                        )
            ctx.progress((bar + 1) / bars, f"bar {bar + 1}/{bars}")
        mix = np.stack([left, right], axis=1)
        if not p.stereo:
            mix = mix.mean(axis=1, keepdims=True)
        peak = float(np.abs(mix).max()) or 1.0
        mix *= p.level / peak
        _fade(mix, min(round(0.03 * rate), total // 4))
        return Audio(mix.astype(np.float32), rate)


def mood_from_prompt(prompt: str) -> str:
    words = prompt.lower()
    for mood, stems in _KEYWORDS.items():
        if any(stem in words for stem in stems):
            return mood
    return "calm"


def _triad(root: int, scale: tuple[int, ...], degree: int) -> list[int]:
    notes = []
    for step in (degree, degree + 2, degree + 4):
        octave, index = divmod(step, len(scale))
        notes.append(root + 12 + scale[index] + 12 * octave)
    return notes


def _hz(midi: int) -> float:
    return 440.0 * 2 ** ((midi - 69) / 12)


def _note(
    buf,
    rate,
    start_s,
    length_s,
    hz,
    amp,
    *,
    attack,
    release,
    decay=0.0,
    harmonics=(1.0,),
    phase=0.0,
) -> None:
    """Add one note to `buf`: additive partials, a raised-cosine attack and release."""
    start = round(start_s * rate)
    n = round((length_s + release) * rate)
    end = min(len(buf), start + n)
    if end <= start:
        return
    t = np.arange(n, dtype=np.float64) / rate
    wave = sum(a * np.sin(2 * np.pi * hz * (k + 1) * t + phase) for k, a in enumerate(harmonics))
    envelope = np.exp(-decay * t) if decay else np.ones(n)
    a, r = max(1, round(attack * rate)), max(1, round(release * rate))
    envelope[:a] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(a) / a)
    envelope[-r:] *= 0.5 + 0.5 * np.cos(np.pi * np.arange(1, r + 1) / r)
    buf[start:end] += (amp * wave * envelope)[: end - start].astype(np.float32)


def _fade(mix: np.ndarray, n: int) -> None:
    if n < 1:
        return
    ramp = (0.5 - 0.5 * np.cos(np.pi * np.arange(n) / n))[:, None]
    mix[:n] *= ramp
    mix[-n:] *= ramp[::-1]
