"""One loaded model: its pipeline, the text→image and image→image views of it, and placement."""

from __future__ import annotations

from typing import Any

from .loading import load_pipeline
from .memory import DecodeOptions, apply_decode_options, choose_offload, place, weight_bytes
from .preview import factors_for
from .references import AdapterSlot
from .sources import ModelSource, ModelSourceError

TEXT_TO_IMAGE, IMAGE_TO_IMAGE = "text-to-image", "image-to-image"


class LoadedModel:
    """A pipeline loaded for one (model, dtype, offload) choice on one device."""

    def __init__(self, key: tuple, source: ModelSource, params: Any, device: str) -> None:
        self.key = key
        self.device = device
        self.base = load_pipeline(
            source,
            device=device,
            dtype_choice=params.dtype,
            allow_pickle=params.allow_pickle,
            config=params.single_file_config,
        )
        self.base.set_progress_bar_config(disable=True)
        sizes = weight_bytes(self.base)
        self.offload = choose_offload(params.offload, device, sizes)
        self.memory_estimate = _estimate(sizes, self.offload)
        self.default_scheduler = self.base.scheduler
        self.preview_factors = factors_for(self.base)
        self._pipes: dict[str, Any] = {}
        self._hooked: Any = None  # the view that carries the offload hooks
        self._decode: DecodeOptions | None = None  # set on the shared VAE and UNet
        self.adapter = AdapterSlot()  # the IP-Adapter, on the view that last needed it
        if self.offload == "none":
            self.base.to(device)

    @property
    def multiple(self) -> int:
        """Sizes must be multiples of this: 8 latent pixels, which fits UNet downsampling and
        DiT patching alike."""
        return 8 * int(getattr(self.base, "vae_scale_factor", 8) or 8)

    def pipeline(self, task: str) -> Any:
        """The pipeline for `task`, sharing the loaded weights, placed on the device."""
        pipe = self._pipes.get(task)
        if pipe is None:
            pipe = self._pipes[task] = self._view(task)
            pipe.set_progress_bar_config(disable=True)
        if self.offload != "none" and self._hooked is not pipe:
            # Hooks live on the shared modules: move them to the view that runs next.
            if self._hooked is not None:
                self._hooked.remove_all_hooks()
            place(pipe, self.device, self.offload)
            self._hooked = pipe
        return pipe

    def set_decode_options(self, pipe: Any, options: DecodeOptions) -> None:
        apply_decode_options(pipe, options, self._decode)
        self._decode = options

    def _view(self, task: str) -> Any:
        from diffusers import AutoPipelineForImage2Image, AutoPipelineForText2Image
        from diffusers.pipelines.auto_pipeline import (
            AUTO_IMAGE2IMAGE_PIPELINES_MAPPING,
            AUTO_TEXT2IMAGE_PIPELINES_MAPPING,
        )

        if task == TEXT_TO_IMAGE:
            mapping, auto = AUTO_TEXT2IMAGE_PIPELINES_MAPPING, AutoPipelineForText2Image
        else:
            mapping, auto = AUTO_IMAGE2IMAGE_PIPELINES_MAPPING, AutoPipelineForImage2Image
        if type(self.base) in mapping.values():
            return self.base
        try:
            return auto.from_pipe(self.base)
        except ValueError:
            if task == TEXT_TO_IMAGE:
                return self.base  # a pipeline AutoPipeline does not know: run it as it is
            raise ModelSourceError(
                f"{type(self.base).__name__} has no image-to-image form; generate from text"
            ) from None

    def close(self) -> None:
        if self._hooked is not None:
            self._hooked.remove_all_hooks()
        self._pipes.clear()
        self.base = self._hooked = None


def _estimate(sizes: dict[str, int], offload: str) -> int:
    """Device bytes the model holds between runs, for the engine's cache budget."""
    if offload == "none":
        return sum(sizes.values())
    if offload == "model":
        return max(sizes.values(), default=0)
    return 0  # sequential: layers visit the device one at a time
