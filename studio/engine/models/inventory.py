"""What models this machine has: the Hugging Face cache, the app's model folder, and the
local folders and files the user added. Read from the disk each time, never from a list
of our own; checking a model reads only its JSON files and safetensors headers.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from studio.plugins.model_source import ModelFilesError, check_model_folder, check_safetensors

REPO_ID = re.compile(r"^[A-Za-z0-9][\w.-]*/[\w.-]+$")

INSTALLED = "installed"
PARTIAL = "partly downloaded"
MISSING = "not installed"


@dataclass(frozen=True)
class ModelState:
    name: str  # a repo id, a folder or a .safetensors file
    state: str  # INSTALLED, PARTIAL or MISSING
    source: str  # "hub" (the HF cache), "folder", "file" or "packaged"
    path: str = ""  # where its files are (a snapshot folder, a local folder or file)
    size_bytes: int = 0  # on disk now
    generators: tuple[str, ...] = ()  # which generators load it
    problem: str = ""  # why it is not whole

    def to_json(self) -> dict:
        return {**asdict(self), "generators": list(self.generators)}


# -- where things live -----------------------------------------------------------------------


def hub_cache_dir() -> Path:
    """The Hugging Face cache the model loaders use: huggingface_hub's, once it is imported
    (it reads the variables once), else found from them the way it finds it."""
    import sys

    constants = sys.modules.get("huggingface_hub.constants")
    if constants is not None:
        return Path(constants.HF_HUB_CACHE)
    for name in ("HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE"):
        if os.environ.get(name):
            return Path(os.environ[name]).expanduser()
    if os.environ.get("HF_HOME"):
        return Path(os.environ["HF_HOME"]).expanduser() / "hub"
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache).expanduser() / "huggingface" / "hub"


def app_models_dir() -> Path:
    """The app's own model folder: a model folder or .safetensors file put here is listed."""
    from studio.paths import user_data_dir

    return user_data_dir() / "models"


def repo_folder(repo_id: str) -> Path:
    return hub_cache_dir() / ("models--" + repo_id.replace("/", "--"))


def is_repo_id(name: str) -> bool:
    text = name.strip()
    return bool(REPO_ID.match(text)) and not Path(text).expanduser().exists()


# -- one model's state -------------------------------------------------------------------------


def state_of(name: str) -> ModelState:
    """Whether `name` (a repo id, a folder or a file) is here and whole."""
    text = name.strip()
    path = Path(text).expanduser()
    if path.is_dir():
        return _folder_state(text, path, "folder")
    if path.is_file():
        return _file_state(text, path)
    if not is_repo_id(text):
        return ModelState(text, MISSING, "folder", str(path), problem="no such file or folder")
    return _hub_state(text)


def is_installed(name: str) -> bool:
    return state_of(name).state == INSTALLED


def _hub_state(repo_id: str) -> ModelState:
    folder = repo_folder(repo_id)
    if not folder.is_dir():
        return ModelState(repo_id, MISSING, "hub")
    size = sum(p.stat().st_size for p in (folder / "blobs").glob("*") if p.is_file())
    snapshot = cached_snapshot(repo_id)
    unfinished = any((folder / "blobs").glob("*.incomplete"))
    if snapshot is None:
        return ModelState(repo_id, PARTIAL, "hub", "", size, problem="no files yet")
    state = _folder_state(repo_id, snapshot, "hub", size)
    if unfinished and state.state == INSTALLED:
        return ModelState(**{**asdict(state), "state": PARTIAL, "problem": "a file is unfinished"})
    return state


def cached_snapshot(repo_id: str, revision: str = "main") -> Path | None:
    """The snapshot folder the cache's ref points at, else its newest one."""
    folder = repo_folder(repo_id)
    ref = folder / "refs" / revision
    if ref.is_file():
        snapshot = folder / "snapshots" / ref.read_text(encoding="utf-8").strip()
        if snapshot.is_dir():
            return snapshot
    snapshots = [p for p in (folder / "snapshots").glob("*") if p.is_dir()]
    return max(snapshots, key=lambda p: p.stat().st_mtime) if snapshots else None


def _folder_state(name: str, folder: Path, source: str, size: int = 0) -> ModelState:
    if not size:
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    generators = generators_for(folder)
    try:
        check_model_folder(folder)
    except ModelFilesError as exc:
        return ModelState(name, PARTIAL, source, str(folder), size, generators, str(exc))
    return ModelState(name, INSTALLED, source, str(folder), size, generators)


def _file_state(name: str, path: Path) -> ModelState:
    size = path.stat().st_size
    if path.suffix.lower() != ".safetensors":
        problem = "only .safetensors single files are listed (pickles can run code)"
        return ModelState(name, PARTIAL, "file", str(path), size, (), problem)
    try:
        check_safetensors(path)
    except ModelFilesError as exc:
        return ModelState(name, PARTIAL, "file", str(path), size, ("diffusers.image",), str(exc))
    return ModelState(name, INSTALLED, "file", str(path), size, ("diffusers.image",))


# -- which generator loads a folder -------------------------------------------------------------

_VIDEO_WORDS = ("Video", "Wan", "LTX", "Mochi", "Allegro", "Hunyuan")


def generators_for(folder: Path) -> tuple[str, ...]:
    """The generator ids that load a model folder, from its model_index.json or config.json."""
    try:
        index = json.loads((folder / "model_index.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = None
    if isinstance(index, dict):
        pipeline = str(index.get("_class_name", ""))
        if "Audio" in pipeline:
            return ("audio.stable-audio",)
        if any(word in pipeline for word in _VIDEO_WORDS):
            return ("diffusers.video",)
        return ("diffusers.image",)
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ()
    if not isinstance(config, dict):
        return ()
    names = " ".join(str(a) for a in config.get("architectures") or [])
    kind = str(config.get("model_type", ""))
    if "Musicgen" in names or kind.startswith("musicgen"):
        return ("music.musicgen",)
    if "ForCausalLM" in names:
        return ("text.llm",)
    if kind in ("bert", "mpnet") or "BertModel" in names:
        return ("taste.embeddings",)
    return ()


# -- everything here ------------------------------------------------------------------------------


def cached_repo_ids() -> list[str]:
    """Model repos in the Hugging Face cache (whole or not)."""
    root = hub_cache_dir()
    if not root.is_dir():
        return []
    ids = []
    for folder in sorted(root.glob("models--*")):
        parts = folder.name.split("--")[1:]
        if len(parts) == 2:
            ids.append("/".join(parts))
    return ids


def app_folder_models() -> list[str]:
    """Model folders and .safetensors files put in the app's model folder."""
    root = app_models_dir()
    if not root.is_dir():
        return []
    return [
        str(p)
        for p in sorted(root.iterdir())
        if (p.is_dir() and not p.name.startswith(".")) or p.suffix.lower() == ".safetensors"
    ]


def scan(added: list[str] | None = None) -> list[ModelState]:
    """Every model this machine has, and those the user added, each with its state."""
    from studio.engine.models.added import added_models

    names = [
        *cached_repo_ids(),
        *app_folder_models(),
        *(added_models() if added is None else added),
    ]
    seen: set[str] = set()
    states = []
    for name in names:
        if name not in seen:
            seen.add(name)
            states.append(state_of(name))
    return states


def installed_for(generator_id: str) -> list[ModelState]:
    """Whole models that `generator_id` loads, for a panel's model choice."""
    return [s for s in scan() if s.state == INSTALLED and generator_id in s.generators]
