"""The local folders, files and repo ids the user added by hand, kept in the app's model
folder (`added.json`); removing one forgets it and never deletes the user's files."""

from __future__ import annotations

import json
from pathlib import Path

from studio.atomic import write_text
from studio.errors import UserError


def added_file() -> Path:
    from studio.engine.models.inventory import app_models_dir

    return app_models_dir() / "added.json"


def added_models() -> list[str]:
    try:
        data = json.loads(added_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []  # none yet, or a damaged file: the models themselves are still found
    names = data.get("models", []) if isinstance(data, dict) else []
    return [str(n) for n in names if isinstance(n, str)]


def add_model(name: str) -> str:
    """Remember a folder, a .safetensors file or a repo id; returns the name as kept."""
    from studio.engine.models.inventory import is_repo_id

    text = name.strip()
    path = Path(text).expanduser()
    if path.exists():
        if path.is_file() and path.suffix.lower() != ".safetensors":
            raise UserError(
                f"{path.name}: a single-file model must be .safetensors "
                "(pickle checkpoints can run code when loaded)"
            )
        text = str(path.resolve())
    elif not is_repo_id(text):
        raise UserError(f"{text!r} is neither a file, a folder nor a Hub repo id (owner/name)")
    names = added_models()
    if text not in names:
        _save([*names, text])
    return text


def forget_model(name: str) -> bool:
    names = added_models()
    kept = [n for n in names if n != name and n != _resolved(name)]
    if kept == names:
        return False
    _save(kept)
    return True


def _resolved(name: str) -> str:
    path = Path(name).expanduser()
    return str(path.resolve()) if path.exists() else name


def _save(names: list[str]) -> None:
    path = added_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"cannot keep the model list in {path.parent}: {exc.strerror}") from None
    write_text(path, json.dumps({"models": names}, indent=2), UserError)
