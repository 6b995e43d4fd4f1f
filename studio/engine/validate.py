"""Check a generator's output against the contract before anything is written."""

from __future__ import annotations

import numpy as np

from studio.plugins.api import Audio, Image, Kind, Text, Video

_OUTPUT_TYPES = {Kind.IMAGE: Image, Kind.AUDIO: Audio, Kind.VIDEO: Video, Kind.TEXT: Text}


class OutputError(Exception):
    """An output that breaks the contract; the message names what is wrong."""


def validate_output(output: object, kind: Kind) -> None:
    """Raise OutputError unless `output` is a well-formed output of `kind`."""
    expected = _OUTPUT_TYPES[kind]
    if not isinstance(output, expected):
        got = type(output).__name__
        raise OutputError(f"returned {got}, expected {expected.__name__} ({kind.value})")
    if isinstance(output, Image):
        _check_image(output)
    elif isinstance(output, Audio):
        _check_audio(output.samples, output.sample_rate, "audio")
    elif isinstance(output, Video):
        _check_video(output)
    elif not isinstance(output.text, str):
        raise OutputError(f"Text.text is {type(output.text).__name__}, expected str")


def _check_image(output: Image) -> None:
    import PIL.Image

    if not isinstance(output.image, PIL.Image.Image):
        raise OutputError(f"Image.image is {type(output.image).__name__}, expected a PIL image")
    if output.image.width < 1 or output.image.height < 1:
        raise OutputError(f"image is empty ({output.image.width}x{output.image.height})")
    for variation in output.variations:
        if not isinstance(variation, PIL.Image.Image):
            raise OutputError(f"a variation is {type(variation).__name__}, expected a PIL image")
    if output.seeds and len(output.seeds) != 1 + len(output.variations):
        raise OutputError(
            f"{len(output.seeds)} seeds for {1 + len(output.variations)} images; give one each"
        )


def _check_audio(samples: object, sample_rate: object, what: str) -> None:
    if not isinstance(samples, np.ndarray):
        raise OutputError(f"{what} samples are {type(samples).__name__}, expected a numpy array")
    if samples.dtype != np.float32:
        raise OutputError(f"{what} samples are {samples.dtype}, expected float32")
    if samples.ndim != 2 or not 1 <= samples.shape[1] <= 8 or samples.shape[0] == 0:
        raise OutputError(
            f"{what} samples have shape {samples.shape}, expected [frames, channels] "
            "with 1 to 8 channels"
        )
    if not isinstance(sample_rate, int) or sample_rate <= 0:
        raise OutputError(f"{what} sample rate {sample_rate!r} is not a positive integer")
    if not np.isfinite(samples).all():
        raise OutputError(f"{what} samples contain NaN or infinity")


def _check_video(output: Video) -> None:
    frames = output.frames
    if not isinstance(frames, np.ndarray):
        raise OutputError(f"video frames are {type(frames).__name__}, expected a numpy array")
    if frames.dtype != np.uint8:
        raise OutputError(f"video frames are {frames.dtype}, expected uint8")
    if frames.ndim != 4 or frames.shape[3] != 3 or 0 in frames.shape:
        raise OutputError(f"video frames have shape {frames.shape}, expected [T, H, W, 3]")
    if not output.fps > 0:
        raise OutputError(f"video fps {output.fps!r} is not positive")
    if output.audio is not None:
        if not isinstance(output.audio, Audio):
            raise OutputError("Video.audio must be an Audio or None")
        _check_audio(output.audio.samples, output.audio.sample_rate, "video's audio")
