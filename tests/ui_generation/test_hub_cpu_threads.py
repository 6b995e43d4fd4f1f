"""The editor's engine caps torch so the GUI thread keeps a core, and its worker processes
yield the CPU to the GUI thread (docs/benchmarks.md)."""

from __future__ import annotations

import os

from studio.engine.devices import CPU_THREADS_ENV
from studio.model.files import create_project
from studio.ui.qt_generation import WORKER_NICE, install_generation
from tests.engine.thread_fakes import Niceness


def _window(qtbot, tmp_path):
    from studio.ui.qt_app import create_app
    from studio.ui.qt_main_window import MainWindow

    create_app()
    window = MainWindow()
    window.ask_before_closing = False
    qtbot.addWidget(window)
    window.set_document(create_project(tmp_path / "Threads"))
    return window


def test_the_hub_engine_leaves_a_core_to_the_gui(qtbot, tmp_path, builtin_registry, monkeypatch):
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    monkeypatch.delenv(CPU_THREADS_ENV, raising=False)
    hub = install_generation(_window(qtbot, tmp_path).context, builtin_registry)
    hub.when_ready(lambda engine: None)
    assert hub.engine.cpu_threads == 3
    hub.shutdown().join(10)


def test_the_environment_sets_the_hub_engine_threads(
    qtbot, tmp_path, builtin_registry, monkeypatch
):
    monkeypatch.setenv(CPU_THREADS_ENV, "all")
    hub = install_generation(_window(qtbot, tmp_path).context, builtin_registry)
    hub.when_ready(lambda engine: None)
    assert hub.engine.cpu_threads is None  # torch's own default
    hub.shutdown().join(10)


def test_the_hub_worker_processes_run_at_a_lower_priority(qtbot, tmp_path, builtin_registry,
                                                          monkeypatch):  # fmt: skip
    monkeypatch.setenv("STORYREEL_WORKERS", "process")  # the app's way, not the tests'
    hub = install_generation(_window(qtbot, tmp_path).context, builtin_registry)
    hub.when_ready(lambda engine: None)
    job = hub.engine.submit(Niceness)
    assert job.wait(60) and job.error is None
    assert int(job.output.text) == min(19, os.nice(0) + WORKER_NICE)
    hub.shutdown().join(10)
