"""The tiny SD and CLIP builders save folders that load and run like real models."""

import numpy as np
import pytest
import torch
from diffusers import StableDiffusionPipeline
from PIL import Image
from safetensors.torch import load_file
from transformers import CLIPModel, CLIPProcessor

from studio.testing import build_tiny_sd


def test_tiny_sd_makes_a_64px_image_in_4_steps(tiny_sd):
    pipe = StableDiffusionPipeline.from_pretrained(tiny_sd, local_files_only=True)
    pipe.set_progress_bar_config(disable=True)
    steps = []
    result = pipe(
        "a lighthouse at dusk",
        num_inference_steps=4,
        generator=torch.Generator().manual_seed(0),
        callback_on_step_end=lambda p, i, t, kw: steps.append(i) or kw,
    )
    assert result.images[0].size == (64, 64)
    assert steps == [0, 1, 2, 3]
    assert pipe.safety_checker is None


@pytest.mark.slow
def test_tiny_sd_is_deterministic_per_seed(tmp_path):
    def unet_weights(folder):
        return load_file(folder / "unet" / "diffusion_pytorch_model.safetensors")

    first = unet_weights(build_tiny_sd(tmp_path / "a", seed=0))
    again = unet_weights(build_tiny_sd(tmp_path / "b", seed=0))
    other = unet_weights(build_tiny_sd(tmp_path / "c", seed=1))
    key = "conv_in.weight"
    assert all(torch.equal(first[k], again[k]) for k in first)
    assert not torch.equal(first[key], other[key])


def test_building_does_not_reseed_the_callers_rng(tmp_path):
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    build_tiny_sd(tmp_path / "sd")
    assert torch.equal(torch.rand(3), expected)


def test_tiny_clip_embeds_text_and_images(tiny_clip):
    model = CLIPModel.from_pretrained(tiny_clip, local_files_only=True)
    processor = CLIPProcessor.from_pretrained(tiny_clip, local_files_only=True)
    image = Image.fromarray(np.zeros((48, 80, 3), dtype=np.uint8))
    inputs = processor(
        text=["a cat", "a dog on a boat"], images=[image], return_tensors="pt", padding=True
    )
    assert inputs["pixel_values"].shape == (1, 3, 32, 32)
    with torch.no_grad():
        out = model(**inputs)
    assert out.text_embeds.shape == (2, 16)
    assert out.image_embeds.shape == (1, 16)
    assert out.logits_per_image.shape == (1, 2)
