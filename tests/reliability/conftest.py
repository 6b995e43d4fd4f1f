"""Small saved projects for the reliability tests: one 64x36 picture on V1, on disk."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from PIL import Image

from studio.model import Clip, Document, Settings, new_id
from studio.model.files import PROJECT_FILE, create_project, save_project
from studio.workflows.importer import prepare_import

SIZE = (64, 36)


def picture(path: Path, color=(200, 40, 40)) -> Path:
    Image.new("RGB", SIZE, color).save(path)
    return path


def project_with_picture(folder: Path, source: Path, frames: int = 6) -> Document:
    """A saved project whose V1 shows `source` (copied into media/) for `frames` frames."""
    settings = Settings(fps=Fraction(24), width=SIZE[0], height=SIZE[1], sample_rate=48000)
    doc = create_project(folder, settings)
    (prepared,) = prepare_import(doc.path, [source], copy=True)
    assert prepared.asset is not None, prepared.error
    asset = prepared.asset
    doc.project.assets[asset.id] = asset
    track = next(t for t in doc.project.tracks if t.name == "V1")
    track.clips.append(Clip(new_id("c"), asset.id, 0, frames))
    doc.project.reindex()
    save_project(doc)
    return doc


@pytest.fixture
def saved(tmp_path: Path) -> Document:
    return project_with_picture(tmp_path / "Film", picture(tmp_path / "red.png"))


@pytest.fixture
def with_video(tmp_path: Path) -> Document:
    """A saved project whose V1 plays a 6-frame video clip.mp4 from its media folder."""
    from studio.media import synth

    video = synth.write_test_video(tmp_path / "clip.mp4", 6, Fraction(24), SIZE)
    return project_with_picture(tmp_path / "Film", video)


def read_data(folder: Path) -> dict:
    return json.loads((folder / PROJECT_FILE).read_text())


def write_data(folder: Path, data: dict) -> bytes:
    """Write project data as a crafted file would be; returns the bytes written."""
    raw = json.dumps(data).encode()
    (folder / PROJECT_FILE).write_bytes(raw)
    return raw
