"""Shared set-up for the tiny-model builders: offline hub, quiet logs, a private seeded RNG."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator


def go_offline_and_quiet() -> None:
    """Forbid hub access and silence progress bars before any model library is used."""
    # Set before transformers/diffusers read them; builders must never reach a hub.
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_NO_ADVISORY_WARNINGS", "1")
    import huggingface_hub.constants

    # The hub reads the variable once, at import; if it was imported before us, tell it directly.
    huggingface_hub.constants.HF_HUB_OFFLINE = True
    import diffusers.utils.logging as diffusers_logging
    import transformers.utils.logging as transformers_logging

    diffusers_logging.disable_progress_bar()
    diffusers_logging.set_verbosity_error()
    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()


@contextlib.contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Seed torch for building weights without disturbing the caller's RNG state."""
    import torch

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield
