"""What this machine can run: its GPU (CUDA, MPS or none) and memory, the torch build, and
a card torch cannot use because it is the CPU build. Imports torch: the editor asks a
child process (`detect_in_child`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import asdict, dataclass

from studio.engine.models import catalog

CUDA_TORCH_HINT = (
    ".venv/bin/pip install --force-reinstall torch==2.13.0 "
    "--index-url https://download.pytorch.org/whl/cu128"
)


@dataclass(frozen=True)
class Machine:
    accelerator: str  # "cuda", "mps" or "none"
    gpu_name: str = ""
    gpu_memory_bytes: int = 0
    torch_version: str = ""  # "" when torch is not installed
    unused_nvidia_gpu: str = ""  # an NVIDIA card nvidia-smi sees but this torch cannot use

    def summary(self) -> str:
        if self.accelerator == "cuda":
            return f"{self.gpu_name} (CUDA, {self.gpu_memory_bytes / 2**30:.0f} GB)"
        if self.accelerator == "mps":
            return f"Apple GPU (MPS, shares {self.gpu_memory_bytes / 2**30:.0f} GB of memory)"
        return "no GPU that torch can use: models run on the CPU (slowly)"

    def torch_advice(self) -> str:
        """How to get the CUDA torch into .venv, when a card is here and torch ignores it."""
        if not self.unused_nvidia_gpu:
            return ""
        return (
            f"{self.unused_nvidia_gpu} is here but torch {self.torch_version} is a CPU build. "
            f"Install the CUDA build with `{CUDA_TORCH_HINT}`; `make` keeps it."
        )

    def suggestions(self) -> dict[str, catalog.Recommended]:
        """One model per panel that fits this machine (the smallest where there is no GPU)."""
        budget = self.gpu_memory_bytes if self.accelerator != "none" else 0
        found = {panel: catalog.suggest(panel, budget) for panel in catalog.PANELS}
        return {panel: r for panel, r in found.items() if r is not None}


def detect() -> Machine:
    """The machine, by asking torch (and nvidia-smi when torch sees no CUDA device)."""
    try:
        import torch
    except ImportError:
        return Machine("none", unused_nvidia_gpu=_nvidia_smi_gpu())
    version = str(torch.__version__)
    if torch.cuda.is_available():
        props = torch.cuda.get_device_properties(0)
        return Machine("cuda", props.name, int(props.total_memory), version)
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return Machine("mps", "Apple GPU", _system_memory(), version)
    return Machine("none", torch_version=version, unused_nvidia_gpu=_nvidia_smi_gpu())


def _nvidia_smi_gpu() -> str:
    tool = shutil.which("nvidia-smi")
    if tool is None:
        return ""
    try:
        out = subprocess.run(
            [tool, "--query-gpu=name,memory.total", "--format=csv,noheader"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ""
    first = out.strip().splitlines()[0] if out.strip() else ""
    return first.replace(", ", " with ", 1) if first else ""


def _system_memory() -> int:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return 0


def detect_in_child(timeout_s: float = 120.0) -> Machine:
    """`detect()` in a child process, for the editor: importing torch on a thread of the
    editor's process held the GIL for a quarter of a second at a stretch (its shared
    libraries load under it), and the window stopped answering. Waiting on a child does not
    hold it. A child that fails or hangs is "no GPU known", never raised."""
    command = [sys.executable, "-c", f"import {__name__} as m; m.print_detected()"]
    try:
        out = subprocess.run(
            command, capture_output=True, text=True, timeout=timeout_s, check=True
        ).stdout
        return Machine(**json.loads(out.strip().splitlines()[-1]))
    except (OSError, subprocess.SubprocessError, ValueError, TypeError, IndexError):
        return Machine("none")


def print_detected() -> None:
    """(in the child) The detected machine as one line of JSON on stdout."""
    print(json.dumps(asdict(detect())), flush=True)
