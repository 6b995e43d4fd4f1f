"""The recommendations and what the welcome suggests for a card."""

from __future__ import annotations

import os
import subprocess
import sys

from studio.engine.models import catalog
from studio.engine.models.machine import Machine, detect

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


WELCOME_CHILD = """
import sys
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest
from studio.ui.models.qt_welcome import WelcomeDialog
app = QApplication([])
dialog = WelcomeDialog()
for _ in range(600):
    if dialog.machine is not None:
        break
    QTest.qWait(50)
print(dialog.machine.torch_version, "torch" in sys.modules)
"""


def test_the_welcome_detects_the_gpu_without_loading_torch_in_the_editor():
    """Importing torch on a thread of the editor held the GIL for a quarter of a second at
    a stretch, and the window stopped answering: the welcome asks a child process."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", WELCOME_CHILD], capture_output=True, text=True, env=env, timeout=120
    )
    version, torch_loaded = out.stdout.split()
    assert version == detect().torch_version  # the child's answer reached the dialog
    assert torch_loaded == "False"
