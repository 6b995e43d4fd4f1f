"""Small projects and test signals for the delivery tests: 160x90, a few seconds at most."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
import soundfile
from PIL import Image

from studio.media import synth
from studio.model import Asset, Clip, Document, Settings, new_id
from studio.model.files import create_project
from studio.workflows.importer import prepare_import

SIZE = (160, 90)


def make_project(folder: Path, fps=24, sample_rate=48000, size=SIZE) -> Document:
    settings = Settings(fps=Fraction(fps), width=size[0], height=size[1], sample_rate=sample_rate)
    return create_project(folder, settings)


def add_asset(doc: Document, file: Path) -> Asset:
    (prepared,) = prepare_import(doc.path, [file], copy=True)
    assert prepared.asset is not None, prepared.error
    doc.project.assets[prepared.asset.id] = prepared.asset
    return prepared.asset


def place(
    doc: Document,
    track_name: str,
    asset: Asset | None,
    start: int,
    duration: int,
    source_in: int = 0,
    text: str = "",
    **extra,
) -> Clip:
    """Put a clip straight on a track (tests build timelines without the edit funnel)."""
    track = next(t for t in doc.project.tracks if t.name == track_name)
    clip = Clip(new_id("c"), asset.id if asset else None, start, duration, source_in, text=text)
    track.clips.append(clip)
    track.clips.sort(key=lambda c: c.start)
    doc.project.reindex()
    return clip


def solid_png(path: Path, color, size=SIZE) -> Path:
    Image.new("RGB", size, color).save(path)
    return path


def click_wav(path: Path, at_sample: int, total: int, rate: int = 48000) -> Path:
    """Silence with a 2 ms full-scale click starting at `at_sample`."""
    audio = np.zeros((total, 2), dtype=np.float32)
    audio[at_sample : at_sample + rate // 500] = 0.9
    soundfile.write(path, audio, rate, subtype="FLOAT")
    return path


@pytest.fixture(scope="session")
def signals(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("signals")
    return {
        "white": solid_png(folder / "white.png", (255, 255, 255)),
        "red": solid_png(folder / "red.png", (255, 0, 0)),
        "blue": solid_png(folder / "blue.png", (0, 0, 255)),
        "portrait": solid_png(folder / "portrait.png", (0, 255, 0), (45, 90)),
        "video": synth.write_test_video(folder / "ntsc.mp4", 40, Fraction(24000, 1001), SIZE),
        "tone": synth.write_tone(folder / "tone.wav", 2.0, 48000, 2, 440.0),
        "tone44": synth.write_tone(folder / "tone44.wav", 1.0, 44100, 1, 440.0),
    }
