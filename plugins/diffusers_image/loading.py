"""Load a diffusers pipeline from a checked source, in the chosen dtype, without surprise downloads.

torch and diffusers are imported inside these functions: this module is imported at discovery.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .sources import ModelSource, ModelSourceError, not_cached_message


def choose_dtype(device: str, wanted: str, class_name: str = "") -> Any:
    """float32 on the CPU; on a GPU fp16, or bf16 for DiT models trained in it."""
    import torch

    if wanted != "auto":
        return getattr(torch, wanted)
    kind = device.split(":")[0]
    if kind == "cuda":
        # Transformer-based pipelines (SD3, Flux, Sana, ...) overflow in fp16; UNet ones don't,
        # and fp16 runs on every CUDA card.
        dit = _dit_pipeline(class_name)
        return torch.bfloat16 if dit and torch.cuda.is_bf16_supported() else torch.float16
    if kind == "mps":
        return torch.float16
    return torch.float32


def _dit_pipeline(class_name: str) -> bool:
    return any(name in class_name for name in ("StableDiffusion3", "Flux", "Sana", "PixArt"))


def dtype_argument(dtype: Any) -> dict[str, Any]:
    """`dtype=` where diffusers takes it (it deprecated `torch_dtype`), else `torch_dtype=`."""
    from diffusers.utils import deprecation_utils

    return {"dtype" if hasattr(deprecation_utils, "_resolve_dtype") else "torch_dtype": dtype}


def pipeline_class_name(source: ModelSource, config: str | None = None) -> str:
    """The pipeline class a folder (or a single file's config folder) declares, or ""."""
    folder = Path(config) if config else Path(source.location)
    index = folder / "model_index.json"
    if index.is_file():
        return str(json.loads(index.read_text(encoding="utf-8")).get("_class_name", ""))
    return ""


def load_pipeline(
    source: ModelSource, *, device: str, dtype_choice: str, allow_pickle: bool, config: str = ""
) -> Any:
    """The pipeline on the CPU in its final dtype (the caller moves or offloads it)."""
    from huggingface_hub.errors import LocalEntryNotFoundError

    try:
        if source.is_single_file:
            return _load_single_file(source, device, dtype_choice, config)
        return _load_pretrained(source, device, dtype_choice, allow_pickle)
    except LocalEntryNotFoundError:
        raise ModelSourceError(not_cached_message(source)) from None
    except OSError as exc:
        raise ModelSourceError(_explain_os_error(source, exc, allow_pickle)) from None


def _load_pretrained(source: ModelSource, device: str, dtype_choice: str, allow_pickle: bool):
    from diffusers import DiffusionPipeline

    class_name = pipeline_class_name(source)
    if not class_name and source.kind == "repo":
        config = DiffusionPipeline.load_config(
            source.location, local_files_only=source.local_files_only
        )
        class_name = config.get("_class_name", "")
    return DiffusionPipeline.from_pretrained(
        source.location,
        **dtype_argument(choose_dtype(device, dtype_choice, class_name)),
        local_files_only=source.local_files_only,
        # Only safetensors unless pickles are allowed: a folder of .bin weights is refused.
        use_safetensors=None if allow_pickle else True,
    )


def _load_single_file(source: ModelSource, device: str, dtype_choice: str, config: str):
    import diffusers

    if not config:
        config = _config_for_checkpoint(source)
    class_name = pipeline_class_name(source, config) or "StableDiffusionPipeline"
    cls = getattr(diffusers, class_name, None)
    if cls is None or not hasattr(cls, "from_single_file"):
        raise ModelSourceError(f"{class_name} cannot be loaded from a single file")
    return cls.from_single_file(
        source.location,
        config=config,
        **dtype_argument(choose_dtype(device, dtype_choice, class_name)),
        local_files_only=source.local_files_only,
    )


def _config_for_checkpoint(source: ModelSource) -> str:
    """The base model whose configs fit this checkpoint, as a local folder when cached.

    diffusers falls back to downloading these configs when they are not cached, even with
    local_files_only; we look first, so nothing is fetched unless downloads are allowed.
    """
    from diffusers.loaders.single_file_utils import (
        fetch_diffusers_config,
        load_single_file_checkpoint,
    )
    from huggingface_hub import snapshot_download

    checkpoint = load_single_file_checkpoint(source.location, local_files_only=True)
    repo = fetch_diffusers_config(checkpoint)["pretrained_model_name_or_path"]
    del checkpoint
    if not source.local_files_only:
        return repo
    try:
        return snapshot_download(repo, local_files_only=True)
    except Exception:
        raise ModelSourceError(
            f"{Path(source.location).name} needs the configs of {repo}, which are not cached; "
            "set single_file_config to a local folder, or allow downloads"
        ) from None


def _explain_os_error(source: ModelSource, exc: OSError, allow_pickle: bool) -> str:
    text = str(exc)
    if "safetensors" in text and not allow_pickle:
        return (
            f"{source.location} has no .safetensors weights (only pickle files, which can run "
            "code when loaded); set allow_pickle if you trust it"
        )
    if source.kind == "repo" and source.local_files_only:
        return not_cached_message(source)
    return f"cannot load {source.location}: {text.splitlines()[0] if text else type(exc).__name__}"
