"""The one way back to the GUI thread: results and errors of threads and processes arrive
there, while their owner lives; no other module hops threads or tweaks the process."""

from __future__ import annotations

import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject

from studio.ui.qt_workers import BackgroundWork, GuiCall

STUDIO = Path(__file__).resolve().parents[2] / "studio"


def _name_of_thread(value):
    return threading.current_thread().name, value


def _fail(message):
    raise ValueError(message)


def test_a_thread_runs_off_the_gui_thread_and_answers_on_it(qtbot):
    work = BackgroundWork()
    answers = []
    work.run_in_thread(
        _name_of_thread,
        7,
        on_done=lambda result: answers.append((threading.current_thread(), result)),
        name="test-work",
    )
    assert work.pending == 1
    qtbot.waitUntil(lambda: bool(answers), timeout=5000)
    (answered_on, (ran_on, value)) = answers[0]
    assert answered_on is threading.main_thread()
    assert ran_on == "test-work" and value == 7
    assert work.pending == 0


def test_an_error_reaches_on_error_on_the_gui_thread(qtbot):
    work = BackgroundWork()
    errors = []
    work.run_in_thread(
        _fail,
        "broken",
        on_done=lambda _: None,
        on_error=lambda exc: errors.append((threading.current_thread(), exc)),
    )
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert errors[0][0] is threading.main_thread()
    assert isinstance(errors[0][1], ValueError) and str(errors[0][1]) == "broken"


def test_a_process_answers_on_the_gui_thread(qtbot):
    work = BackgroundWork()  # the shared "media" pool
    answers = []
    work.submit(os.getpid, on_done=lambda pid: answers.append((threading.current_thread(), pid)))
    qtbot.waitUntil(lambda: bool(answers), timeout=60000)
    answered_on, pid = answers[0]
    assert answered_on is threading.main_thread() and pid != os.getpid()


def test_a_future_made_elsewhere_is_answered_on_the_gui_thread_and_never_cancelled(qtbot):
    work = BackgroundWork()
    answers = []
    release = threading.Event()
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(lambda: release.wait(5) and "written")
        work.when_done(future, on_done=lambda r: answers.append((threading.current_thread(), r)))
        release.set()
        qtbot.waitUntil(lambda: bool(answers), timeout=5000)
        assert answers == [(threading.main_thread(), "written")]
        # Shutting the owner down stops its answers but leaves others' work alone.
        release.clear()
        other = pool.submit(release.wait, 5)
        work.when_done(other, on_done=answers.append)
        work.shutdown()
        assert not other.cancelled()
        release.set()
        assert other.result(5) is True
    qtbot.wait(50)
    assert len(answers) == 1


def test_answers_to_a_deleted_owner_are_dropped_quietly(qtbot):
    owner = QObject()
    work = BackgroundWork(parent=owner)
    answers = []
    release = threading.Event()
    work.run_in_thread(release.wait, 5, on_done=answers.append)
    owner.deleteLater()
    qtbot.waitUntil(lambda: _deleted(work), timeout=5000)
    release.set()
    qtbot.wait(100)  # pytest-qt fails the test on an exception raised in the event loop
    assert answers == []


def test_gui_call_runs_on_the_gui_thread_and_says_when_nobody_is_left(qtbot):
    call = GuiCall()
    ran = []
    thread = threading.Thread(target=lambda: call.post(ran.append, threading.current_thread()))
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: bool(ran), timeout=5000)
    assert ran == [thread]
    call.deleteLater()
    qtbot.waitUntil(lambda: _deleted(call), timeout=5000)
    assert call.post(ran.append, 1) is False


def _deleted(obj: QObject) -> bool:
    from shiboken6 import isValid

    return not isValid(obj)


def _sources(folder: Path = STUDIO):
    return [(p, p.read_text(encoding="utf-8")) for p in folder.rglob("*.py")]


def test_only_the_workers_module_queues_calls_to_the_gui_thread():
    """Six relays (_Wake, three _Relay, OffThread, the welcome's) each did the same hop their
    own way."""
    relay = re.compile(r"QueuedConnection|class _(Relay|Wake)\b|self\._relay\b")
    ui = _sources(STUDIO / "ui")
    hops = [p.relative_to(STUDIO).as_posix() for p, text in ui if relay.search(text)]
    assert hops == ["ui/qt_workers.py"]


def test_process_wide_tweaks_live_in_one_module():
    tweaks = re.compile(r"sys\.setswitchinterval|gc\.freeze\(|c_ssize_t\.from_address")
    found = sorted(
        p.relative_to(STUDIO).as_posix() for p, text in _sources() if tweaks.search(text)
    )
    assert found == ["ui/gui_process.py"]


def test_the_welcome_hears_the_gpu_detection_on_the_gui_thread(qtbot, monkeypatch):
    from studio.engine.models.machine import Machine
    from studio.ui.models import qt_welcome

    found = Machine("cuda", "RTX 3060", 12 * 2**30, "2.13.0")
    shown = []
    monkeypatch.setattr(qt_welcome, "detect_in_child", lambda: found)
    monkeypatch.setattr(
        qt_welcome.WelcomeDialog,
        "show_machine",
        lambda self, machine: shown.append((threading.current_thread(), machine)),
    )
    qtbot.addWidget(qt_welcome.WelcomeDialog())
    qtbot.waitUntil(lambda: bool(shown), timeout=5000)
    assert shown == [(threading.main_thread(), found)]
