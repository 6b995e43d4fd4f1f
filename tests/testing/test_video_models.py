"""The tiny Wan builders load and make 9-frame 64x64 clips."""

import numpy as np
import torch
from diffusers import WanImageToVideoPipeline, WanPipeline
from PIL import Image


def test_tiny_wan_t2v_makes_nine_frames(tiny_wan_t2v):
    pipe = WanPipeline.from_pretrained(tiny_wan_t2v, local_files_only=True)
    pipe.set_progress_bar_config(disable=True)
    steps = []
    frames = pipe(
        "a rider crosses the dunes",
        num_frames=9,
        height=64,
        width=64,
        num_inference_steps=4,
        generator=torch.Generator().manual_seed(0),
        output_type="np",
        callback_on_step_end=lambda p, i, t, kw: steps.append(i) or kw,
    ).frames
    assert frames.shape == (1, 9, 64, 64, 3)
    assert steps == [0, 1, 2, 3]


def test_tiny_wan_i2v_animates_an_image(tiny_wan_i2v):
    pipe = WanImageToVideoPipeline.from_pretrained(tiny_wan_i2v, local_files_only=True)
    pipe.set_progress_bar_config(disable=True)
    assert pipe.config.expand_timesteps is True
    image = Image.fromarray(np.full((64, 64, 3), 200, dtype=np.uint8))
    frames = pipe(
        image=image,
        prompt="the lamp flickers",
        num_frames=9,
        height=64,
        width=64,
        num_inference_steps=2,
        generator=torch.Generator().manual_seed(0),
        output_type="np",
    ).frames
    assert frames.shape == (1, 9, 64, 64, 3)
