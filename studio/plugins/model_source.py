"""Where a generator's weights come from (plugin API 1.1): a local folder or the local
Hugging Face cache, and the network only when the user allowed it and HF_HUB_OFFLINE is off.

Plugins reach these through `studio.plugins.api.model_source`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path


def hub_offline() -> bool:
    """True when HF_HUB_OFFLINE asks for no network at all; it always wins over a setting."""
    return os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in {"1", "true", "yes", "on"}


# The per-generation `allow_download` parameter is retired: downloads happen only in the
# Models window or `storyreel models download`. Saved settings and takes still carry it.
RETIRED_PARAMS = ("allow_download",)


def without_retired(data):
    """A Params model's input without retired parameters (use as a `mode="before"` validator),
    so settings and takes saved before they went still load."""
    if isinstance(data, dict) and any(name in data for name in RETIRED_PARAMS):
        return {k: v for k, v in data.items() if k not in RETIRED_PARAMS}
    return data


def not_installed(model: str) -> str:
    """Why a repo id cannot be loaded: it is not downloaded, and how to download it."""
    return (
        f"{model} is not installed: download it in the Models window (Generate > Models…) "
        f"or with `storyreel models download {model}`"
    )


def local_source(model: str, allow_download: bool = False) -> tuple[str, bool]:
    """Where to load `model` (a folder, or a repo id) from, and whether only local files
    may be used; a path that names no folder is refused with a one-line reason."""
    path = Path(model).expanduser()
    if path.is_dir():
        return str(path), True
    if path.is_absolute() or model.startswith((".", "~")):
        raise ValueError(f"model not found: {path} (no such folder)")
    return model, hub_offline() or not allow_download


def why_not_loaded(model: str, local_only: bool, exc: OSError) -> str:
    """A loading error in one line, saying when the cause is that the model is not here."""
    if local_only and not Path(model).expanduser().is_dir():
        return not_installed(model)
    return f"could not load {model}: {' '.join(str(exc).split())}"


# -- checking a model's files before torch reads them ---------------------------------------
# A missing or truncated file deep in a folder otherwise surfaces as a library error about
# something else ("only pickle files", "int too big to convert"). These checks read only
# JSON and safetensors headers, so they cost milliseconds and name the file at fault.

_MAX_HEADER = 100 * 2**20  # safetensors caps its JSON header at 100 MB
_WEIGHT_NAMES = ("diffusion_pytorch_model", "model")
_TOKENIZER_FILES = (
    "tokenizer.json",
    "vocab.json",
    "spiece.model",
    "tokenizer.model",
    "sentencepiece.bpe.model",
    "vocab.txt",
)


class ModelFilesError(ValueError):
    """A model whose files are missing or damaged; the message names the file."""


def check_safetensors(path: str | os.PathLike, shown: str | None = None) -> None:
    """Raise ModelFilesError unless `path` is a whole safetensors file (header and data)."""
    path = Path(path)
    shown = shown or str(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as file:
            head = file.read(8)
            if len(head) < 8:
                raise ModelFilesError(f"{shown} is damaged: too short for a safetensors file")
            length = int.from_bytes(head, "little")
            if length > min(_MAX_HEADER, size - 8):
                raise ModelFilesError(
                    f"{shown} is damaged or truncated: its header claims {length:,} bytes "
                    f"but the file has {size:,}"
                )
            header = json.loads(file.read(length))
    except FileNotFoundError:
        raise ModelFilesError(f"{shown} is missing") from None
    except OSError as exc:
        raise ModelFilesError(f"cannot read {shown}: {exc.strerror or exc}") from None
    except (ValueError, UnicodeDecodeError):
        raise ModelFilesError(f"{shown} is damaged: its header is not valid JSON") from None
    if not isinstance(header, dict):
        raise ModelFilesError(f"{shown} is damaged: its header is not a table of tensors")
    ends = []
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        offsets = entry.get("data_offsets") if isinstance(entry, dict) else None
        if (
            not isinstance(offsets, list)
            or len(offsets) != 2
            or not all(isinstance(o, int) and o >= 0 for o in offsets)
        ):
            raise ModelFilesError(f"{shown} is damaged: tensor {name!r} has no valid place")
        ends.append(offsets[1])
    needed = 8 + length + max(ends, default=0)
    if size < needed:
        raise ModelFilesError(
            f"{shown} is truncated: {size:,} bytes of the {needed:,} its header describes"
        )


def read_json_file(path: Path, shown: str) -> dict:
    """A JSON object from a model's config file, or ModelFilesError naming the file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFilesError(f"{shown} is missing") from None
    except json.JSONDecodeError as exc:
        raise ModelFilesError(
            f"{shown} is damaged: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelFilesError(f"cannot read {shown}: {exc}") from None
    if not isinstance(data, dict):
        raise ModelFilesError(f"{shown} is damaged: it is not a JSON object")
    return data


def check_diffusers_folder(folder: str | os.PathLike, allow_pickle: bool = False) -> None:
    """Check a diffusers pipeline folder: model_index.json, and each component it lists
    (its config, its tokenizer files, its weights whole). ModelFilesError names what is
    missing or damaged, relative to the folder."""
    folder = Path(folder)
    index = read_json_file(folder / "model_index.json", f"{folder}/model_index.json")
    for name, spec in index.items():
        if name.startswith("_") or not isinstance(spec, list) or len(spec) != 2:
            continue
        library, class_name = spec
        if library not in ("diffusers", "transformers") or not isinstance(class_name, str):
            continue  # unused ([null, null]) or a custom component diffusers checks itself
        _check_component(folder, name, class_name, allow_pickle)


def _check_component(folder: Path, name: str, class_name: str, allow_pickle: bool) -> None:
    part = folder / name
    shown = f"{folder}/{name}"
    if not part.is_dir():
        raise ModelFilesError(f"{shown}/ is missing (model_index.json lists {class_name})")
    if "Tokenizer" in class_name:
        _check_tokenizer(part, shown)
    elif "Scheduler" in class_name:
        read_json_file(part / "scheduler_config.json", f"{shown}/scheduler_config.json")
    elif "Processor" in class_name or "FeatureExtractor" in class_name:
        read_json_file(part / "preprocessor_config.json", f"{shown}/preprocessor_config.json")
    else:
        read_json_file(part / "config.json", f"{shown}/config.json")
        _check_weights(part, shown, allow_pickle)


# Tokenizers of characters (VITS / MMS-TTS): vocab.json is the whole tokenizer, no merges.
_CHARACTER_TOKENIZERS = frozenset({"VitsTokenizer", "Wav2Vec2CTCTokenizer"})


def _check_tokenizer(part: Path, shown: str, tokenizer_class: str = "") -> None:
    present = [f for f in _TOKENIZER_FILES if (part / f).is_file()]
    if not present:
        raise ModelFilesError(
            f"{shown}/ has no tokenizer files (tokenizer.json, or vocab.json and merges.txt)"
        )
    merges_needed = tokenizer_class not in _CHARACTER_TOKENIZERS
    if present == ["vocab.json"] and merges_needed and not (part / "merges.txt").is_file():
        raise ModelFilesError(f"{shown}/merges.txt is missing (the tokenizer needs it)")
    if "tokenizer.json" in present:
        read_json_file(part / "tokenizer.json", f"{shown}/tokenizer.json")


def _check_weights(part: Path, shown: str, allow_pickle: bool) -> None:
    shards = sorted(part.glob("*.safetensors.index.json"))
    for index in shards:
        data = read_json_file(index, f"{shown}/{index.name}")
        files = sorted(set((data.get("weight_map") or {}).values()))
        for file in files:
            if isinstance(file, str) and Path(file).name == file:
                check_safetensors(part / file, f"{shown}/{file}")
    if shards:
        return
    weights = sorted(part.glob("*.safetensors"))
    for file in weights:
        check_safetensors(file, f"{shown}/{file.name}")
    if weights:
        return
    pickles = [p for p in part.iterdir() if p.suffix in (".bin", ".pt", ".pth", ".ckpt")]
    if pickles and allow_pickle:
        return
    # diffusers names its weights diffusion_pytorch_model, transformers names them model.
    diffusers = "_class_name" in read_json_file(part / "config.json", f"{shown}/config.json")
    expected = _WEIGHT_NAMES[0] if diffusers else _WEIGHT_NAMES[1]
    if pickles:
        raise ModelFilesError(
            f"{shown}/ has only pickle weights ({pickles[0].name}), which can run code when "
            "loaded; convert them to .safetensors, or set allow_pickle if you trust them"
        )
    raise ModelFilesError(f"{shown}/ has no weights ({expected}.safetensors is missing)")


def check_model_folder(folder: str | os.PathLike) -> None:
    """Check a local model folder of either kind: a diffusers pipeline (model_index.json)
    or a transformers model (config.json, whole weights, and its tokenizer files if it
    declares a tokenizer). ModelFilesError names what is missing or damaged."""
    folder = Path(folder)
    if (folder / "model_index.json").is_file():
        check_diffusers_folder(folder)
        return
    shown = str(folder)
    read_json_file(folder / "config.json", f"{shown}/config.json")
    if (folder / "tokenizer_config.json").is_file():
        tokenizer = read_json_file(
            folder / "tokenizer_config.json", f"{shown}/tokenizer_config.json"
        )
        _check_tokenizer(folder, shown, str(tokenizer.get("tokenizer_class", "")))
    _check_weights(folder, shown, allow_pickle=False)
