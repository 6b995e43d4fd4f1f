"""The single-file SD checkpoint loads offline via from_single_file; the pickle is a pickle."""

import pickle
import zipfile

import numpy as np
import pytest
import torch
from diffusers import StableDiffusionPipeline
from safetensors import SafetensorError, safe_open

from studio.testing import sd_single_file_config


def test_single_file_loads_offline_with_local_configs(tiny_sd_single_file):
    config = sd_single_file_config(tiny_sd_single_file)
    pipe = StableDiffusionPipeline.from_single_file(
        str(tiny_sd_single_file), config=str(config), local_files_only=True
    )
    reference = StableDiffusionPipeline.from_pretrained(config, local_files_only=True)
    for name in ("unet", "vae", "text_encoder"):
        loaded, expected = getattr(pipe, name).state_dict(), getattr(reference, name).state_dict()
        assert loaded.keys() == expected.keys()
        assert all(torch.equal(loaded[k], expected[k]) for k in expected), name

    images = []
    for p in (pipe, reference):
        p.set_progress_bar_config(disable=True)
        out = p("x", num_inference_steps=2, generator=torch.Generator().manual_seed(0))
        images.append(np.asarray(out.images[0]))
    assert images[0].shape == (64, 64, 3)
    assert np.array_equal(images[0], images[1])


def test_single_file_uses_the_original_layout(tiny_sd_single_file):
    with safe_open(str(tiny_sd_single_file), "pt") as f:
        keys = set(f.keys())
    assert "cond_stage_model.transformer.text_model.embeddings.position_embedding.weight" in keys
    assert "model.diffusion_model.input_blocks.0.0.weight" in keys
    assert "first_stage_model.decoder.mid.attn_1.q.weight" in keys
    assert not any(k.startswith(("unet.", "down_blocks.")) for k in keys)


def test_pickle_checkpoint_is_a_torch_pickle_not_safetensors(tiny_pickle_checkpoint):
    assert tiny_pickle_checkpoint.suffix == ".ckpt"
    assert zipfile.is_zipfile(tiny_pickle_checkpoint)  # torch.save's zip-of-pickles
    with zipfile.ZipFile(tiny_pickle_checkpoint) as archive:
        assert any(name.endswith("data.pkl") for name in archive.namelist())
    with pytest.raises((SafetensorError, OSError, pickle.UnpicklingError, ValueError)):
        safe_open(str(tiny_pickle_checkpoint), "pt")
    loaded = torch.load(tiny_pickle_checkpoint, weights_only=True)
    assert "state_dict" in loaded
