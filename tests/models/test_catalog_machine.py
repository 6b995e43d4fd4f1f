"""The recommendations and what the welcome suggests for a card."""

from __future__ import annotations

from studio.engine.models import catalog
from studio.engine.models.machine import Machine

GB = 2**30


def test_every_panel_has_recommendations_with_what_a_user_needs_to_choose():
    for panel in catalog.PANELS:
        models = catalog.recommended(panel)
        assert models, panel
        for m in models:
            assert m.download_bytes > 0 and m.licence and "/" in m.repo_id
    assert {m.generator for m in catalog.recommended("video")} == {"diffusers.video"}
    image = [m.repo_id for m in catalog.recommended("image")]
    assert (
        "stable-diffusion-v1-5/stable-diffusion-v1-5" in image and "stabilityai/sd-turbo" in image
    )


def test_suggestions_fit_the_card():
    small = Machine("cuda", "RTX 3060", 12 * GB).suggestions()
    big = Machine("cuda", "RTX 4090", 24 * GB).suggestions()
    cpu = Machine("none").suggestions()
    for pick in (small, big, cpu):
        assert set(pick) == set(catalog.PANELS)
    assert all(m.gpu_memory_bytes <= 12 * GB for m in small.values())
    assert small["video"].repo_id == "Wan-AI/Wan2.1-T2V-1.3B-Diffusers"
    assert cpu["text"].repo_id == "Qwen/Qwen2.5-0.5B-Instruct"
    assert cpu["image"].gpu_memory_bytes == min(
        m.gpu_memory_bytes for m in catalog.recommended("image")
    )


def test_a_card_torch_cannot_use_gets_the_cuda_torch_advice():
    machine = Machine(
        "none", torch_version="2.13.0+cpu", unused_nvidia_gpu="RTX 3060 with 12288 MiB"
    )
    advice = machine.torch_advice()
    assert "RTX 3060" in advice and "download.pytorch.org/whl/cu" in advice
    assert "`make` keeps it" in advice
    assert Machine("cuda", "RTX", 8 * GB).torch_advice() == ""
