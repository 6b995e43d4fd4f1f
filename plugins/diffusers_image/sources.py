"""Where a model comes from (repo id, folder, single file) and whether we may open it.

Pure Python: these checks run before torch is imported, so a bad path fails in milliseconds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from studio.plugins.api import model_source

PICKLE_SUFFIXES = frozenset({".ckpt", ".bin", ".pt", ".pth", ".pkl"})
SAFE_SUFFIXES = frozenset({".safetensors"})
_REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")


class ModelSourceError(ValueError):
    """A model that cannot be opened; the message is one line for the user."""


@dataclass(frozen=True)
class ModelSource:
    """A checked model reference: `kind` is "repo", "folder" or "file"."""

    kind: str
    location: str
    local_files_only: bool

    @property
    def is_single_file(self) -> bool:
        return self.kind == "file"


def hub_offline() -> bool:
    return model_source.hub_offline()


def resolve_source(model: str, *, allow_pickle: bool, allow_download: bool = False) -> ModelSource:
    """Check `model` and say how to load it; raises ModelSourceError with a one-line reason."""
    text = model.strip()
    path = Path(text).expanduser()
    local_only = hub_offline() or not allow_download
    if path.exists():
        if path.is_dir():
            if not (path / "model_index.json").is_file():
                raise ModelSourceError(
                    f"{path} is a folder without model_index.json, not a diffusers pipeline"
                )
            try:  # name a missing or damaged file now, not as a library error later
                model_source.check_diffusers_folder(path, allow_pickle)
            except model_source.ModelFilesError as exc:
                raise ModelSourceError(str(exc)) from None
            return ModelSource("folder", str(path), local_files_only=True)
        check_single_file(path, allow_pickle)
        return ModelSource("file", str(path), local_only)
    if _looks_like_path(text):
        raise ModelSourceError(f"model not found: {path} (no such file or folder)")
    if not _REPO_ID.match(text):
        raise ModelSourceError(
            f"{text!r} is neither a file, a folder nor a Hugging Face repo id (owner/name)"
        )
    return ModelSource("repo", text, local_only)


def check_single_file(path: Path, allow_pickle: bool) -> None:
    suffix = path.suffix.lower()
    if suffix in PICKLE_SUFFIXES:
        if not allow_pickle:
            raise ModelSourceError(
                f"{path.name} is a pickle checkpoint, which can run code when loaded; "
                "convert it to .safetensors, or set allow_pickle if you trust it"
            )
    elif suffix not in SAFE_SUFFIXES:
        raise ModelSourceError(
            f"{path.name}: a single-file model must be .safetensors (or a pickle checkpoint "
            "with allow_pickle)"
        )
    else:
        try:
            model_source.check_safetensors(path)
        except model_source.ModelFilesError as exc:
            raise ModelSourceError(str(exc)) from None


def not_cached_message(source: ModelSource) -> str:
    """Why a repo id could not be loaded without downloading."""
    return model_source.not_installed(source.location)


def _looks_like_path(text: str) -> bool:
    # A repo id is exactly "owner/name"; anything rooted, deeper or with a weights suffix
    # was meant as a file or folder, and deserves "not found" rather than a hub error.
    return (
        Path(text).is_absolute()
        or text.startswith((".", "~"))
        or "\\" in text
        or text.count("/") > 1
        or Path(text).suffix.lower() in PICKLE_SUFFIXES | SAFE_SUFFIXES
    )
