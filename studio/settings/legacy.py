"""The settings files of Storyreel before one settings file, gathered as settings version 0.

They are read, never changed or removed: an older Storyreel on the same machine keeps its
settings, and the first read of the new file starts from them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from studio.settings.qsettings_ini import read_ini

UI_INI = "ui.ini"  # the editor's QSettings: recent projects, window layout, welcome shown
PLUGINS_JSON = "plugins.json"  # the engine's disabled plugins
TASTE_JSON = "taste.json"  # taste's paused flag and CLIP model


def separate_files(folder: Path) -> dict[str, Any] | None:
    """Version-0 settings data from the old files in `folder`; None when there are none."""
    found: dict[str, Any] = {}
    try:
        found["ui.ini"] = read_ini((folder / UI_INI).read_text(encoding="utf-8", errors="replace"))
    except OSError:
        pass
    for name in (PLUGINS_JSON, TASTE_JSON):
        try:
            data = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # missing or damaged: that section starts from its defaults
        if isinstance(data, dict):
            found[name] = data
    return {"version": 0, **found} if found else None
