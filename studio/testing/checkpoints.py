"""Tiny single-file checkpoints: an original-layout (LDM) SD `.safetensors` and a pickle `.ckpt`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from studio.testing._setup import go_offline_and_quiet, seeded
from studio.testing.image_models import build_tiny_sd

# Prefixes of the original Stable Diffusion checkpoint layout that diffusers' single-file
# loader recognises; real `.safetensors` downloads use exactly these.
_UNET, _VAE, _CLIP = "model.diffusion_model.", "first_stage_model.", "cond_stage_model.transformer."


def build_tiny_sd_single_file(path: Path, seed: int = 0, config_folder: Path | None = None) -> Path:
    """Write a tiny SD checkpoint in the original single-file layout to `path` and return it.

    Loading it offline needs the pipeline configs:
    `StableDiffusionPipeline.from_single_file(path, config=<config_folder>, local_files_only=True)`.
    `config_folder` defaults to a `<stem>-config` folder beside `path`, holding the tiny
    pipeline built with the same seed; its weights equal the checkpoint's.
    """
    go_offline_and_quiet()
    from diffusers import StableDiffusionPipeline
    from safetensors.torch import save_file

    path = Path(path)
    if config_folder is None:
        config_folder = sd_single_file_config(path)
    build_tiny_sd(config_folder, seed=seed)
    pipe = StableDiffusionPipeline.from_pretrained(config_folder, local_files_only=True)
    state = ldm_state_dict(pipe)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous() for k, v in state.items()}, str(path))
    return path


def sd_single_file_config(path: Path) -> Path:
    """The folder of pipeline configs that `build_tiny_sd_single_file(path)` writes by default."""
    path = Path(path)
    return path.with_name(path.stem + "-config")


def build_pickle_checkpoint(path: Path, seed: int = 0) -> Path:
    """Write a small torch.save (pickle) `.ckpt` to `path`: what loaders must refuse by default."""
    go_offline_and_quiet()
    import torch

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with seeded(seed):
        weights = {_UNET + "input_blocks.0.0.weight": torch.randn(8, 4, 3, 3)}
    torch.save({"state_dict": weights, "global_step": 0}, path)
    return path


def ldm_state_dict(pipe: Any) -> dict[str, Any]:
    """The pipeline's UNet, VAE and CLIP text weights renamed to the original SD layout."""
    unet = {
        _UNET + _ldm_unet_key(k, pipe.unet.config): v for k, v in pipe.unet.state_dict().items()
    }
    vae_config = pipe.vae.config
    vae = {}
    for key, value in pipe.vae.state_dict().items():
        ldm_key = _ldm_vae_key(key, len(vae_config.up_block_types))
        if ".mid.attn_1." in ldm_key and value.ndim == 2:
            value = value[:, :, None, None]  # original VAE attention uses 1x1 convolutions
        vae[_VAE + ldm_key] = value
    clip = {}
    for key, value in pipe.text_encoder.state_dict().items():
        # transformers 5.6+ dropped the `text_model.` level that original checkpoints keep.
        key = key if key.startswith("text_model.") else "text_model." + key
        clip[_CLIP + key] = value
    return {**unet, **vae, **clip}


def _ldm_resnet(rest: str) -> str:
    return (
        rest.replace("norm1", "in_layers.0")
        .replace("conv1", "in_layers.2")
        .replace("norm2", "out_layers.0")
        .replace("conv2", "out_layers.3")
        .replace("time_emb_proj", "emb_layers.1")
        .replace("conv_shortcut", "skip_connection")
    )


def _ldm_unet_key(key: str, config: Any) -> str:
    fixed = {
        "time_embedding.linear_1": "time_embed.0",
        "time_embedding.linear_2": "time_embed.2",
        "conv_in": "input_blocks.0.0",
        "conv_norm_out": "out.0",
        "conv_out": "out.2",
    }
    head, _, leaf = key.rpartition(".")
    if head in fixed:
        return f"{fixed[head]}.{leaf}"
    parts = key.split(".")
    per_down = config.layers_per_block + 1  # resnets plus the downsampler slot
    if parts[0] == "down_blocks":
        block, kind, index, rest = int(parts[1]), parts[2], int(parts[3]), ".".join(parts[4:])
        if kind == "downsamplers":
            return f"input_blocks.{1 + block * per_down + config.layers_per_block}.0.op.{leaf}"
        slot = 1 + block * per_down + index
        if kind == "resnets":
            return f"input_blocks.{slot}.0.{_ldm_resnet(rest)}"
        return f"input_blocks.{slot}.1.{rest}"
    if parts[0] == "mid_block":
        kind, index, rest = parts[1], int(parts[2]), ".".join(parts[3:])
        if kind == "resnets":
            return f"middle_block.{index * 2}.{_ldm_resnet(rest)}"
        return f"middle_block.1.{rest}"
    if parts[0] == "up_blocks":
        block, kind, index, rest = int(parts[1]), parts[2], int(parts[3]), ".".join(parts[4:])
        if kind == "upsamplers":
            # The upsampler shares the block's last slot, after its attention if it has one.
            last = block * per_down + config.layers_per_block
            position = 2 if "CrossAttn" in config.up_block_types[block] else 1
            return f"output_blocks.{last}.{position}.{rest}"
        slot = block * per_down + index
        if kind == "resnets":
            return f"output_blocks.{slot}.0.{_ldm_resnet(rest)}"
        return f"output_blocks.{slot}.1.{rest}"
    raise KeyError(f"no original-layout name for UNet weight {key!r}")


def _ldm_vae_key(key: str, levels: int) -> str:
    key = key.replace("conv_norm_out", "norm_out").replace("conv_shortcut", "nin_shortcut")
    parts = key.split(".")
    if len(parts) > 2 and parts[1] in ("down_blocks", "up_blocks"):
        coder, kind, block = parts[0], parts[1], int(parts[2])
        inner, rest = parts[3], ".".join(parts[5:])
        if kind == "down_blocks":
            if inner == "downsamplers":
                return f"{coder}.down.{block}.downsample.{rest}"
            return f"{coder}.down.{block}.block.{parts[4]}.{rest}"
        # The original decoder numbers its levels from the bottom up.
        level = levels - 1 - block
        if inner == "upsamplers":
            return f"{coder}.up.{level}.upsample.{rest}"
        return f"{coder}.up.{level}.block.{parts[4]}.{rest}"
    if len(parts) > 2 and parts[1] == "mid_block":
        coder, kind, index, rest = parts[0], parts[2], int(parts[3]), ".".join(parts[4:])
        if kind == "resnets":
            return f"{coder}.mid.block_{index + 1}.{rest}"
        rest = (
            rest.replace("group_norm", "norm")
            .replace("to_q", "q")
            .replace("to_k", "k")
            .replace("to_v", "v")
            .replace("to_out.0", "proj_out")
        )
        return f"{coder}.mid.attn_1.{rest}"
    return key
