"""diffusers.image: text → image and image → image with any diffusers text-to-image model."""

from __future__ import annotations

import inspect
from typing import Any

from studio.plugins.api import Context, Generator, Image, Kind, Request

from .memory import choose_decode_options
from .params import DEFAULT_MODEL, DiffusersImageParams
from .pipelines import IMAGE_TO_IMAGE, TEXT_TO_IMAGE, LoadedModel
from .preview import Previewer
from .references import IMAGE_TO_IMAGE as FROM_REFERENCE
from .references import IP_ADAPTER, adapter_spec, plan_references
from .results import to_takes
from .schedulers import set_scheduler
from .sources import resolve_source

# Image inputs with these roles are the frame to vary; neighbours ("previous-shot", ...) are
# context this generator cannot use, so they never turn a text→image run into image→image.
INIT_ROLES = frozenset({"", "init-image", "take"})


class DiffusersImage(Generator):
    id = "diffusers.image"
    name = "Diffusers image (text or image → image)"
    version = "0.1.0"
    output = Kind.IMAGE
    accepts = (Kind.IMAGE,)
    Params = DiffusersImageParams
    model = DEFAULT_MODEL

    def __init__(self) -> None:
        self.loaded: LoadedModel | None = None
        self.memory_estimate = 0
        self.last_previewer: Previewer | None = None  # the last run's preview costs (bench)
        self.last_references = None  # how the last run used its references (ReferenceUse)

    def load(self, ctx: Context) -> None:
        # The model itself is named per request, so it loads in generate(); importing the
        # stack here puts its seconds on the worker thread before the first step.
        import diffusers.utils.logging

        diffusers.utils.logging.disable_progress_bar()

    def generate(self, request: Request, ctx: Context) -> Image:
        p: DiffusersImageParams = request.params  # type: ignore[assignment]
        init = _init_image(request)
        loaded = self._ensure_loaded(p, ctx)
        ctx.check_cancelled()
        references = plan_references(request, p.ip_adapter, init is not None, loaded.base)
        self.last_references = references
        if references.how == FROM_REFERENCE:
            init = references.pictures[0]
        pipe = loaded.pipeline(IMAGE_TO_IMAGE if init is not None else TEXT_TO_IMAGE)
        spec = adapter_spec(p.ip_adapter) if references.how == IP_ADAPTER else None
        loaded.adapter.use(pipe, spec, p.ip_adapter_scale)
        if references.message:
            ctx.log.info("references: %s", references.message)
            ctx.progress(0.0, references.message)
        set_scheduler(pipe, p.scheduler, loaded.default_scheduler)
        width, height = _snap_size(request, loaded.multiple, ctx)
        loaded.set_decode_options(pipe, choose_decode_options(p, ctx.device, width, height))

        seeds = [request.seed + i for i in range(p.variations)]
        previewer = None
        if p.previews and loaded.preview_factors is not None:
            previewer = Previewer(loaded.preview_factors, ctx.preview, p.preview_interval_ms / 1e3)
        self.last_previewer = previewer
        kwargs = _call_arguments(pipe, request, p, init, width, height, seeds, ctx, previewer)
        if spec is not None:
            # One adapter, several pictures: a list of lists (diffusers' multi-image form).
            kwargs["ip_adapter_image"] = [list(references.pictures)]
        result = pipe(**kwargs)
        if previewer is not None:
            previewer.flush()
        ctx.check_cancelled()
        nsfw = getattr(result, "nsfw_content_detected", None)
        takes = to_takes(result.images, seeds, nsfw, ctx.log)
        ctx.progress(1.0, f"done; {references.message}" if references.message else "done")
        return takes

    def unload(self) -> None:
        if self.loaded is not None:
            self.loaded.close()
            self.loaded = None
        self.memory_estimate = 0
        _release_memory()

    def _ensure_loaded(self, p: DiffusersImageParams, ctx: Context) -> LoadedModel:
        source = resolve_source(p.model, allow_pickle=p.allow_pickle)
        key = (source, p.single_file_config, p.dtype, p.offload, p.allow_pickle, ctx.device)
        if self.loaded is not None and self.loaded.key == key:
            return self.loaded
        self.unload()  # one model at a time: two would rarely fit beside each other
        ctx.progress(0.0, f"loading {p.model}")
        self.loaded = LoadedModel(key, source, p, ctx.device)
        self.memory_estimate = self.loaded.memory_estimate
        ctx.log.info(
            "loaded %s (%s, offload %s, about %.2f GiB on %s)",
            p.model,
            self.loaded.base.dtype,
            self.loaded.offload,
            self.memory_estimate / 2**30,
            ctx.device,
        )
        return self.loaded


def _init_image(request: Request):
    for media in request.inputs_of(Kind.IMAGE):
        if media.role in INIT_ROLES:
            return media.image()
    return None


def _snap_size(request: Request, multiple: int, ctx: Context) -> tuple[int, int]:
    width, height = (snap(v, multiple) for v in (request.width, request.height))
    if (width, height) != (request.width, request.height):
        notice = (
            f"size {request.width}x{request.height} snapped to {width}x{height} "
            f"(this model needs multiples of {multiple})"
        )
        ctx.log.info(notice)
        ctx.progress(0.0, notice)
    return width, height


def snap(value: int, multiple: int) -> int:
    """The nearest multiple of `multiple`, at least one."""
    return max(multiple, round(value / multiple) * multiple)


def _call_arguments(pipe, request, p, init, width, height, seeds, ctx, previewer) -> dict:
    import torch

    steps = p.steps
    if init is not None and int(steps * p.strength) < 1:
        raise ValueError(
            f"strength {p.strength} with {steps} steps runs no step; raise either of them"
        )

    def on_step_end(pipeline: Any, step: int, timestep: Any, tensors: dict) -> dict:
        total = getattr(pipeline, "_num_timesteps", None) or steps
        # The VAE decode after the last step is the remaining 5%.
        ctx.progress(0.95 * (step + 1) / total, f"step {step + 1}/{total}")
        if previewer is not None:
            previewer.offer(tensors["latents"])
        ctx.check_cancelled()  # raising here stops within this step; the pipeline stays usable
        return tensors

    wanted = {
        "prompt": request.prompt,
        "negative_prompt": request.negative_prompt or None,
        "num_inference_steps": steps,
        "guidance_scale": p.guidance,
        "num_images_per_prompt": p.variations,
        # One CPU generator per image: image i is the same as a single run with seed i,
        # on any device.
        "generator": [torch.Generator("cpu").manual_seed(s) for s in seeds],
        "output_type": "np",
        "callback_on_step_end": on_step_end,
        "callback_on_step_end_tensor_inputs": ["latents"] if previewer is not None else [],
        "width": width,
        "height": height,
    }
    if init is not None:
        wanted |= {"image": init.resize((width, height)), "strength": p.strength}
    accepted = inspect.signature(pipe.__call__).parameters
    if "callback_on_step_end" not in accepted:
        raise ValueError(f"{type(pipe).__name__} reports no steps, so it cannot be cancelled")
    if "width" not in accepted:  # image→image pipelines take the size of their input image
        wanted.pop("width"), wanted.pop("height")
    dropped = [k for k, v in wanted.items() if k not in accepted and v is not None]
    for name in dropped:
        ctx.log.warning("%s does not take %s; ignored", type(pipe).__name__, name)
    return {k: v for k, v in wanted.items() if k in accepted}


def _release_memory() -> None:
    import gc
    import sys

    gc.collect()
    torch = sys.modules.get("torch")
    if torch is not None and torch.cuda.is_available():
        torch.cuda.empty_cache()
