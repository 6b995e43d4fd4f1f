"""Tiny random-weight image models: a Stable Diffusion pipeline and a CLIP embedding model."""

from __future__ import annotations

from pathlib import Path

from studio.testing._setup import go_offline_and_quiet, seeded
from studio.testing.tokenizers import tiny_clip_tokenizer

CLIP_VOCAB_SIZE = 514  # tiny_clip_tokenizer: 256 bytes, 256 `</w>` forms, start, end
CLIP_BOS, CLIP_EOS = 512, 513


def build_tiny_sd(folder: Path, seed: int = 0) -> Path:
    """Save a tiny StableDiffusionPipeline (default size 64x64) to `folder` and return it."""
    go_offline_and_quiet()
    from diffusers import (
        AutoencoderKL,
        DDIMScheduler,
        StableDiffusionPipeline,
        UNet2DConditionModel,
    )
    from transformers import CLIPTextConfig, CLIPTextModel

    with seeded(seed):
        unet = UNet2DConditionModel(
            sample_size=8,  # latent size; times the VAE's 8 gives the 64x64 default
            block_out_channels=(8, 16),
            layers_per_block=1,
            down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
            up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"),
            cross_attention_dim=16,
            attention_head_dim=4,
            norm_num_groups=4,
        )
        # Four levels so latents are 1/8 of the image, as in real SD: fewer tokens to attend.
        vae = AutoencoderKL(
            block_out_channels=(8, 8, 16, 16),
            down_block_types=("DownEncoderBlock2D",) * 4,
            up_block_types=("UpDecoderBlock2D",) * 4,
            latent_channels=4,
            norm_num_groups=4,
            sample_size=64,
        )
        text_encoder = CLIPTextModel(_tiny_clip_text_config(CLIPTextConfig))
    scheduler = DDIMScheduler(
        beta_start=0.00085,
        beta_end=0.012,
        beta_schedule="scaled_linear",
        clip_sample=False,
        set_alpha_to_one=False,
        steps_offset=1,  # avoids DDIM's deprecation warning on load
    )
    pipe = StableDiffusionPipeline(
        unet=unet,
        vae=vae,
        text_encoder=text_encoder,
        tokenizer=tiny_clip_tokenizer(),
        scheduler=scheduler,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    pipe.save_pretrained(folder)
    return Path(folder)


def build_tiny_clip(folder: Path, seed: int = 0) -> Path:
    """Save a tiny CLIPModel (32x32 images) and its CLIPProcessor to `folder` and return it."""
    go_offline_and_quiet()
    from transformers import (
        CLIPConfig,
        CLIPImageProcessor,
        CLIPModel,
        CLIPProcessor,
        CLIPTextConfig,
        CLIPVisionConfig,
    )

    text_config = _tiny_clip_text_config(CLIPTextConfig)
    vision_config = _tiny_clip_vision_config(CLIPVisionConfig)
    config = CLIPConfig(
        text_config=text_config.to_dict(),
        vision_config=vision_config.to_dict(),
        projection_dim=16,
    )
    with seeded(seed):
        model = CLIPModel(config)
    image_processor = CLIPImageProcessor(
        size={"shortest_edge": 32}, crop_size={"height": 32, "width": 32}
    )
    processor = CLIPProcessor(image_processor=image_processor, tokenizer=tiny_clip_tokenizer())
    model.save_pretrained(folder)
    processor.save_pretrained(folder)
    return Path(folder)


def _tiny_clip_text_config(config_class):
    return config_class(
        vocab_size=CLIP_VOCAB_SIZE,
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        max_position_embeddings=77,
        projection_dim=16,
        bos_token_id=CLIP_BOS,
        # The pooled output is read at the eos position; it must be the tokenizer's eos.
        eos_token_id=CLIP_EOS,
        pad_token_id=CLIP_EOS,
    )


def _tiny_clip_vision_config(config_class, **extra):
    return config_class(
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        image_size=32,
        patch_size=8,
        **extra,
    )


IP_ADAPTER_FILE = "ip-adapter.safetensors"


def build_tiny_ip_adapter(folder: Path, sd_folder: Path, seed: int = 0) -> Path:
    """Save a tiny IP-Adapter for the tiny SD at `sd_folder` into `folder`, with its image
    encoder in `folder/image_encoder`, laid out as `load_ip_adapter(folder, subfolder="",
    weight_name=IP_ADAPTER_FILE)` reads it. Returns the weight file."""
    go_offline_and_quiet()
    import torch
    from diffusers import UNet2DConditionModel
    from safetensors.torch import save_file
    from transformers import CLIPVisionConfig, CLIPVisionModelWithProjection

    unet = UNet2DConditionModel.from_pretrained(Path(sd_folder) / "unet")
    cross = unet.config.cross_attention_dim
    channels = list(unet.config.block_out_channels)
    embed_dim = 16
    folder = Path(folder)
    with seeded(seed):
        encoder = CLIPVisionModelWithProjection(
            _tiny_clip_vision_config(CLIPVisionConfig, projection_dim=embed_dim)
        )
        # The plain IP-Adapter: four image tokens projected from the encoder's image embeds,
        # then key and value projections for each cross-attention layer (ids 1, 3, 5, ... in
        # the UNet's processor order, as diffusers numbers them).
        weights = {
            "image_proj.proj.weight": torch.randn(4 * cross, embed_dim) * 0.2,
            "image_proj.proj.bias": torch.zeros(4 * cross),
            "image_proj.norm.weight": torch.ones(cross),
            "image_proj.norm.bias": torch.zeros(cross),
        }
        key_id = 1
        for name in unet.attn_processors:
            if name.endswith("attn1.processor"):
                continue
            hidden = _hidden_size(name, channels)
            for which in ("to_k_ip", "to_v_ip"):
                weights[f"ip_adapter.{key_id}.{which}.weight"] = torch.randn(hidden, cross) * 0.2
            key_id += 2
    encoder.save_pretrained(folder / "image_encoder")
    save_file({k: v.contiguous() for k, v in weights.items()}, folder / IP_ADAPTER_FILE)
    return folder / IP_ADAPTER_FILE


def _hidden_size(processor: str, channels: list[int]) -> int:
    if processor.startswith("mid_block"):
        return channels[-1]
    if processor.startswith("up_blocks"):
        return list(reversed(channels))[int(processor[len("up_blocks.")])]
    return channels[int(processor[len("down_blocks.")])]
