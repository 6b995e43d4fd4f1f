"""Which plugins the user disabled, kept in a small JSON file in the user config folder."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

SETTINGS_ENV = "STORYREEL_PLUGIN_SETTINGS"


def default_settings_path() -> Path:
    """$STORYREEL_PLUGIN_SETTINGS, else plugins.json in the user config folder."""
    override = os.environ.get(SETTINGS_ENV)
    if override:
        return Path(override)
    from studio.paths import user_config_dir

    return user_config_dir() / "plugins.json"


class PluginSettings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = Path(path) if path else default_settings_path()

    def disabled(self) -> set[str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return set()
        except (OSError, ValueError):
            return set()  # a damaged settings file must not keep the app from starting
        return {str(i) for i in data.get("disabled", [])} if isinstance(data, dict) else set()

    def set_enabled(self, generator_id: str, enabled: bool) -> None:
        disabled = self.disabled()
        if enabled:
            disabled.discard(generator_id)
        else:
            disabled.add(generator_id)
        self._write({"disabled": sorted(disabled)})

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".plugins-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=2)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
