"""Per-user taste settings: whether recording is paused, and which CLIP model to use."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from studio.atomic import reason, write_text
from studio.errors import UserError
from studio.paths import user_config_dir


def settings_path() -> Path:
    return user_config_dir() / "taste.json"


@dataclass
class TasteSettings:
    paused: bool = False  # while paused, no signal is written anywhere
    clip_model: str | None = None  # a CLIPModel folder or repo id; None: text only

    @classmethod
    def load(cls, path: Path | None = None) -> TasteSettings:
        try:
            data = json.loads((path or settings_path()).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()  # missing or damaged: defaults, never a failed start
        if not isinstance(data, dict):
            return cls()
        clip = data.get("clip_model")
        return cls(paused=bool(data.get("paused", False)), clip_model=str(clip) if clip else None)

    def save(self, path: Path | None = None) -> None:
        target = path or settings_path()
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot save the taste settings: {reason(exc)}") from None
        write_text(target, json.dumps(asdict(self), indent=2), UserError)
