"""A first start builds the sample project: the build begins before Qt is imported, so it
overlaps making the window, and the window opens the sample when the build ends."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import Future
from pathlib import Path

import pytest

from tests.ui_window import editor_child_env, shown_window

# `storyreel` with no project, up to the event loop: run_app is replaced by a recorder, so
# the child shows no window and reports what launch() had done before reaching it.
LAUNCH_CHILD = """
import sys, types
seen = {}
def run_app(path, after_shown=None, early_sample=None):
    seen["qt"] = "PySide6.QtCore" in sys.modules  # shiboken alone has started (see below)
    seen["folder"] = early_sample.result(timeout=120)
    return 0
fake = types.ModuleType("studio.ui.qt_app")
fake.run_app = run_app
sys.modules["studio.ui.qt_app"] = fake
from studio.cli_commands.gui import launch
launch(None)
from studio.sample_record import ready_sample
print(seen["qt"], seen["folder"] == ready_sample())
"""


def test_storyreel_begins_the_sample_before_importing_qt(tmp_path):
    env = editor_child_env(tmp_path / "home")
    done = subprocess.run(
        [sys.executable, "-c", LAUNCH_CHILD], capture_output=True, text=True, env=env, timeout=180
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "True"]  # no Qt yet; the sample built and whole


def test_the_window_opens_the_early_sample_when_its_build_ends(qtbot, tmp_path, monkeypatch):
    from studio.sample_project import ensure_sample_project

    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))
    built = ensure_sample_project()
    early: Future[Path] = Future()
    window = shown_window(qtbot)
    try:
        window.open_sample(early)
        assert window.session is None  # still building: nothing opened yet
        threading.Thread(target=early.set_result, args=(built,)).start()
        qtbot.waitUntil(
            lambda: window.session is not None and window.session.doc.path == built,
            timeout=10000,
        )
        assert len(window.session.project.shots) == 6
    finally:
        window.close()


def test_a_failed_early_build_leaves_an_empty_project_and_says_why(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))
    early: Future[Path] = Future()
    window = shown_window(qtbot)
    try:
        window.open_sample(early)
        early.set_exception(OSError(28, "No space left on device"))
        qtbot.waitUntil(
            lambda: "Sample project unavailable" in window.statusBar().currentMessage(),
            timeout=10000,
        )
        assert "No space left" in window.statusBar().currentMessage()
        assert window.session.doc.path is None and not window.session.project.shots
    finally:
        window.close()


def test_open_sample_builds_a_missing_sample_the_same_way(qtbot, tmp_path, monkeypatch):
    """Without an early build (File ▸ Open Sample, a window made later), the window starts
    the same child build itself."""
    from studio.sample_record import ready_sample

    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))
    window = shown_window(qtbot)
    try:
        window.open_sample()
        qtbot.waitUntil(
            lambda: (
                window.session is not None
                and window.session.doc.path is not None
                and window.session.doc.path == ready_sample()
            ),
            timeout=60000,
        )
        assert len(window.session.project.shots) == 6
    finally:
        window.close()


# The sample's thread is started with its work replaced: the child reports whether
# shiboken had started up by then.
ORDER_CHILD = """
import sys, threading
import studio.ui.first_project as first_project
first_project._find_or_build = lambda early, build: early.set_result(None)
seen, builds = [], []
first_project._start_build = lambda: builds.append("shiboken6" in sys.modules)
start = threading.Thread.start
def recording_start(thread):
    seen.append("shiboken6" in sys.modules)
    start(thread)
threading.Thread.start = recording_start
first_project.start_sample_early().result(timeout=60)
print(seen, builds)
"""


@pytest.mark.parametrize(("first_start", "builds"), [(True, "[False]"), (False, "[]")])
def test_shiboken_starts_up_before_the_sample_thread_imports(tmp_path, first_start, builds):
    """shiboken's start-up walks sys.modules: a thread importing meanwhile aborted the
    editor about one start in 50 ("Fatal Python error: libshiboken/signature"). A first
    start's build, a child process, begins before it all the same."""
    env = editor_child_env(tmp_path / "home")
    if not first_start:
        (tmp_path / "home/data/Sample.storyreel").mkdir(parents=True)
    done = subprocess.run(
        [sys.executable, "-c", ORDER_CHILD], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["[True]", builds]
