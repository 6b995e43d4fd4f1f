"""Which plugins the user disabled, kept in a small JSON file in the user config folder."""

from __future__ import annotations

import json
import os
from pathlib import Path

from studio.atomic import reason, write_text
from studio.errors import UserError

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
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot save the plugin settings: {reason(exc)}") from None
        write_text(self.path, json.dumps(data, indent=2), UserError)
