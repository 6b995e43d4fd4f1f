"""Taste fixtures: a small storyboarded project, and a word-counting stand-in text model."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest

from studio.model import Asset, MediaKind, Scene, Shot
from studio.model.files import create_project
from studio.taste.signals import TasteLog


class WordsModel:
    """Bag-of-words vectors (hashed, unit length): fast and predictable, for logic tests.
    It counts its calls, so tests can tell cached rows from computed ones."""

    space = "text:words"

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def embed(self, texts):
        self.embedded.extend(texts)
        rows = np.zeros((len(texts), 64), np.float32)
        for row, text in zip(rows, texts, strict=True):
            for word in text.lower().replace(",", " ").split():
                row[int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
            row /= max(float(np.linalg.norm(row)), 1e-9)
        return rows


@pytest.fixture
def words():
    return WordsModel()


TAKES = {
    "s1": ["a harbour at dawn, warm amber tones", "a harbour at dawn, cold blue tones"],
    "s2": ["a market street, cold blue tones", "a market street, warm amber tones"],
    "s3": ["a rooftop chase, warm amber tones", "a rooftop chase, cold blue tones"],
}


@pytest.fixture
def project_doc(tmp_path: Path):
    """Three shots in scenes 1-3, two takes each (warm and cold), saved to disk."""
    doc = create_project(tmp_path / "Film")
    project = doc.project
    for number, (shot_id, prompts) in enumerate(TAKES.items(), 1):
        project.scenes.append(Scene(f"sc{number}", f"EXT. PLACE {number}", number=str(number)))
        shot = Shot(shot_id, f"sc{number}", description=prompts[0].split(",")[0])
        for index, prompt in enumerate(prompts):
            asset_id = f"{shot_id}t{index}"
            path = doc.path / "media" / f"{asset_id}.png"
            _png(path, (200, 120, 40) if "warm" in prompt else (40, 90, 200))
            project.assets[asset_id] = Asset(
                asset_id,
                MediaKind.IMAGE,
                path.name,
                f"media/{path.name}",
                provenance={"prompt": prompt, "generator": "test.gen", "seed": index},
            )
            shot.takes.append(asset_id)
        project.shots.append(shot)
    project.assets["music"] = Asset(
        "music", MediaKind.AUDIO, "theme.wav", "theme.wav", provenance={"prompt": "a sea shanty"}
    )
    return doc


def _png(path: Path, colour) -> None:
    from PIL import Image

    Image.new("RGB", (16, 16), colour).save(path)


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch):
    """Each test gets its own user folders: the profile and the pause setting are per user."""
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def log(project_doc):
    return TasteLog(project_doc.path)
