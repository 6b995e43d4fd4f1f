"""Audio out of Stable Audio: from the model's rate to the project's, at an exact length."""

from __future__ import annotations

import math

import numpy as np


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Polyphase resampling along the first axis (scipy), as float32."""
    if from_rate == to_rate:
        return np.asarray(samples, dtype=np.float32)
    import scipy.signal

    divisor = math.gcd(from_rate, to_rate)
    up, down = to_rate // divisor, from_rate // divisor
    return scipy.signal.resample_poly(samples, up, down, axis=0).astype(np.float32)


def exact_length(samples: np.ndarray, count: int) -> np.ndarray:
    """`count` frames: cut, or padded with silence (resampling may be a sample short)."""
    if len(samples) >= count:
        return np.ascontiguousarray(samples[:count], dtype=np.float32)
    padded = np.zeros((count, samples.shape[1]), np.float32)
    padded[: len(samples)] = samples
    return padded
