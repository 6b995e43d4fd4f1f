"""Continuity ranking on constructed embeddings, and on a project's pictures with a tiny CLIP."""

import numpy as np
import pytest
from PIL import Image

from studio.model import Asset, Element, ElementKind, MediaKind, Project, Shot
from studio.workflows.cast.continuity import continuity, rank_drift


def unit(*values):
    v = np.array(values, np.float32)
    return v / np.linalg.norm(v)


def test_the_shots_furthest_from_the_references_come_first_with_scores():
    refs = np.stack([unit(1, 0, 0), unit(1, 0.1, 0)])
    shots = {
        "h1": ("a1", unit(1, 0.05, 0)),  # as the references
        "h2": ("a2", unit(0, 1, 0)),  # another face
        "h3": ("a3", unit(1, 1, 0)),  # halfway
        "h4": ("a4", unit(-1, 0, 0)),  # the opposite
    }
    ranked = rank_drift(refs, shots)
    assert [d.shot_id for d in ranked] == ["h4", "h2", "h3", "h1"]
    assert ranked[0].drift == pytest.approx(2.0, abs=0.01)
    assert ranked[-1].similarity == pytest.approx(1.0, abs=0.01)
    assert all(d.drift == pytest.approx(1 - d.similarity) for d in ranked)


def test_nothing_to_compare_gives_no_ranking():
    assert rank_drift(np.zeros((0, 3)), {"h1": ("a1", unit(1, 0, 0))}) == []
    assert rank_drift(np.stack([unit(1, 0, 0)]), {}) == []


def test_continuity_of_a_project_with_a_tiny_clip(tmp_path, tiny_clip):
    from studio.taste.models import ClipModel

    media = tmp_path / "media"
    media.mkdir()
    colours = {"ref": (200, 40, 40), "same": (200, 40, 40), "other": (20, 20, 220)}
    assets = {}
    for name, colour in colours.items():
        Image.new("RGB", (32, 32), colour).save(media / f"{name}.png")
        assets[name] = Asset(name, MediaKind.IMAGE, name, f"media/{name}.png", 32, 32)
    project = Project(assets=assets)
    project.shots = [
        Shot("h1", None, takes=["same"], picked="same"),
        Shot("h2", None, takes=["other"], picked="other"),
        Shot("h3", None),  # no picture yet: not ranked
    ]
    project.elements = [
        Element("e1", ElementKind.CHARACTER, "MIRA", references=["ref"], shots=["h1", "h2", "h3"])
    ]
    (report,) = continuity(project, tmp_path, ClipModel(tiny_clip))
    assert report.against == "references"
    assert [d.shot_id for d in report.shots] == ["h2", "h1"]
    assert report.shots[1].similarity == pytest.approx(1.0, abs=1e-4)  # the very picture
