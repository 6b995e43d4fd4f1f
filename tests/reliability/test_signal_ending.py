"""A kill, Ctrl+C or a logout ends the editor as closing its window does: the last edits
autosaved for the next start to offer, the worker processes shut down, no traceback and no
"leaked semaphore" line on the terminal."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from studio.model import TrackKind
from studio.model.edits import AddTrack
from studio.model.files import autosave_file, load_project, recovery_available
from studio.ui.qt_signals import end_editor_on_signals
from tests.ui_window import editor_child_env, shown_window

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.fixture
def no_quit(monkeypatch):
    """The test's QApplication outlives the window: its exit is noted, not done."""
    exits: list[int] = []
    monkeypatch.setattr(QApplication.instance(), "exit", exits.append)
    return exits


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_closes_the_window_with_its_last_edit_autosaved(saved, qtbot, no_quit, sig):
    window = shown_window(qtbot, size=(900, 600))
    assert window.open_project(saved.path)
    ending = end_editor_on_signals(window)
    try:
        tracks = len(window.session.project.tracks)
        assert window.session.apply(AddTrack(TrackKind.VIDEO))  # not saved, not yet autosaved
        os.kill(os.getpid(), sig)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=10000)
    finally:
        ending.restore()
    assert no_quit == [0]
    assert recovery_available(saved.path)  # the next start offers it
    recovered = load_project(autosave_file(saved.path).parent).project
    assert len(recovered.tracks) == tracks + 1
    assert len(load_project(saved.path).project.tracks) == tracks  # the save is untouched


def test_restore_gives_the_signals_back(qtbot):
    window = shown_window(qtbot, size=(400, 300))
    before = signal.getsignal(signal.SIGTERM)
    end_editor_on_signals(window).restore()
    assert signal.getsignal(signal.SIGTERM) is before


@pytest.mark.slow
def test_storyreel_ended_by_sigterm_leaves_quietly(saved, tmp_path):
    """The real command: its media pool is up, then a kill; exit 0, nothing on stderr that
    a user would take for a failure."""
    env = editor_child_env(tmp_path / "home")
    editor = subprocess.Popen(
        [sys.executable, "-m", "studio.cli", "open", str(saved.path)],
        env=env, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while not children_of(editor.pid) and time.monotonic() < deadline:
            time.sleep(0.1)  # the window is up once its worker processes start
        assert children_of(editor.pid), "the editor started no worker process"
        time.sleep(1.0)
        editor.send_signal(signal.SIGTERM)
        _, stderr = editor.communicate(timeout=60)
    finally:
        editor.kill()
    assert editor.returncode == 0, stderr
    assert "Traceback" not in stderr and "leaked" not in stderr, stderr


def children_of(pid: int) -> list[str]:
    """Its child processes: each thread's (the worker pools start them on threads)."""
    return [
        c for t in Path(f"/proc/{pid}/task").iterdir() for c in (t / "children").read_text().split()
    ]
