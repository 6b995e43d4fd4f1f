"""Start-up keeps every turn of the event loop short: the work that held input for hundreds of
milliseconds (importing the panels, starting worker processes, opening the project in every
panel at once) happens off the GUI thread or one panel per turn."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from studio.model.files import create_project
from tests.ui_window import shown_window

ROOT = Path(__file__).resolve().parents[2]

# A child process, so the imports it records are its own and not those of earlier tests.
WHO_IMPORTS = """
import sys, threading, time
imported = {}
class Watch:
    def find_spec(self, name, path=None, target=None):
        if name.startswith("studio.ui.") and name not in imported:
            imported[name] = threading.current_thread().name
        return None
sys.meta_path.insert(0, Watch())
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from studio.ui.qt_app import create_app
from studio.ui.qt_main_window import MainWindow
from studio.ui.qt_panels import INSTALLERS
app = create_app()
window = MainWindow(panels="later")
window.ask_before_closing = False
window.show()
QTest.qWaitForWindowExposed(window)
shown = set(imported)
since = time.monotonic()
while "Clips" not in window.docks or "Script" not in window.docks:
    app.processEvents()
    time.sleep(0.002)
    assert time.monotonic() - since < 60, "the panels were never installed"
late_on_gui = sorted(
    name for name, thread in imported.items()
    if name not in shown and thread == "MainThread"
)
installers = sorted(entry.partition(":")[0] for entry in INSTALLERS)
print("LATE", ",".join(late_on_gui))
print("INSTALLERS", ",".join(installers))
"""


def test_the_panels_modules_are_imported_off_the_gui_thread():
    """The GUI thread imported each panel as it installed it, and waited on the import locks
    of the preloading thread meanwhile (stalls of 235 ms were sampled there)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", WHO_IMPORTS],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    late = set(filter(None, lines["LATE"].split(",")))
    installers = set(lines["INSTALLERS"].split(","))
    assert installers and not late & installers, late & installers


def test_a_staged_document_reaches_each_panel_on_a_later_turn(qtbot, tmp_path):
    window = shown_window(qtbot)
    try:
        storyboard = window.docks["Storyboard"].widget()
        doc = create_project(tmp_path / "Staged")
        window.set_document(doc, staged=True)
        assert window.timeline.canvas.session is window.session  # the editor at once
        assert storyboard.session is not window.session  # the panels on later turns
        qtbot.waitUntil(
            lambda: all(
                getattr(p, "session", window.session) is window.session
                for p in window.session_panels
            ),
            timeout=5000,
        )
        assert storyboard.session is window.session
    finally:
        window.close()


def test_a_document_replaced_mid_way_is_not_handed_on(qtbot, tmp_path):
    window = shown_window(qtbot)
    try:
        storyboard = window.docks["Storyboard"].widget()
        window.set_document(create_project(tmp_path / "First"), staged=True)
        first = window.session
        window.set_document(create_project(tmp_path / "Second"))
        qtbot.wait(50)
        assert storyboard.session is window.session is not first
    finally:
        window.close()


def test_warming_up_starts_no_process_on_the_gui_thread(qtbot, monkeypatch):
    """Starting each worker process blocked the GUI thread for tens of milliseconds."""
    from studio.ui import qt_workers

    callers: list[str] = []
    real_pool = qt_workers.shared_pool

    def recording_pool(name, workers):
        callers.append(threading.current_thread().name)
        return real_pool(name, workers)

    monkeypatch.setattr(qt_workers, "shared_pool", recording_pool)
    # Parented to the application: the workers' answers arrive after the test, and one
    # arriving at a deleted relay crashed a later test.
    work = qt_workers.BackgroundWork("media", workers=2, parent=QApplication.instance())
    work.warm_up()
    qtbot.waitUntil(lambda: len(callers) == 2, timeout=5000)
    assert threading.current_thread().name not in callers


def test_a_submit_to_a_cold_pool_waits_on_no_process_start(qtbot, monkeypatch):
    """The viewer's first frame waited 100+ ms on the GUI thread for the pool's lock while
    the warm-up started the processes: until they run, `submit_soon` submits from a thread."""
    from studio.ui import qt_workers

    callers: list[str] = []
    real_pool = qt_workers.shared_pool

    def recording_pool(name, workers):
        callers.append(threading.current_thread().name)
        return real_pool(name, workers)

    monkeypatch.setattr(qt_workers, "shared_pool", recording_pool)
    work = qt_workers.BackgroundWork("cold-test", workers=1, parent=QApplication.instance())
    answers: list[int] = []
    assert not qt_workers.pool_started("cold-test", 1)
    work.submit_soon(abs, -3, on_done=answers.append)
    qtbot.waitUntil(lambda: answers == [3], timeout=60000)
    assert callers and threading.current_thread().name not in callers
    assert qt_workers.pool_started("cold-test", 1)
    work.submit_soon(abs, -4, on_done=answers.append)  # warm: submitted at once
    assert callers[-1] == threading.current_thread().name
    qtbot.waitUntil(lambda: answers == [3, 4], timeout=60000)


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread niceness is Linux's")
def test_a_pools_processes_start_at_its_priority_from_their_first_instruction():
    """A spawned worker started Python and imported at the priority of the thread that
    forked it, the GUI's, and two media workers doing so held its input for 100+ ms at
    start-up; the viewer's worker, which draws what the user looks at, keeps the GUI's."""
    from studio.ui.worker_pools import pool_niceness, spawn_at_pool_priority

    base = os.getpriority(os.PRIO_PROCESS, 0)
    born: dict[str, int] = {}

    def spawn(pool: str) -> None:
        spawn_at_pool_priority(pool)
        child = subprocess.run(
            [sys.executable, "-c", "import os; print(os.getpriority(os.PRIO_PROCESS, 0))"],
            capture_output=True,
            text=True,
            check=True,
        )
        born[pool] = int(child.stdout)

    for pool in ("media", "viewer"):
        thread = threading.Thread(target=spawn, args=(pool,))
        thread.start()
        thread.join()
    assert born == {"media": max(base, pool_niceness("media")), "viewer": base}
    assert pool_niceness("media") == 10 and pool_niceness("viewer") == 0
    assert os.getpriority(os.PRIO_PROCESS, 0) == base  # the editor itself is untouched


def test_the_panels_imports_wait_for_the_first_picture(qtbot, tmp_path, monkeypatch):
    """Begun with the window, the panels' imports competed with opening the first project:
    input waited up to 99 ms at a later start. They begin once its picture is on screen,
    or PRELOAD_AFTER_MS after the window when no project comes."""
    from studio.ui import qt_main_window
    from studio.ui.qt_main_window import MainWindow

    window = MainWindow(panels="later")
    qtbot.addWidget(window)
    window.ask_before_closing = False
    assert window._preloading.ident is None  # nothing imported while the window is made
    window.viewer.presented.emit(0)  # the first picture reached the screen
    assert window._preloading.ident is not None
    qtbot.waitUntil(lambda: not window._preloading.is_alive(), timeout=60000)

    monkeypatch.setattr(qt_main_window, "PRELOAD_AFTER_MS", 50)
    alone = MainWindow(panels="later")
    qtbot.addWidget(alone)
    alone.ask_before_closing = False
    assert alone._preloading.ident is None
    qtbot.waitUntil(lambda: alone._preloading.ident is not None, timeout=5000)
