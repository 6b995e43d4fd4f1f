"""The one settings file: read (migrating older files on the way), changed, written whole.

Every change re-reads the file, applies itself and writes the file atomically, so two
processes that change different settings (the editor and `storyreel plugins`) keep both.
A missing or damaged file reads as the defaults; a file from a newer Storyreel reads as the
defaults too, but is never overwritten: saving refuses with one line.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from studio.atomic import reason, write_text
from studio.errors import UserError
from studio.settings.legacy import separate_files
from studio.settings.migrations import FORMAT, VERSION
from studio.settings.sections import Settings
from studio.versioning import NewerVersionError, VersionError

log = logging.getLogger(__name__)

SETTINGS_ENV = "STORYREEL_SETTINGS"
FILE_NAME = "settings.json"
_updating = threading.Lock()  # two threads' read-change-write must not interleave


def default_settings_path() -> Path:
    """$STORYREEL_SETTINGS, else settings.json in the user config folder."""
    override = os.environ.get(SETTINGS_ENV)
    if override:
        return Path(override)
    from studio.paths import user_config_dir

    return user_config_dir() / FILE_NAME


class SettingsFile:
    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_settings_path()
        self.refusal: str | None = None  # why this file must not be written, once read

    def read(self) -> Settings:
        """The settings now; the old separate files become this file on the first read."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return self._first_read()
        except OSError as exc:
            log.warning("cannot read %s: %s; using the default settings", self.path, reason(exc))
            return Settings()
        try:
            data, _ = FORMAT.upgrade(json.loads(text))
        except NewerVersionError as exc:
            self.refusal = f"{self.path}: {exc}"
            log.warning("%s; using the default settings", self.refusal)
            return Settings()
        except (ValueError, VersionError, RecursionError):
            log.warning("%s is damaged; using the default settings", self.path)
            return Settings()  # a damaged settings file must not keep the app from starting
        self.refusal = None
        return Settings.from_data(data)

    def update(self, change: Callable[[Settings], object]) -> Settings:
        """Apply `change` to the settings as they are on disk now, and save them."""
        with _updating:
            settings = self.read()
            if self.refusal:
                raise UserError(f"cannot save the settings: {self.refusal}")
            change(settings)
            self.write(settings)
        return settings

    def write(self, settings: Settings) -> None:
        data = {FORMAT.field: FORMAT.stamp(VERSION), **settings.to_data()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot save the settings: {reason(exc)}") from None
        write_text(self.path, json.dumps(data, indent=2) + "\n", UserError)

    def _first_read(self) -> Settings:
        old = separate_files(self.path.parent)
        if old is None:
            return Settings()
        data, _ = FORMAT.upgrade(old)
        settings = Settings.from_data(data)
        try:
            self.write(settings)  # from now on the one file; the old ones stay as they were
        except UserError as exc:
            log.warning("%s", exc)
        return settings
