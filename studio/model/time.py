"""Exact time: frame rates as rationals, positions as integer frames or samples.

Seconds appear only at the edges (UI text, command-line arguments, plugin
requests); inside the document every position is an integer.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from studio.model.project import Project

COMMON_RATES = {
    "23.976": Fraction(24000, 1001),
    "29.97": Fraction(30000, 1001),
    "59.94": Fraction(60000, 1001),
    "47.952": Fraction(48000, 1001),
}


def parse_rate(value: str | int | float | Fraction) -> Fraction:
    """A frame rate from "24", "24000/1001", "29.97" or a number; must be positive."""
    if isinstance(value, Fraction):
        rate = value
    elif isinstance(value, int):
        rate = Fraction(value)
    elif isinstance(value, float):
        rate = COMMON_RATES.get(f"{value:.3f}".rstrip("0").rstrip(".")) or Fraction(value)
        rate = rate.limit_denominator(1001)
    else:
        text = str(value).strip()
        if text in COMMON_RATES:
            rate = COMMON_RATES[text]
        else:
            try:
                rate = Fraction(text)
            except (ValueError, ZeroDivisionError):
                raise ValueError(f"not a frame rate: {value!r}") from None
            if "." in text:
                rate = rate.limit_denominator(1001)
    if rate <= 0:
        raise ValueError(f"frame rate must be positive, got {value!r}")
    return rate


def format_rate(rate: Fraction) -> str:
    """The canonical text form stored in project files: "24" or "24000/1001"."""
    return str(rate.numerator) if rate.denominator == 1 else f"{rate.numerator}/{rate.denominator}"


def seconds_to_frames(seconds: float | Fraction, rate: Fraction) -> int:
    """The nearest frame to a time or a length in seconds: Storyreel's one rounding rule.

    Every duration that becomes timeline frames (a file's length, a shot's seconds, an
    OTIO time, a `--at` position) goes through this rule: the nearest whole frame, an exact
    half going to the even neighbour (Python's round()). A 4.2 s clip at 24 fps is 101
    frames (100.8 rounded), not 100. See docs/interchange.md, "Media".
    """
    return round(Fraction(seconds) * rate)


def frames_to_seconds(frames: int, rate: Fraction) -> Fraction:
    return Fraction(frames) / rate


def samples_to_frames(samples: int, sample_rate: int, rate: Fraction) -> int:
    """The length of `samples` audio samples in frames, by the rule of seconds_to_frames."""
    return seconds_to_frames(Fraction(samples, sample_rate), rate)


def media_frames(frames: int, media_rate: Fraction, rate: Fraction) -> int:
    """The length of `frames` video frames at `media_rate` in frames at `rate`.

    By the rule of seconds_to_frames: 105 frames at 25 fps (4.2 s) are 101 at 24 fps.
    """
    return seconds_to_frames(Fraction(frames) / media_rate, rate)


def frames_to_samples(frames: int, sample_rate: int, rate: Fraction) -> int:
    """The first sample of frame `frames` (floor), exact for any rational rate."""
    return (frames * sample_rate * rate.denominator) // rate.numerator


def rescale(frames: int, from_rate: Fraction, to_rate: Fraction) -> int:
    """The frame at `to_rate` on screen at frame `frames` of `from_rate` (rounded down).

    For positions, not lengths: a length converts with media_frames.
    """
    return (frames * to_rate.numerator * from_rate.denominator) // (
        to_rate.denominator * from_rate.numerator
    )


def timecode(frame: int, rate: Fraction) -> str:
    """HH:MM:SS:FF at the nominal integer rate (non-drop-frame); negative gets a sign."""
    sign = "-" if frame < 0 else ""
    frame = abs(frame)
    nominal = max(1, round(rate))
    ff = frame % nominal
    total_seconds = frame // nominal
    hh, rem = divmod(total_seconds, 3600)
    mm, ss = divmod(rem, 60)
    return f"{sign}{hh:02d}:{mm:02d}:{ss:02d}:{ff:02d}"


def sample_range(project: Project, start: int, end: int) -> tuple[int, int]:
    """The samples [first, last) that timeline frames [start, end) span, exactly."""
    rate, fps = project.settings.sample_rate, project.settings.fps
    return frames_to_samples(start, rate, fps), frames_to_samples(end, rate, fps)
