"""The editor outlives a plugin that segfaults: the job fails in one line, the edit made a
moment before is still there, and the next job runs (issue 17, seen from the window)."""

from __future__ import annotations

import pytest

from studio.engine import discover
from studio.engine.jobs import JobState
from studio.model import Settings
from studio.model.edits import AddMarker
from studio.model.files import create_project
from studio.plugins.api import Request
from studio.settings import SettingsFile
from studio.workflows.landing import Target
from tests.ui_window import shown_window

SEGFAULTS = """
import ctypes
from studio.plugins.api import Generator, Kind


class Segfaults(Generator):
    id = "crash.segfaults"
    name = "Segfaults"
    output = Kind.IMAGE

    def generate(self, request, ctx):
        ctypes.string_at(0)
"""


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("STORYREEL_WORKERS", "process")  # as the app runs generators
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "segfaults.py").write_text(SEGFAULTS)
    registry = discover(
        repo_dir=True, user_dirs=[plugins], entry_points=False,
        settings=SettingsFile(tmp_path / "p.json"),
    )  # fmt: skip
    window = shown_window(qtbot, registry=registry)
    window.set_document(create_project(tmp_path / "Film", Settings(width=160, height=96)))
    yield window
    window.close()


def test_a_segfaulting_plugin_fails_its_job_and_the_editor_keeps_the_edit(window, qtbot):
    session = window.session
    assert session.apply(AddMarker(12, "an edit a moment before"))
    hub = window.generation
    hub.when_ready(lambda _engine: None)
    qtbot.waitUntil(lambda: hub.engine is not None, timeout=20000)
    crash = hub.submit("crash.segfaults", Request(prompt="boom"), target=Target(at=0))
    qtbot.waitUntil(lambda: crash.state.finished, timeout=60000)
    assert crash.state is JobState.FAILED and "crashed (SIGSEGV)" in crash.error
    assert "\n" not in crash.error
    assert [m.name for m in session.project.markers] == ["an edit a moment before"]
    card = hub.submit("builtin.title-card", Request(prompt="AFTER", width=64, height=36),
                      target=Target(at=0))  # fmt: skip
    qtbot.waitUntil(lambda: card.state.finished, timeout=60000)
    assert card.state is JobState.DONE, card.error
    qtbot.waitUntil(lambda: len(session.project.assets) == 1, timeout=20000)  # it landed
    assert window.isVisible()
