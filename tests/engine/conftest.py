"""Engine tests: plugin settings and the user plugin folder point into tmp, never at $HOME."""

from __future__ import annotations

import pytest

from studio.engine import Engine


@pytest.fixture(autouse=True)
def _isolated_plugin_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_SETTINGS", str(tmp_path / "settings" / "settings.json"))
    monkeypatch.setenv("STORYREEL_PLUGIN_PATH", str(tmp_path / "user-plugins"))


@pytest.fixture
def engine():
    """An engine with one CPU lane (budget: half the RAM), closed after the test."""
    with Engine(devices=["cpu"]) as eng:
        yield eng
