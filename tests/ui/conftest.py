"""Fixtures for the editor's tests: sample media, a small project, and a shown main window."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from studio.media import synth  # noqa: E402
from studio.model.files import create_project, save_project  # noqa: E402
from studio.workflows.importer import import_files  # noqa: E402
from tests.ui_window import shown_window  # noqa: E402


@pytest.fixture(scope="session")
def media(tmp_path_factory) -> dict[str, Path]:
    """Two title cards, a one-second tone and a 48-frame video, made once."""
    folder = tmp_path_factory.mktemp("ui-media")
    return {
        "card_a": synth.write_card(folder / "card-a.png", (320, 180), "A", (150, 60, 60)),
        "card_b": synth.write_card(folder / "card-b.png", (320, 180), "B", (60, 150, 60)),
        "tone": synth.write_tone(folder / "tone.wav", seconds=1.0),
        "video": synth.write_test_video(folder / "clip.mp4", 48, 24, (160, 90)),
    }


@pytest.fixture(autouse=True)
def ui_home(tmp_path, monkeypatch) -> Path:
    """Settings, recent projects and the sample project go to a temp folder, never $HOME."""
    home = tmp_path / "home"
    monkeypatch.setenv("STORYREEL_HOME", str(home))
    return home


@pytest.fixture
def project_folder(tmp_path, media) -> Path:
    """A saved project: card A then card B on V1 (72 frames each at 24 fps), the tone on A1."""
    doc = create_project(tmp_path / "Test")
    import_files(doc, [media["card_a"], media["card_b"]], at_frame=0)
    import_files(doc, [media["tone"]], at_frame=0)
    save_project(doc)
    return doc.path


@pytest.fixture
def window(qtbot):
    win = shown_window(qtbot, warm_up=True)
    win.activateWindow()
    yield win
    win.ask_before_closing = False


@pytest.fixture
def editor(window, project_folder, qtbot):
    """The window with the test project open and the timeline at 4 px per frame."""
    assert window.open_project(project_folder)
    panel = window.timeline
    qtbot.waitUntil(lambda: panel.canvas.width() > 300)
    panel.geo.px_per_frame = 4.0
    panel.hbar.setValue(0)
    panel.geo.scroll_x = 0.0
    panel.update_all()
    window.timeline.canvas.setFocus()
    return window
