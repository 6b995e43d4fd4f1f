"""The user's settings: one versioned file with a section for the editor, engine and taste."""

from studio.settings.sections import EditorSettings, EngineSettings, Settings, TasteSettings
from studio.settings.store import SETTINGS_ENV, SettingsFile, default_settings_path

__all__ = [
    "SETTINGS_ENV",
    "EditorSettings",
    "EngineSettings",
    "Settings",
    "SettingsFile",
    "TasteSettings",
    "default_settings_path",
]
