"""A shown main window with a small project of three shots and the repo's generators."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from studio.engine import discover  # noqa: E402
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
    """The real main window, with a 320×180, 24 fps project of three unplaced shots."""
    window = shown_window(qtbot, size=None, registry=registry)
    doc = create_project(tmp_path / "Board", Settings(width=320, height=180))
    for description, frames in SHOTS:
        edit, _ = storyboard.add_shot(doc.project, description, duration=frames)
        assert doc.apply(edit)
    window.set_document(doc)
    yield window
    window.close()


@pytest.fixture
def panel(window):
    panel = window.docks["Storyboard"].widget()
    panel.window().docks["Storyboard"].show()
    return panel
