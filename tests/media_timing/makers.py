"""Media files as cameras and other tools write them, made with PyAV at test time.

Each maker writes a small file with one timing trait (a late sound stream, a variable frame
rate, a sideways JPEG, Opus in WebM) and nothing else unusual, so a test can point at it.
"""

from __future__ import annotations

import os
import random
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from PIL import Image

RATE = 48_000
BITS = 7  # a frame's number drawn as 7 black-or-white blocks: up to 128 frames


def numbered_picture(number: int, size: tuple[int, int] = (64, 16)) -> np.ndarray:
    """RGB pixels showing `number` in binary, one block per bit: survives lossy coding."""
    width, height = size
    pixels = np.zeros((height, width, 3), dtype=np.uint8)
    block = width // BITS
    for bit in range(BITS):
        if number >> bit & 1:
            pixels[:, bit * block : (bit + 1) * block] = 255
    return pixels


def read_number(pixels: np.ndarray) -> int:
    """The number numbered_picture drew (pixels of the same size or scaled evenly)."""
    width = pixels.shape[1]
    block = width / BITS
    number = 0
    for bit in range(BITS):
        middle = pixels[:, int((bit + 0.25) * block) : int((bit + 0.75) * block)]
        if middle.mean() > 127:
            number |= 1 << bit
    return number


def write_late_sound(
    path: Path, picture_start: Fraction, sound_start: Fraction, frames: int = 24
) -> Path:
    """A 24 fps video whose picture stream starts at `picture_start` s and whose sound
    stream (a steady 0.5 tone from its first sample) starts at `sound_start` s.

    Matroska with PCM sound keeps both start times exactly (a 1 ms time base), so where
    the sound begins is known to the sample.
    """
    with av.open(os.fspath(path), "w", format="matroska") as out:
        video = out.add_stream("mpeg4", rate=24)
        video.width, video.height, video.pix_fmt = 64, 16, "yuv420p"
        sound = out.add_stream("pcm_s16le", rate=RATE, layout="stereo")
        first = int(picture_start * 24)
        for index in range(frames):
            frame = av.VideoFrame.from_ndarray(numbered_picture(index), format="rgb24")
            frame.pts, frame.time_base = first + index, Fraction(1, 24)
            out.mux(video.encode(frame))
        out.mux(video.encode(None))
        seconds = Fraction(frames, 24)
        _mux_tone(out, sound, int(sound_start * RATE), int(seconds * RATE))
    return path


def _mux_tone(out, sound, first_sample: int, samples: int) -> None:
    block = 1024
    for at in range(0, samples, block):
        count = min(block, samples - at)
        planar = np.full((2, count), 0.5, dtype=np.float32)
        frame = av.AudioFrame.from_ndarray(
            (planar * 32767).astype(np.int16).T.reshape(1, -1), format="s16", layout="stereo"
        )
        frame.sample_rate = RATE
        frame.pts, frame.time_base = first_sample + at, Fraction(1, RATE)
        out.mux(sound.encode(frame))
    out.mux(sound.encode(None))


def vfr_durations_ms(count: int = 115, seed: int = 16) -> list[int]:
    """Frame durations as a phone's variable rate gives them: 33 ms to 133 ms, irregular."""
    choices = random.Random(seed)
    return [choices.choice([33, 34, 42, 50, 67, 100, 133]) for _ in range(count)]


def write_vfr_video(path: Path, durations_ms: list[int]) -> Path:
    """A Matroska video (1 ms time base) whose frame n shows n and lasts durations_ms[n]."""
    with av.open(os.fspath(path), "w", format="matroska") as out:
        average = Fraction(len(durations_ms) * 1000, sum(durations_ms))
        video = out.add_stream("mpeg4", rate=average.limit_denominator(1000))
        video.width, video.height, video.pix_fmt = 64, 16, "yuv420p"
        video.codec_context.time_base = Fraction(1, 1000)
        video.options = {"qscale": "2"}
        at = 0
        for index, duration in enumerate(durations_ms):
            frame = av.VideoFrame.from_ndarray(numbered_picture(index), format="rgb24")
            frame.pts, frame.time_base = at, Fraction(1, 1000)
            out.mux(video.encode(frame))
            at += duration
        out.mux(video.encode(None))
    return path


def presentation_times(path: Path) -> list[Fraction]:
    """Each frame's start in seconds from the first, in display order, from the packets
    as the demuxer gives them (what ffprobe -show_frames lists), decoding nothing."""
    with av.open(os.fspath(path)) as container:
        stream = container.streams.video[0]
        stamps = sorted(packet.pts for packet in container.demux(stream) if packet.pts is not None)
        start = stream.start_time or 0
        return [(pts - start) * stream.time_base for pts in stamps]


def write_sideways_jpeg(path: Path, orientation: int = 6) -> Path:
    """A 40x20 JPEG stored with its left half red and right half blue, a green 8x8 square
    in its top-left corner, tagged with an EXIF orientation. Orientation 6 (a phone held
    upright) means "turn 90° clockwise to view": seen, it is 20x40 with red on top and blue
    below. The corner tells every mirroring and turn apart."""
    stored = Image.new("RGB", (40, 20), (0, 0, 255))
    stored.paste((255, 0, 0), (0, 0, 20, 20))
    stored.paste((0, 255, 0), (0, 0, 8, 8))
    exif = Image.Exif()
    exif[0x0112] = orientation
    stored.save(path, "JPEG", quality=95, subsampling=0, exif=exif)
    return path


def write_opus(path: Path, samples: int, container: str) -> Path:
    """`samples` samples of a 0.5 tone at 48 kHz, Opus-encoded in WebM or Ogg."""
    with av.open(os.fspath(path), "w", format=container) as out:
        sound = out.add_stream("libopus", rate=RATE, layout="stereo")
        block = 960
        for at in range(0, samples, block):
            count = min(block, samples - at)
            tone = np.full((1, count * 2), 0.5, dtype=np.float32)
            frame = av.AudioFrame.from_ndarray(tone, format="flt", layout="stereo")
            frame.sample_rate = RATE
            frame.pts, frame.time_base = at, Fraction(1, RATE)
            out.mux(sound.encode(frame))
        out.mux(sound.encode(None))
    return path


def decoded_samples(path: Path) -> int:
    """How many samples FFmpeg decodes from the file's first sound stream."""
    with av.open(os.fspath(path)) as container:
        return sum(frame.samples for frame in container.decode(audio=0))


def stated_samples(path: Path) -> int:
    """The length the container's duration tag states, in samples at 48 kHz."""
    with av.open(os.fspath(path)) as container:
        return round(Fraction(container.duration, av.time_base) * RATE)
