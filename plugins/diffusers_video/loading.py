"""Load a video pipeline by repo id or folder, offline unless allowed, with its memory options."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.plugins.api import model_source

from .params import VideoParams
from .profiles import Profile, profile_of


@dataclass
class Loaded:
    """A loaded model: its pipelines by class name (sharing one set of weights) and profile."""

    key: tuple
    profile: Profile
    device: str
    offload: str
    pipes: dict[str, Any] = field(default_factory=dict)
    active: str = ""  # the pipeline the CPU-offload hooks were last installed for
    memory: int = 0  # bytes of weights

    def pipe(self, class_name: str) -> Any:
        """The pipeline of `class_name`, made from the loaded weights on first use."""
        if class_name not in self.pipes:
            import diffusers

            self.pipes[class_name] = _sibling(getattr(diffusers, class_name), self.pipes)
        pipe = self.pipes[class_name]
        if self.offload != "none" and self.active != class_name:
            # Offload hooks belong to one pipeline; the other one shares the modules, so the
            # hooks are moved over when the job switches (text → continuation).
            _offload(pipe, self.offload, self.device)
        self.active = class_name
        return pipe


def load_key(params: VideoParams, device: str) -> tuple:
    """What a loaded model depends on: a change in any of these means loading again."""
    return (params.model, device, _dtype_name(params.precision, device), params.cpu_offload)


def load(params: VideoParams, device: str) -> Loaded:
    import torch
    from diffusers import DiffusionPipeline

    dtype = getattr(torch, _dtype_name(params.precision, device))
    folder = Path(params.model).expanduser()
    if folder.is_dir():  # name a missing or damaged file now, not as a library error later
        try:
            model_source.check_diffusers_folder(folder)
        except model_source.ModelFilesError as exc:
            raise OSError(str(exc)) from None
    try:
        pipe = DiffusionPipeline.from_pretrained(
            params.model,
            torch_dtype=dtype,
            local_files_only=True,  # downloads happen only in the Models window
            use_safetensors=True,  # pickle checkpoints can run code; refuse them
        )
    except OSError as exc:
        raise OSError(_why_not_loaded(params, exc)) from None
    pipe.set_progress_bar_config(disable=True)
    profile = profile_of(pipe)
    if profile.family == "wan" and dtype != torch.float32:
        pipe.vae.to(torch.float32)  # Wan's model cards keep the VAE in float32: bf16 bands
    if params.cpu_offload == "none":
        pipe.to(device)
    loaded = Loaded(load_key(params, device), profile, device, params.cpu_offload)
    loaded.pipes[type(pipe).__name__] = pipe
    loaded.memory = sum(
        p.numel() * p.element_size()
        for m in pipe.components.values()
        if isinstance(m, torch.nn.Module)
        for p in m.parameters()
    )
    return loaded


def _sibling(cls: type, pipes: dict[str, Any]) -> Any:
    """`cls` built on the weights already loaded. Not `from_pipe`: it casts every module to
    one dtype (float32 unless told), which would undo the float32 VAE beside a bf16 model."""
    first = next(iter(pipes.values()))
    modules, options = cls._get_signature_keys(cls)
    pipe = cls(
        **{name: first.components.get(name) for name in modules},
        **{name: first.config[name] for name in options if name in first.config},
    )
    pipe.set_progress_bar_config(disable=True)
    return pipe


def set_vae_tiling(pipe: Any, on: bool) -> None:
    vae = pipe.vae
    if on and hasattr(vae, "enable_tiling"):
        vae.enable_tiling()
    elif not on and hasattr(vae, "disable_tiling"):
        vae.disable_tiling()


def _dtype_name(precision: str, device: str) -> str:
    if precision != "auto":
        return precision
    # Half precision on the CPU is slow or unsupported for these models' kernels.
    return "bfloat16" if device.startswith(("cuda", "mps")) else "float32"


def _offload(pipe: Any, mode: str, device: str) -> None:
    if mode == "model":
        pipe.enable_model_cpu_offload(device=device)
    else:
        pipe.enable_sequential_cpu_offload(device=device)


def _why_not_loaded(params: VideoParams, exc: OSError) -> str:
    if Path(params.model).expanduser().exists():
        return f"cannot load the model folder {params.model}: {exc}"
    return model_source.not_installed(params.model)
