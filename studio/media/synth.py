"""Deterministic sample media (test videos, tones, title cards) for tests, benchmarks and demos."""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import soundfile
from PIL import Image, ImageDraw, ImageFont

from studio.errors import MediaError
from studio.media.cards import wrap

# Compressed formats that libsndfile cannot write everywhere: extension -> FFmpeg encoder.
_PYAV_AUDIO_CODECS = {".m4a": "aac", ".mp3": "libmp3lame"}
# Samples written per soundfile call, so that hour-long tones never sit whole in memory.
_TONE_BLOCK = 1 << 16


def write_test_video(
    path: str | os.PathLike[str],
    frames: int,
    fps: Fraction | int | str = 24,
    size: tuple[int, int] = (320, 180),
    with_audio: bool = False,
    keyframe_interval: int = 12,
) -> Path:
    """Write an H.264 MP4 of exactly `frames` frames: a bar sweeping across, and the frame number.

    `size` is (width, height), both even (yuv420p). With `with_audio`, an AAC 440 Hz tone
    of the same length is added.
    """
    width, height = size
    if frames < 1:
        raise ValueError("a test video needs at least one frame")
    if width % 2 or height % 2 or width < 2 or height < 2:
        raise ValueError(f"yuv420p needs an even width and height, not {width}x{height}")
    rate = Fraction(fps)
    target = Path(path)
    with av.open(os.fspath(target), "w", format="mp4") as container:
        video = container.add_stream("libx264", rate=rate)
        video.width, video.height, video.pix_fmt = width, height, "yuv420p"
        video.codec_context.gop_size = keyframe_interval
        video.options = {"preset": "ultrafast", "tune": "zerolatency"}
        sound = container.add_stream("aac", rate=48000, layout="stereo") if with_audio else None
        font = ImageFont.load_default(size=max(8, height // 3))
        for index in range(frames):
            frame = av.VideoFrame.from_ndarray(
                _test_pattern(index, frames, width, height, font), format="rgb24"
            )
            frame.pts = index
            container.mux(video.encode(frame))
        container.mux(video.encode(None))
        if sound is not None:
            samples = round(frames / rate * sound.codec_context.sample_rate)
            _mux_tone(container, sound, samples, np.array([0.5, 0.5]))
    return target


def write_tone(
    path: str | os.PathLike[str],
    seconds: float | Fraction = 1.0,
    sample_rate: int = 48000,
    channels: int = 2,
    freq: float = 440.0,
    subtype: str | None = None,
) -> Path:
    """Write a sine tone of exactly round(seconds * rate) samples; the extension picks the format.

    WAV, FLAC and OGG go through soundfile: `subtype` is a soundfile subtype ("PCM_16",
    "FLOAT", ...), by default PCM_16 (Vorbis for OGG). M4A (AAC) and MP3 go through PyAV,
    whose encoders pad the length. Channel c has amplitude 0.8 / (c + 1).
    """
    target = Path(path)
    total = round(Fraction(seconds) * sample_rate)
    amplitudes = 0.8 / np.arange(1, channels + 1, dtype=np.float64)
    if target.suffix.lower() in _PYAV_AUDIO_CODECS:
        _write_compressed_tone(target, total, sample_rate, amplitudes, freq)
        return target
    with soundfile.SoundFile(
        os.fspath(target),
        "w",
        samplerate=sample_rate,
        channels=channels,
        subtype=subtype or _default_subtype(target),
    ) as sound:
        for start in range(0, total, _TONE_BLOCK):
            count = min(_TONE_BLOCK, total - start)
            sound.write(_sine(start, count, sample_rate, freq)[:, None] * amplitudes)
    return target


def write_card(
    path: str | os.PathLike[str],
    size: tuple[int, int] = (640, 360),
    text: str = "",
    color: str | tuple[int, int, int] = (40, 60, 90),
    upper: bool = False,
) -> Path:
    """Write a PNG title card: `text` centred in black or white, whichever reads on `color`;
    with `upper`, in the upper part only, leaving the lower third to a title over it."""
    target = Path(path)
    width, height = size
    card = Image.new("RGB", size, color)
    red, green, blue = card.getpixel((0, 0))
    ink = "black" if 0.299 * red + 0.587 * green + 0.114 * blue > 140 else "white"
    draw = ImageDraw.Draw(card)
    # Shrink the type until the wrapped text fits inside a margin, so long captions stay whole.
    size = max(8, height // 6)
    while True:
        font = ImageFont.load_default(size=size)
        wrapped = "\n".join(wrap(text, font, width * 0.86))
        left, top, right, bottom = draw.multiline_textbbox((0, 0), wrapped, font=font)
        room = 0.5 if upper else 0.8
        if (bottom - top <= height * room and right - left <= width * 0.9) or size <= 8:
            break
        size = max(8, int(size * 0.85))
    middle = height * (0.33 if upper else 0.5)
    draw.multiline_text(
        (width / 2, middle), wrapped, fill=ink, font=font, anchor="mm", align="center"
    )
    # Fast compression: a flat card compresses well anyway, and the sample's six cards at
    # the default level cost a fifth of a second of a first start.
    card.save(target, format="PNG", compress_level=1)
    return target


def _test_pattern(
    index: int, frames: int, width: int, height: int, font: ImageFont.ImageFont
) -> np.ndarray:
    # A gradient background, a bar whose position is the frame's place in the clip,
    # and the frame number: any frame can be recognised by eye or by pixel value.
    pixels = np.empty((height, width, 3), dtype=np.uint8)
    pixels[..., 0] = np.linspace(0, 255, width, dtype=np.uint8)[None, :]
    pixels[..., 1] = np.linspace(0, 255, height, dtype=np.uint8)[:, None]
    pixels[..., 2] = (index * 7) % 256
    bar_width = max(2, width // 16)
    bar_left = (width - bar_width) * index // max(1, frames - 1)
    pixels[:, bar_left : bar_left + bar_width] = 255
    picture = Image.fromarray(pixels)
    ImageDraw.Draw(picture).text(
        (width / 2, height / 2), str(index), fill="black", font=font, anchor="mm"
    )
    return np.asarray(picture)


def _mux_tone(container, sound, total: int, amplitudes: np.ndarray, freq: float = 440.0) -> None:
    rate = sound.codec_context.sample_rate
    layout = sound.codec_context.layout.name
    chunk = 1152  # an MP3 frame; AAC's encoder regroups input into its own 1024-sample frames
    for start in range(0, total, chunk):
        count = min(chunk, total - start)
        tone = _sine(start, count, rate, freq)[None, :] * amplitudes[:, None]
        planar = np.ascontiguousarray(tone, dtype=np.float32)
        frame = av.AudioFrame.from_ndarray(planar, format="fltp", layout=layout)
        frame.sample_rate = rate
        frame.pts = start
        container.mux(sound.encode(frame))
    container.mux(sound.encode(None))


def _write_compressed_tone(
    target: Path, total: int, sample_rate: int, amplitudes: np.ndarray, freq: float
) -> None:
    layout = {1: "mono", 2: "stereo"}.get(len(amplitudes))
    if layout is None:
        raise MediaError(f"Cannot write a tone to {target}: M4A and MP3 tones are mono or stereo")
    codec = _PYAV_AUDIO_CODECS[target.suffix.lower()]
    with av.open(os.fspath(target), "w") as container:
        sound = container.add_stream(codec, rate=sample_rate, layout=layout)
        _mux_tone(container, sound, total, amplitudes, freq)


def _sine(start: int, count: int, sample_rate: int, freq: float) -> np.ndarray:
    instants = np.arange(start, start + count, dtype=np.float64) / sample_rate
    return np.sin(2 * np.pi * freq * instants)


def _default_subtype(target: Path) -> str:
    suffix = target.suffix.lower()
    if suffix in (".ogg", ".oga"):
        return "VORBIS"
    if suffix in (".wav", ".flac", ".aif", ".aiff"):
        return "PCM_16"
    raise MediaError(f"Cannot write a tone to {target}: use .wav, .flac or .ogg")
