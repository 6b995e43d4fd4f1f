"""The user's settings as typed sections: the editor's, the engine's and taste's.

Reading is forgiving: a value of the wrong type falls back to its default, so a damaged
field never keeps the app from starting.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MAX_RECENT = 10


@dataclass
class EditorSettings:
    recent: list[str] = field(default_factory=list)  # project folders, newest first
    window_geometry: bytes | None = None  # what Qt's saveGeometry() gave
    window_state: bytes | None = None  # what Qt's saveState() gave (docks, toolbars)
    welcome_shown: bool = False

    def existing_recent(self) -> list[str]:
        """The recent projects that are still there."""
        return [p for p in self.recent if Path(p).is_dir()]

    def remember(self, folder: Path) -> list[str]:
        """Put `folder` first in the recent projects."""
        path = str(Path(folder).resolve())
        self.recent = ([path] + [p for p in self.existing_recent() if p != path])[:MAX_RECENT]
        return self.recent

    def to_data(self) -> dict[str, Any]:
        return {
            "recent": list(self.recent),
            "window_geometry": _b64(self.window_geometry),
            "window_state": _b64(self.window_state),
            "welcome_shown": self.welcome_shown,
        }

    @classmethod
    def from_data(cls, data: Any) -> EditorSettings:
        data = data if isinstance(data, dict) else {}
        recent = data.get("recent")
        return cls(
            recent=[p for p in recent if isinstance(p, str)] if isinstance(recent, list) else [],
            window_geometry=_unb64(data.get("window_geometry")),
            window_state=_unb64(data.get("window_state")),
            welcome_shown=data.get("welcome_shown") is True,
        )


@dataclass
class EngineSettings:
    disabled: set[str] = field(default_factory=set)  # generator ids the user turned off

    def set_enabled(self, generator_id: str, enabled: bool) -> None:
        if enabled:
            self.disabled.discard(generator_id)
        else:
            self.disabled.add(generator_id)

    def to_data(self) -> dict[str, Any]:
        return {"disabled": sorted(self.disabled)}

    @classmethod
    def from_data(cls, data: Any) -> EngineSettings:
        disabled = data.get("disabled") if isinstance(data, dict) else None
        return cls({str(i) for i in disabled} if isinstance(disabled, list) else set())


@dataclass
class TasteSettings:
    paused: bool = False  # while paused, no signal is written anywhere
    clip_model: str | None = None  # a CLIPModel folder or repo id; None: text only

    def to_data(self) -> dict[str, Any]:
        return {"paused": self.paused, "clip_model": self.clip_model}

    @classmethod
    def from_data(cls, data: Any) -> TasteSettings:
        data = data if isinstance(data, dict) else {}
        clip = data.get("clip_model")
        return cls(
            paused=data.get("paused") is True,
            clip_model=clip if isinstance(clip, str) and clip else None,
        )


@dataclass
class Settings:
    editor: EditorSettings = field(default_factory=EditorSettings)
    engine: EngineSettings = field(default_factory=EngineSettings)
    taste: TasteSettings = field(default_factory=TasteSettings)

    def to_data(self) -> dict[str, Any]:
        return {name: getattr(self, name).to_data() for name in ("editor", "engine", "taste")}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> Settings:
        return cls(
            editor=EditorSettings.from_data(data.get("editor")),
            engine=EngineSettings.from_data(data.get("engine")),
            taste=TasteSettings.from_data(data.get("taste")),
        )


def _b64(value: bytes | None) -> str | None:
    return base64.b64encode(value).decode("ascii") if value is not None else None


def _unb64(value: Any) -> bytes | None:
    if not isinstance(value, str):
        return None
    try:
        return base64.b64decode(value.encode("ascii"), validate=True)
    except (ValueError, binascii.Error):
        return None
