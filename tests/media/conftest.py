"""Sample media for the media-layer tests, made once per session with studio.media.synth."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import NamedTuple

import pytest

from studio.media import synth


class SampleVideo(NamedTuple):
    path: Path
    frames: int
    fps: Fraction
    size: tuple[int, int]


@pytest.fixture(scope="session")
def media_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("media")


@pytest.fixture(scope="session")
def video_with_audio(media_dir: Path) -> SampleVideo:
    """37 frames at 24000/1001 fps, 160x90, a keyframe every 12 frames, AAC stereo."""
    video = SampleVideo(media_dir / "ntsc.mp4", 37, Fraction(24000, 1001), (160, 90))
    synth.write_test_video(video.path, video.frames, video.fps, video.size, with_audio=True)
    return video


@pytest.fixture(scope="session")
def silent_video(media_dir: Path) -> Path:
    return synth.write_test_video(media_dir / "silent.mp4", 10, 25, (64, 48))


@pytest.fixture(scope="session")
def tone_wav(media_dir: Path) -> Path:
    """0.5 s of 44.1 kHz stereo PCM16: 22050 samples."""
    return synth.write_tone(media_dir / "tone.wav", 0.5, 44100, 2, 440.0)


@pytest.fixture(scope="session")
def card_png(media_dir: Path) -> Path:
    return synth.write_card(media_dir / "card.png", (320, 180), "Scene 1", "white")
