"""Audio helpers for generators (plugin API 1.1): the project's rate, an exact length, channels.

A music model works at its own sample rate and length; a take must come back at the
project's rate with exactly `Request.sample_count` frames. Plugins reach these through
`studio.plugins.api.audio_tools`.
"""

from __future__ import annotations

import math

import numpy as np


def resample(samples: np.ndarray, from_rate: int, to_rate: int) -> np.ndarray:
    """Polyphase resampling (Kaiser-windowed FIR) along the first axis, as float32.

    The output has ceil(n × to_rate / from_rate) samples.
    """
    if from_rate == to_rate:
        return np.asarray(samples, dtype=np.float32)
    import scipy.signal

    divisor = math.gcd(from_rate, to_rate)
    up, down = to_rate // divisor, from_rate // divisor
    resampled = scipy.signal.resample_poly(samples, up, down, axis=0, window=("kaiser", 5.0))
    return resampled.astype(np.float32)


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
