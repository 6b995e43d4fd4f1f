"""The settings file's versions and the upgrades between them.

Version 0 is the three files Storyreel kept before there was one settings file (the
editor's QSettings `ui.ini`, the engine's `plugins.json`, taste's `taste.json`), gathered
by studio.settings.legacy; version 1 is the one file with a section each.
"""

from __future__ import annotations

import base64
from typing import Any

from studio.errors import UserError
from studio.versioning import Data, Format, NewerVersionError, VersionError

VERSION = 1


class SettingsFormatError(VersionError, UserError):
    """The settings file is not one this Storyreel can read."""


class NewerSettingsError(NewerVersionError, UserError):
    """The settings file was written by a newer Storyreel."""


def _from_separate_files(data: Data) -> Data:
    """Version 0 → 1: the three old files become the sections of one file."""
    ui = data.get("ui.ini") or {}
    recent = ui.get("recent", [])
    return {
        "editor": {
            "recent": [recent] if isinstance(recent, str) else list(recent),
            "window_geometry": _b64(ui.get("window/geometry")),
            "window_state": _b64(ui.get("window/state")),
            "welcome_shown": str(ui.get("welcome/shown", "")).lower() == "true",
        },
        "engine": data.get("plugins.json") or {},
        "taste": data.get("taste.json") or {},
    }


def _b64(value: Any) -> str | None:
    return base64.b64encode(value).decode("ascii") if isinstance(value, bytes) else None


UPGRADES = {0: _from_separate_files}

FORMAT = Format(
    noun="settings file",
    owner="the settings file",
    current=VERSION,
    upgrades=UPGRADES,
    missing=None,
    oldest=0,
    error=SettingsFormatError,
    newer=NewerSettingsError,
)
