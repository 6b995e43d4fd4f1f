"""Per-user UI settings (window layout, recent projects) kept in the user config folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from studio.paths import user_config_dir

MAX_RECENT = 10


def ui_settings() -> QSettings:
    """An INI file under STORYREEL_HOME when set (tests point it at a temp folder)."""
    return QSettings(str(user_config_dir() / "ui.ini"), QSettings.Format.IniFormat)


def recent_projects(settings: QSettings) -> list[str]:
    value = settings.value("recent", [])
    if isinstance(value, str):  # QSettings returns a one-item list as a bare string
        value = [value]
    return [p for p in value if Path(p).is_dir()]


def remember_project(settings: QSettings, folder: Path) -> list[str]:
    path = str(Path(folder).resolve())
    recent = [path] + [p for p in recent_projects(settings) if p != path]
    settings.setValue("recent", recent[:MAX_RECENT])
    return recent[:MAX_RECENT]
