"""What a project may hold: the ranges a loaded project must keep to.

They are bounded by what the app can render and play: a frame the render dialog can
make, a rate an encoder accepts, a timeline of at most a day. A file outside them is
refused at load with the field named, before any viewer, mixer or encoder sees it.
"""

from __future__ import annotations

import math
from fractions import Fraction

MAX_FRAME_SIDE = 8192  # the render dialog's largest size; 8K UHD is 7680 wide
MAX_MEDIA_SIDE = 65536  # a source picture may be larger than the frame it is fitted to
MIN_FPS, MAX_FPS = Fraction(1), Fraction(1000)
MAX_RATE_TERM = 1_000_000  # numerator and denominator of a rate: 24000/1001 is typical
MIN_SAMPLE_RATE, MAX_SAMPLE_RATE = 1000, 768_000
MAX_CHANNELS = 64
MAX_SECONDS = 24 * 60 * 60  # the longest timeline, and the longest media, in seconds
GAIN_DB = (-60.0, 24.0)  # as the clip settings edit allows
MAX_JSON_DEPTH = 64  # a project nests about 6 deep; provenance adds a few levels
MAX_PROJECT_BYTES = 512 * 1024 * 1024  # 10,000 clips take about 2 MB


def max_frames(fps: Fraction) -> int:
    """The most frames a timeline at `fps` may hold (a day of them)."""
    return math.ceil(MAX_SECONDS * fps)


def max_samples(sample_rate: int) -> int:
    return MAX_SECONDS * sample_rate


def json_depth_exceeds(data: object, limit: int = MAX_JSON_DEPTH) -> bool:
    """True when lists and objects nest deeper than `limit`; iterative, so never recursion."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False
