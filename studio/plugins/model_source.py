"""Where a generator's weights come from (plugin API 1.1): a local folder or the local
Hugging Face cache, and the network only when the user allowed it and HF_HUB_OFFLINE is off.

Plugins reach these through `studio.plugins.api.model_source`.
"""

from __future__ import annotations

import os
from pathlib import Path


def hub_offline() -> bool:
    """True when HF_HUB_OFFLINE asks for no network at all; it always wins over a setting."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


def local_source(model: str, allow_download: bool) -> tuple[str, bool]:
    """Where to load `model` (a folder, or a repo id) from, and whether only local files
    may be used; a path that names no folder is refused with a one-line reason."""
    path = Path(model).expanduser()
    if path.is_dir():
        return str(path), True
    if path.is_absolute() or model.startswith((".", "~")):
        raise ValueError(f"model not found: {path} (no such folder)")
    return model, hub_offline() or not allow_download


def why_not_loaded(model: str, local_only: bool, exc: OSError) -> str:
    """A loading error in one line, saying when the cause is that downloads are off."""
    if local_only and not Path(model).expanduser().is_dir():
        return f"{model} is not in the local Hugging Face cache and downloads are off"
    return f"could not load {model}: {' '.join(str(exc).split())}"
