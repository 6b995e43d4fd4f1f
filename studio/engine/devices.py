"""Which device a lane runs on, how much memory it has, and how many CPU threads torch gets.

torch is imported here only on a worker thread, when a lane starts its first job:
the app's startup never pays for it.
"""

from __future__ import annotations

import importlib.util
import os
import sys

OOM_NAMES = frozenset({"OutOfMemoryError", "MemoryError"})


def detect_device() -> str:
    """ "cuda", "mps" or "cpu"; STORYREEL_DEVICE overrides. Imports torch if installed."""
    forced = os.environ.get("STORYREEL_DEVICE")
    if forced:
        return forced
    if importlib.util.find_spec("torch") is None:
        return "cpu"
    import torch

    if torch.cuda.is_available():
        return "cuda"
    if getattr(torch.backends, "mps", None) and torch.backends.mps.is_available():
        return "mps"
    return "cpu"


def memory_budget(device: str) -> int:
    """Bytes the model cache may fill on `device`: 90% of a GPU, half of system RAM else."""
    if device.startswith("cuda"):
        import torch  # a CUDA lane runs torch models anyway; this is its worker thread

        index = int(device.partition(":")[2] or 0)
        return int(torch.cuda.get_device_properties(index).total_memory * 0.9)
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
    except (ValueError, OSError, AttributeError):
        return 8 << 30


def is_out_of_memory(exc: BaseException) -> bool:
    """torch.cuda.OutOfMemoryError, MemoryError or a subclass, by name: torch need not be loaded."""
    return any(cls.__name__ in OOM_NAMES for cls in type(exc).__mro__)


def release_device_memory(device: str) -> None:
    """Return freed blocks to the driver after an unload (only if torch is already loaded)."""
    torch = sys.modules.get("torch")
    if torch is None:
        return
    import gc

    gc.collect()
    if device.startswith("cuda") and torch.cuda.is_available():
        torch.cuda.empty_cache()
    elif device == "mps" and hasattr(torch, "mps"):
        torch.mps.empty_cache()


def limit_cpu_threads(threads: int | None) -> None:
    """Cap torch's intra-op threads so the GUI thread keeps a core while a CPU job runs."""
    torch = sys.modules.get("torch")
    if torch is None or threads is None:
        return
    if torch.get_num_threads() != threads:
        torch.set_num_threads(threads)


CPU_THREADS_ENV = "STORYREEL_CPU_THREADS"  # a number, or "all" for torch's own default


def default_cpu_threads() -> int | None:
    """torch's threads for a CPU job run beside the editor: every core but one (at least
    one), so the GUI thread always finds a core free (bench/bench_stall.py measured the
    stalls). $STORYREEL_CPU_THREADS overrides it: a number, or "all" (None: torch's own
    default, one thread per core)."""
    forced = os.environ.get(CPU_THREADS_ENV, "").strip().lower()
    if forced == "all":
        return None
    if forced.isdigit() and int(forced) > 0:
        return int(forced)
    return max(1, (os.cpu_count() or 2) - 1)
