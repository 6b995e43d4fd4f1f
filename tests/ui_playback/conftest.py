"""A shown main window with a small 160×90 project: two cards with a dissolve, a tone under them."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from studio.media import synth  # noqa: E402
from studio.model import Settings  # noqa: E402
from studio.model.files import create_project, save_project  # noqa: E402
from studio.workflows.importer import import_files  # noqa: E402
from tests.ui_window import shown_window  # noqa: E402


class FakeClock:
    """A playback clock that moves only when the test moves it."""

    def __init__(self) -> None:
        self.seconds = 100.0

    def now(self) -> float:
        return self.seconds

    def advance_frames(self, frames: int, fps: float = 24.0) -> None:
        self.seconds += frames / fps


@pytest.fixture(autouse=True)
def ui_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("STORYREEL_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def media(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("playback-media")
    return {
        "card_a": synth.write_card(folder / "card-a.png", (160, 90), "A", (200, 40, 40)),
        "card_b": synth.write_card(folder / "card-b.png", (160, 90), "B", (40, 40, 200)),
        "tone": synth.write_tone(folder / "tone.wav", seconds=2.0),
    }


@pytest.fixture
def project_folder(tmp_path, media) -> Path:
    """Card A (frames 0-47) then card B (48-95) on V1, with a 12-frame dissolve; tone on A1."""
    settings = Settings(width=160, height=90)
    doc = create_project(tmp_path / "Small", settings)
    import_files(doc, [media["card_a"], media["card_b"]], at_frame=0)
    import_files(doc, [media["tone"]], at_frame=0)
    video = next(t for t in doc.project.tracks if t.clips and t.kind.name == "VIDEO")
    first, second = video.clips
    video.clips[:] = [replace(first, duration=48), replace(second, start=48, duration=48)]
    video.clips[1] = replace(video.clips[1], dissolve_in=12)
    save_project(doc)
    return doc.path


@pytest.fixture
def window(qtbot):
    win = shown_window(qtbot, size=(1200, 800), warm_up=True)
    yield win
    if "render" in win.context.dialogs:
        win.context.dialogs["render"].cancel()
    win.ask_before_closing = False


@pytest.fixture
def editor(window, project_folder):
    assert window.open_project(project_folder)
    return window


@pytest.fixture
def clock(editor) -> FakeClock:
    """Picture-only playback on a clock the test moves (sound has its own tests)."""
    fake = FakeClock()
    editor.transport.clock = fake
    editor.transport.sound = None
    return fake
