"""Tiny random-weight video models: Wan 2.1 text-to-video and Wan 2.2 (TI2V) image-to-video."""

from __future__ import annotations

from pathlib import Path

from studio.testing._setup import go_offline_and_quiet, seeded
from studio.testing.tokenizers import tiny_t5_tokenizer


def build_tiny_wan_t2v(folder: Path, seed: int = 0) -> Path:
    """Save a tiny WanPipeline (text to video, 16-channel latents) to `folder` and return it."""
    go_offline_and_quiet()
    from diffusers import AutoencoderKLWan, FlowMatchEulerDiscreteScheduler, WanPipeline

    tokenizer = tiny_t5_tokenizer(model_max_length=512)
    with seeded(seed):
        vae = AutoencoderKLWan(
            base_dim=3,
            z_dim=16,
            dim_mult=[1, 1, 1, 1],
            num_res_blocks=1,
            temperal_downsample=[False, True, True],
        )
        text_encoder = _tiny_umt5(len(tokenizer))
        transformer = _tiny_wan_transformer(in_channels=16, out_channels=16)
    pipe = WanPipeline(
        tokenizer=tokenizer,
        text_encoder=text_encoder,
        vae=vae,
        scheduler=FlowMatchEulerDiscreteScheduler(shift=7.0),
        transformer=transformer,
    )
    pipe.save_pretrained(folder)
    return Path(folder)


def build_tiny_wan_i2v(folder: Path, seed: int = 0) -> Path:
    """Save a tiny WanImageToVideoPipeline in the Wan 2.2 TI2V layout to `folder` and return it.

    TI2V has no image encoder: the first frame is encoded by the 48-channel VAE and held fixed
    through `expand_timesteps`. The pipeline needs `ftfy` installed to run.
    """
    go_offline_and_quiet()
    from diffusers import AutoencoderKLWan, FlowMatchEulerDiscreteScheduler, WanImageToVideoPipeline

    tokenizer = tiny_t5_tokenizer(model_max_length=512)
    with seeded(seed):
        vae = AutoencoderKLWan(
            base_dim=3,
            z_dim=48,
            in_channels=12,
            out_channels=12,
            is_residual=True,
            patch_size=2,
            latents_mean=[0.0] * 48,
            latents_std=[1.0] * 48,
            dim_mult=[1, 1, 1, 1],
            num_res_blocks=1,
            scale_factor_spatial=16,
            scale_factor_temporal=4,
            temperal_downsample=[False, True, True],
        )
        text_encoder = _tiny_umt5(len(tokenizer))
        transformer = _tiny_wan_transformer(in_channels=48, out_channels=48)
    pipe = WanImageToVideoPipeline(
        tokenizer=tokenizer,
        text_encoder=text_encoder,
        vae=vae,
        scheduler=FlowMatchEulerDiscreteScheduler(shift=5.0),
        transformer=transformer,
        expand_timesteps=True,
    )
    pipe.save_pretrained(folder)
    return Path(folder)


def _tiny_umt5(vocab_size: int):
    from transformers import UMT5Config, UMT5EncoderModel

    config = UMT5Config(
        vocab_size=vocab_size,
        d_model=32,  # must equal the transformer's text_dim
        d_kv=8,
        d_ff=32,
        num_layers=2,
        num_heads=4,
        relative_attention_num_buckets=8,
        pad_token_id=0,
        eos_token_id=1,
    )
    return UMT5EncoderModel(config)


def _tiny_wan_transformer(in_channels: int, out_channels: int):
    from diffusers import WanTransformer3DModel

    return WanTransformer3DModel(
        patch_size=(1, 2, 2),
        num_attention_heads=2,
        attention_head_dim=12,
        in_channels=in_channels,
        out_channels=out_channels,
        text_dim=32,
        freq_dim=256,
        ffn_dim=32,
        num_layers=2,
        cross_attn_norm=True,
        qk_norm="rms_norm_across_heads",
        rope_max_seq_len=32,
    )
