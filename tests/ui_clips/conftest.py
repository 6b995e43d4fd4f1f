"""A shown main window with three shots, two with storyboard frames, and the repo's generators."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from studio.engine import discover  # noqa: E402
from studio.media import synth  # noqa: E402
from studio.model import Settings  # noqa: E402
from studio.model.files import create_project  # noqa: E402
from studio.settings import SettingsFile  # noqa: E402
from studio.workflows.storyboard import storyboard
from tests.ui_window import shown_window  # noqa: E402

SHOTS = (("The keeper climbs the stairs", 48), ("A gull on the rail", 24), ("Storm light", 36))


@pytest.fixture(autouse=True)
def ui_home(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))


@pytest.fixture(scope="session")
def registry(tmp_path_factory):
    """The repo's plugins, discovered once (importing them is the slow part)."""
    folder = tmp_path_factory.mktemp("plugin-settings")
    return discover(
        repo_dir=True, user_dirs=[], entry_points=False, settings=SettingsFile(folder / "p.json")
    )


@pytest.fixture
def window(qtbot, tmp_path, registry):
    """The real main window, with a 160×96, 24 fps project of three shots; the first two
    have title-card frames on the storyboard track, the third is not on the timeline."""
    window = shown_window(qtbot, size=None, registry=registry)
    doc = create_project(tmp_path / "Clips", Settings(width=160, height=96))
    for index, (description, frames) in enumerate(SHOTS):
        edit, shot_id = storyboard.add_shot(doc.project, description, duration=frames)
        assert doc.apply(edit)
        if index < 2:
            card = synth.write_card(tmp_path / f"card-{index}.png", (160, 96), description)
            asset = storyboard.take_asset(doc.path, card)
            assert doc.apply(storyboard.place_take(doc.project, shot_id, asset))
    window.set_document(doc)
    yield window
    window.close()


@pytest.fixture
def panel(window):
    panel = window.docks["Clips"].widget()
    window.docks["Clips"].show()
    window.docks["Clips"].raise_()
    return panel
