"""Where the weights live and how much memory decoding takes: offload, VAE tiling/slicing,
attention slicing, each with an "auto" choice from the free GPU memory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

GiB = 1 << 30


def weight_bytes(pipe: Any) -> dict[str, int]:
    """Bytes of parameters and buffers of each torch module of the pipeline."""
    import torch

    sizes = {}
    for name, component in pipe.components.items():
        if isinstance(component, torch.nn.Module):
            tensors = [*component.parameters(), *component.buffers()]
            sizes[name] = sum(t.numel() * t.element_size() for t in tensors)
    return sizes


def free_device_memory(device: str) -> int | None:
    """Free bytes on a CUDA device; None elsewhere (MPS shares system memory, CPU is RAM)."""
    import torch

    if device.startswith("cuda") and torch.cuda.is_available():
        free, _total = torch.cuda.mem_get_info(torch.device(device))
        return int(free)
    return None


def choose_offload(choice: str, device: str, sizes: dict[str, int]) -> str:
    """ "none", "model" or "sequential" for this device and these weights."""
    if not device.startswith("cuda"):
        return "none"  # offloading moves weights to a GPU: nothing to gain elsewhere
    if choice != "auto":
        return choice
    free = free_device_memory(device)
    if free is None:
        return "none"
    total = sum(sizes.values())
    # Activations of a 1024² SDXL step take about 2 GiB besides the weights.
    if total + 2 * GiB < free:
        return "none"
    if max(sizes.values(), default=0) + 2 * GiB < free:
        return "model"
    return "sequential"


def place(pipe: Any, device: str, offload: str) -> None:
    """Move the pipeline to `device`, or attach offload hooks that move it piece by piece."""
    if offload == "model":
        pipe.enable_model_cpu_offload(device=device)
    elif offload == "sequential":
        pipe.enable_sequential_cpu_offload(device=device)
    else:
        pipe.to(device)


@dataclass(frozen=True)
class DecodeOptions:
    vae_tiling: bool
    vae_slicing: bool
    attention_slicing: bool


def choose_decode_options(params: Any, device: str, width: int, height: int) -> DecodeOptions:
    """Resolve the "auto" choices for one run's size and batch."""
    free = free_device_memory(device)
    tight = free is not None and free < 4 * GiB
    pixels = width * height * params.variations
    large = width * height > 2048 * 2048

    def pick(choice: str, auto: bool) -> bool:
        return auto if choice == "auto" else choice == "on"

    return DecodeOptions(
        # The VAE decoder's activations grow with pixels: ~3 GiB at 2048² in fp16.
        vae_tiling=pick(params.vae_tiling, large or (tight and pixels > 1 << 20)),
        vae_slicing=pick(params.vae_slicing, params.variations > 1 and (tight or pixels > 4 << 20)),
        # SDPA already computes attention in memory-efficient blocks; slicing only slows it.
        attention_slicing=pick(params.attention_slicing, tight and device != "cpu"),
    )


def apply_decode_options(pipe: Any, options: DecodeOptions, current: DecodeOptions | None) -> None:
    """Switch what differs from `current` (None: a freshly loaded pipeline, all off)."""
    current = current or DecodeOptions(False, False, False)
    vae = getattr(pipe, "vae", None)
    if vae is not None and options.vae_tiling != current.vae_tiling:
        _call(vae, "tiling", options.vae_tiling)
    if vae is not None and options.vae_slicing != current.vae_slicing:
        _call(vae, "slicing", options.vae_slicing)
    if options.attention_slicing != current.attention_slicing:
        _call(pipe, "attention_slicing", options.attention_slicing)


def _call(owner: Any, feature: str, on: bool) -> None:
    method = getattr(owner, f"{'enable' if on else 'disable'}_{feature}", None)
    if method is not None:
        method()
