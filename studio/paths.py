"""Where Storyreel keeps per-user files; STORYREEL_HOME moves them all (tests, portable use)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def user_data_dir() -> Path:
    override = os.environ.get("STORYREEL_HOME")
    if override:
        return Path(override) / "data"
    return Path(platformdirs.user_data_dir("storyreel", appauthor=False))


SAMPLE_NAME = "Sample.storyreel"  # the sample project's folder, in user_data_dir()


def user_config_dir() -> Path:
    override = os.environ.get("STORYREEL_HOME")
    if override:
        return Path(override) / "config"
    return Path(platformdirs.user_config_dir("storyreel", appauthor=False))


def resources_dir() -> Path:
    """The repo's resources/ folder (installed beside the package in editable and bundled use)."""
    return Path(__file__).resolve().parent.parent / "resources"
