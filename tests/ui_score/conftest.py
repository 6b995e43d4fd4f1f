"""Fixtures for the Score panel's tests: a real main window on a small three-scene project."""

from __future__ import annotations

import os

import numpy as np
import pytest
import soundfile
from PIL import Image

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from studio.engine import discover  # noqa: E402
from studio.model import (  # noqa: E402
    Asset,
    Clip,
    MediaKind,
    Project,
    Scene,
    Shot,
    Track,
    TrackKind,
)
from studio.model.files import create_project  # noqa: E402
from studio.settings import SettingsFile  # noqa: E402
from tests.ui_window import shown_window  # noqa: E402


@pytest.fixture
def builtin_registry(tmp_path):
    """The repo's plugins only, with the enabled/disabled list in a temp file."""
    return discover(
        repo_dir=True,
        user_dirs=[],
        entry_points=False,
        settings=SettingsFile(tmp_path / "settings.json"),
    )


def three_scenes(doc) -> None:
    """Scenes s1 (frames 0-48), s2 (48-120: two shots), s3 (120-168) on V1; A1 empty."""
    scenes = [
        Scene("s1", "EXT. GARDEN - DAWN", "A quiet morning. Peace over the garden."),
        Scene("s2", "INT. WAREHOUSE - NIGHT", "Footsteps. A gun. She hides in the shadow."),
        Scene("s3", "EXT. ROOFTOP - NIGHT", "The chase ends in an explosion; they escape."),
    ]
    shots = [
        Shot("h1", "s1", "wide: the garden"),
        Shot("h2", "s2", "close: her nervous eyes"),
        Shot("h3", "s2", "the threat steps closer"),
        Shot("h4", "s3", "they run and fight"),
    ]
    (doc.path / "media").mkdir(exist_ok=True)
    Image.new("RGB", (64, 36), "#345").save(doc.path / "media" / "board.png")
    card = Asset("card", MediaKind.IMAGE, "board", "media/board.png", width=64, height=36)
    spans = [("h1", 0, 48), ("h2", 48, 84), ("h3", 84, 120), ("h4", 120, 168)]
    clips = [
        Clip(f"c{shot}", card.id, start, end - start, shot_id=shot) for shot, start, end in spans
    ]
    tracks = [Track("v1", TrackKind.VIDEO, "V1", clips), Track("a1", TrackKind.AUDIO, "A1")]
    doc.replace_project(
        Project(
            settings=doc.project.settings,
            assets={card.id: card},
            tracks=tracks,
            scenes=scenes,
            shots=shots,
        )
    )


@pytest.fixture
def window(qtbot, tmp_path, builtin_registry):
    window = shown_window(qtbot, size=None, registry=builtin_registry)  # no discovery
    doc = create_project(tmp_path / "Score")
    three_scenes(doc)
    window.set_document(doc)
    yield window
    window.close()


@pytest.fixture
def panel(window):
    panel = window.docks["Score"].widget()
    window.docks["Score"].raise_()
    return panel


def write_tone(path, seconds: float, rate: int = 48000, subtype: str = "PCM_16") -> int:
    """A stereo 220 Hz tone at -12 dBFS, written in blocks; returns its sample count."""
    total = round(seconds * rate)
    block = rate * 10
    with soundfile.SoundFile(str(path), "w", rate, 2, subtype=subtype) as sound:
        for start in range(0, total, block):
            t = (np.arange(start, min(total, start + block)) / rate).astype(np.float64)
            wave = (0.25 * np.sin(2 * np.pi * 220.0 * t)).astype(np.float32)
            sound.write(np.stack([wave, wave], axis=1))
    return total
