"""Fixtures for the generation UI's tests: a real engine, its bridge and dock, and plugins."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from studio.engine import Engine, discover  # noqa: E402
from studio.settings import SettingsFile  # noqa: E402
from studio.ui.qt_bridge import EngineBridge  # noqa: E402
from studio.ui.qt_jobs import JobsDock  # noqa: E402


@pytest.fixture
def engine():
    # A named CPU lane: detecting the device would import torch, which these tests never need.
    engine = Engine(devices=["cpu"])
    yield engine
    engine.close(timeout=10)


@pytest.fixture
def bridge(qtbot, engine):
    bridge = EngineBridge()
    bridge.attach(engine)
    yield bridge
    bridge.detach()


@pytest.fixture
def dock(qtbot, bridge):
    dock = JobsDock(bridge)
    qtbot.addWidget(dock)
    dock.resize(640, 420)
    dock.show()
    return dock


@pytest.fixture
def builtin_registry(tmp_path):
    """The repo's plugins only, with the enabled/disabled list in a temp file."""
    return discover(
        repo_dir=True,
        user_dirs=[],
        entry_points=False,
        settings=SettingsFile(tmp_path / "settings.json"),
    )
