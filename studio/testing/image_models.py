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
    vision_config = CLIPVisionConfig(
        hidden_size=16,
        intermediate_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        image_size=32,
        patch_size=8,
    )
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
