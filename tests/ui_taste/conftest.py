"""A shown main window with a real engine and a project of generated title cards with prompts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from studio.engine import discover  # noqa: E402
from studio.media import synth  # noqa: E402
from studio.model import Asset, MediaKind, Scene, Shot  # noqa: E402
from studio.model.files import create_project, save_project  # noqa: E402
from studio.settings import SettingsFile  # noqa: E402
from tests.ui_window import shown_window  # noqa: E402

# id → prompt; the two harbour takes are shot s1's, in scene 1.
PROMPTS = {
    "harbour_warm": "foggy harbour at dawn, fishing boats in the mist, warm amber light",
    "harbour_cold": "a harbour in fog at first light, cold blue tones",
    "desert": "a desert highway at noon, heat haze, red rocks",
    "neon": "a neon city street at night, rain on the pavement",
    "cabin": "a snowy mountain cabin, warm window glow",
    "kitchen": "a kitchen interior, morning coffee on the table",
}


@pytest.fixture(autouse=True)
def ui_home(tmp_path, monkeypatch) -> Path:
    """Settings and the taste profile go to a temp folder, never $HOME."""
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture(scope="module")
def text_model_loaded():
    """The packaged MiniLM, loaded once per module (it takes seconds), from site-packages."""
    from studio.taste.models import text_model

    text_model().embed(["warm up"])


@pytest.fixture(scope="session")
def registry(tmp_path_factory):
    """No plugins: taste needs only the engine's CPU pool."""
    folder = tmp_path_factory.mktemp("plugin-settings")
    return discover(
        repo_dir=False, user_dirs=[], entry_points=False, settings=SettingsFile(folder / "p.json")
    )


def add_card(doc, asset_id: str, prompt: str, generator: str = "storyreel.title_card") -> Asset:
    """A generated title card with its prompt in its provenance."""
    target = doc.path / "media" / f"{asset_id}.png"
    path = synth.write_card(target, (64, 36), asset_id[:2], (90, 90, 120))
    asset = Asset(
        asset_id,
        MediaKind.IMAGE,
        path.name,
        f"media/{path.name}",
        width=64,
        height=36,
        provenance={"generator": generator, "prompt": prompt, "seed": 1},
    )
    doc.project.assets[asset_id] = asset
    return asset


@pytest.fixture
def project_folder(tmp_path) -> Path:
    doc = create_project(tmp_path / "Film")
    (doc.path / "media").mkdir(exist_ok=True)
    for asset_id, prompt in PROMPTS.items():
        add_card(doc, asset_id, prompt)
    doc.project.scenes.append(Scene("sc1", "EXT. HARBOUR - DAWN", number="1"))
    doc.project.shots.append(
        Shot(
            "s1",
            "sc1",
            "the harbour at dawn",
            takes=["harbour_warm", "harbour_cold"],
            picked="harbour_warm",
        )
    )
    save_project(doc)
    return doc.path


@pytest.fixture
def window(qtbot, registry, text_model_loaded):
    win = shown_window(qtbot, registry=registry)
    yield win
    win.close()


@pytest.fixture
def editor(window, project_folder, qtbot):
    """The project open and its assets embedded (the taste controller is ready)."""
    assert window.open_project(project_folder)
    window.taste.start()
    qtbot.waitUntil(lambda: window.taste.ready, timeout=30000)
    return window
