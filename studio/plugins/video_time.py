"""Frame counts for generated clips: segments a video model can make, joined and resampled.

A video model makes clips of `k·n + 1` frames (its VAE packs `k` frames per latent frame after
the first) up to a native length, at its own frame rate. A shot wants exactly
`round(duration × project fps)` frames. This module plans the model frames that cover the shot,
splits them into segments joined by continuation (each later segment starts from the previous
one's last frame, so it adds its length minus one), and maps them onto the project's frames.

Time is resampled in one of two ways, chosen per clip:
- "nearest": each project frame shows the model frame nearest its time. Frames stay crisp;
  16→24 fps repeats every other frame (the judder of a 2:3-style pulldown).
- "blend": each project frame mixes the two model frames around its time, weighted by distance.
  Motion looks smoother; fast motion shows double images.

Everything here is exact (rational rates) and free of torch.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

import numpy as np

Resample = Literal["nearest", "blend"]


def as_rate(fps: float | Fraction | int) -> Fraction:
    """A frame rate as a fraction; float NTSC rates (23.976…) come back as 24000/1001."""
    rate = Fraction(fps).limit_denominator(1001)
    if rate <= 0:
        raise ValueError(f"frame rate must be positive, got {fps!r}")
    return rate


def snap_frames(count: int, multiple: int) -> int:
    """The smallest valid clip length (`multiple·n + 1`) holding at least `count` frames."""
    if count < 1:
        raise ValueError(f"a clip needs at least one frame, got {count}")
    return (count - 1 + multiple - 1) // multiple * multiple + 1


def longest_segment(max_frames: int, multiple: int) -> int:
    """The longest valid clip length within `max_frames`; at least `multiple + 1`, the shortest
    length that moves (a continuation of one frame would add nothing)."""
    return max(multiple + 1, (max_frames - 1) // multiple * multiple + 1)


def source_time(index: int, model_fps: Fraction, project_fps: Fraction) -> Fraction:
    """Where project frame `index` falls on the model's frame axis (in model frames)."""
    return index * model_fps / project_fps


def source_frames_needed(
    target: int, model_fps: Fraction, project_fps: Fraction, mode: Resample = "nearest"
) -> int:
    """How many model frames a clip of `target` project frames reads."""
    if target < 1:
        raise ValueError(f"a clip needs at least one frame, got {target}")
    last = source_time(target - 1, model_fps, project_fps)
    return (_round_half_up(last) if mode == "nearest" else math.ceil(last)) + 1


def plan_segments(needed: int, longest: int, multiple: int) -> tuple[int, ...]:
    """Segment lengths whose join covers `needed` frames: as few segments as the model's
    `longest` allows, all full but the last, which is the shortest valid length that covers
    the rest (so fewer than `multiple` frames are made and thrown away)."""
    if longest < multiple + 1 or (longest - 1) % multiple:
        raise ValueError(f"{longest} frames is not a usable segment length for multiple {multiple}")
    if needed <= longest:
        return (snap_frames(needed, multiple),)
    lengths = [longest]
    covered = longest
    while covered < needed:
        # A continuation's first frame repeats the previous segment's last: it adds length - 1.
        length = min(longest, max(multiple + 1, snap_frames(needed - covered + 1, multiple)))
        lengths.append(length)
        covered += length - 1
    return tuple(lengths)


def joined_length(lengths: Sequence[int]) -> int:
    """Frames in the join of segments of these lengths."""
    return lengths[0] + sum(length - 1 for length in lengths[1:]) if lengths else 0


def join_segments(segments: Sequence[np.ndarray]) -> np.ndarray:
    """Concatenate segments, dropping each continuation's first frame (its starting picture)."""
    return np.concatenate([segments[0], *(s[1:] for s in segments[1:])], axis=0)


def nearest_indices(target: int, model_fps: Fraction, project_fps: Fraction) -> np.ndarray:
    """For each project frame, the index of the model frame nearest in time."""
    return np.array(
        [_round_half_up(source_time(i, model_fps, project_fps)) for i in range(target)], dtype=int
    )


def blend_weights(
    target: int, model_fps: Fraction, project_fps: Fraction
) -> tuple[np.ndarray, np.ndarray]:
    """For each project frame, the model frame at or before its time and the weight (0 ≤ w < 1)
    of the frame after it."""
    times = [source_time(i, model_fps, project_fps) for i in range(target)]
    before = np.array([math.floor(t) for t in times], dtype=int)
    weight = np.array([float(t - math.floor(t)) for t in times], dtype=np.float32)
    return before, weight


def resample(
    frames: np.ndarray,
    model_fps: Fraction,
    project_fps: Fraction,
    target: int,
    mode: Resample = "nearest",
) -> np.ndarray:
    """Exactly `target` frames at the project's rate from uint8 `frames` at the model's rate."""
    needed = source_frames_needed(target, model_fps, project_fps, mode)
    if len(frames) < needed:
        raise ValueError(f"{target} frames need {needed} model frames, got {len(frames)}")
    if model_fps == project_fps:
        return frames[:target]
    if mode == "nearest":
        return frames[nearest_indices(target, model_fps, project_fps)]
    before, weight = blend_weights(target, model_fps, project_fps)
    after = np.minimum(before + 1, len(frames) - 1)
    w = weight[:, None, None, None]
    mixed = frames[before].astype(np.float32) * (1 - w) + frames[after].astype(np.float32) * w
    return np.clip(np.rint(mixed), 0, 255).astype(np.uint8)


def snap_size(
    width: int, height: int, multiple: int, max_area: int | None = None
) -> tuple[int, int]:
    """The nearest size whose sides are multiples of `multiple`, keeping the aspect ratio and,
    given `max_area`, shrunk first to fit that many pixels (a model's native resolution)."""
    if width < 1 or height < 1:
        raise ValueError(f"size {width}x{height} is empty")
    scale = 1.0
    if max_area is not None and width * height > max_area:
        scale = math.sqrt(max_area / (width * height))
    return (
        max(multiple, round(width * scale / multiple) * multiple),
        max(multiple, round(height * scale / multiple) * multiple),
    )


def _round_half_up(value: Fraction) -> int:
    # round() on a Fraction rounds half to even: at exact midpoints it would pick the earlier
    # and the later model frame by turns; half-up treats every midpoint alike, so the pattern
    # of repeated frames stays regular.
    return math.floor(value + Fraction(1, 2))
