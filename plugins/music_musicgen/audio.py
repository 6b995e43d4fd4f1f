"""Audio in and out of MusicGen: mono or stereo at the model's rate, and back at the project's."""

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


def with_channels(samples: np.ndarray, channels: int) -> np.ndarray:
    """[frames, channels] audio with `channels` channels: mixed down or copied up."""
    if samples.shape[1] == channels:
        return samples
    mono = samples.mean(axis=1, keepdims=True)
    return np.repeat(mono, channels, axis=1)
