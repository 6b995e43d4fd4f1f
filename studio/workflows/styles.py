"""Style presets as data: the shipped ones in resources/styles/, the user's own beside them.

A preset is a JSON file {"id", "name", "prompt": "... {prompt} ...", "negative"}. A user preset
with a shipped id replaces it; a broken user file is skipped with a warning, never fatal.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from studio.atomic import reason, write_text
from studio.errors import UserError
from studio.paths import resources_dir, user_data_dir

log = logging.getLogger(__name__)

PLACEHOLDER = "{prompt}"


class StyleError(ValueError):
    """A preset file that cannot be used; the message names the file and the reason."""


@dataclass(frozen=True)
class Style:
    id: str
    name: str
    prompt: str = PLACEHOLDER
    negative: str = ""

    def apply(self, prompt: str, negative: str = "") -> tuple[str, str]:
        """The prompt wrapped in the style, and the negatives of both, joined."""
        styled = self.prompt.replace(PLACEHOLDER, prompt.strip())
        return styled, join_terms(negative, self.negative)


def join_terms(*lists: str) -> str:
    """Comma-separated terms of several lists, each once (the first spelling wins)."""
    terms: dict[str, str] = {}
    for text in lists:
        for term in text.split(","):
            if term.strip():
                terms.setdefault(term.strip().lower(), term.strip())
    return ", ".join(terms.values())


NO_STYLE = Style("none", "No style")


def builtin_styles_dir() -> Path:
    return resources_dir() / "styles"


def user_styles_dir() -> Path:
    return user_data_dir() / "styles"


def load_styles(folders: list[Path] | None = None) -> dict[str, Style]:
    """Presets by id ("none" first, then by name); later folders override earlier ones."""
    folders = [builtin_styles_dir(), user_styles_dir()] if folders is None else folders
    styles: dict[str, Style] = {NO_STYLE.id: NO_STYLE}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.json")):
            try:
                style = read_style(path)
            except StyleError as exc:
                log.warning("%s", exc)
                continue
            styles[style.id] = style
    order = sorted(styles.values(), key=lambda s: (s.id != NO_STYLE.id, s.name.lower()))
    return {style.id: style for style in order}


def read_style(path: Path) -> Style:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StyleError(f"style preset {path.name}: {exc}") from None
    if not isinstance(data, dict):
        raise StyleError(f"style preset {path.name}: expected a JSON object")
    prompt = data.get("prompt", PLACEHOLDER)
    fields = {"id": data.get("id", path.stem), "name": data.get("name"), "prompt": prompt}
    fields["negative"] = data.get("negative", "")
    for key, value in fields.items():
        if not isinstance(value, str) or (key != "negative" and not value.strip()):
            raise StyleError(f"style preset {path.name}: {key!r} must be a non-empty string")
    if PLACEHOLDER not in prompt:
        raise StyleError(f"style preset {path.name}: its prompt has no {PLACEHOLDER} slot")
    return Style(**fields)


def save_user_style(style: Style) -> Path:
    """Write a preset to the user's folder (a copy of a shipped one, edited, say)."""
    folder = user_styles_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot save the style {style.name}: {reason(exc)}") from None
    path = folder / f"{style.id}.json"
    data = {"id": style.id, "name": style.name, "prompt": style.prompt, "negative": style.negative}
    return write_text(path, json.dumps(data, indent=2) + "\n", UserError)
