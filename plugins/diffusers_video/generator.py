"""The diffusers.video generator: plan the shot's frames, run the segments, join, resample."""

from __future__ import annotations

from typing import Any

import numpy as np

from studio.plugins.api import Context, Generator, Kind, Request, Video

# Pure frame arithmetic (no engine state); see the report on moving it into the plugin API.
from studio.plugins.api import video_time as clip_time

from .loading import Loaded, load, load_key, set_vae_tiling
from .params import DEFAULT_MODEL, VideoParams
from .profiles import Profile
from .steps import StepReporter


class DiffusersVideo(Generator):
    id = "diffusers.video"
    name = "Video clip (diffusers: Wan, LTX-Video, CogVideoX)"
    version = "0.1.0"
    output = Kind.VIDEO
    accepts = (Kind.IMAGE,)
    Params = VideoParams
    model = DEFAULT_MODEL

    def __init__(self) -> None:
        self.loaded: Loaded | None = None
        self.last_plan: Plan | None = None  # what the last job did, for its log and tests

    def generate(self, request: Request, ctx: Context) -> Video:
        params: VideoParams = request.params  # type: ignore[assignment]
        loaded = self._ensure_loaded(params, ctx)
        start = _start_picture(request)
        plan = Plan(request, params, loaded.profile, start is not None)
        self.last_plan = plan
        for note in plan.notes:  # the user sees these as the job's message, and in the log
            ctx.log.info(note)
            ctx.progress(0.0, note)
        reporter = StepReporter(
            ctx,
            params.steps * len(plan.segments),
            # Offload hooks would swap the transformer out for every preview decode.
            params.preview_every_s if params.cpu_offload == "none" else 0.0,
        )
        segments: list[np.ndarray] = []
        for index, length in enumerate(plan.segments):
            ctx.check_cancelled()
            picture = start if index == 0 else _picture(segments[-1][-1])
            if len(plan.segments) > 1:
                reporter.label = f"part {index + 1}/{len(plan.segments)}, "
            segments.append(
                self._segment(loaded, request, params, plan, picture, length, index, reporter)
            )
        model_frames = clip_time.join_segments(segments)
        frames = clip_time.resample(
            model_frames, plan.model_fps, plan.project_fps, plan.target, params.time_resample
        )
        return Video(np.ascontiguousarray(frames), float(plan.project_fps))

    def unload(self) -> None:
        if self.loaded is not None:
            self.loaded.pipes.clear()
            self.loaded = None

    def _ensure_loaded(self, params: VideoParams, ctx: Context) -> Loaded:
        key = load_key(params, ctx.device)
        if self.loaded is None or self.loaded.key != key:
            self.unload()
            ctx.progress(0.0, f"loading {params.model}")
            self.loaded = load(params, ctx.device)
            self.memory_estimate = self.loaded.memory
        return self.loaded

    def _segment(self, loaded, request, params, plan, picture, length, index, reporter):
        import torch

        class_name = plan.image_class if picture is not None else plan.text_class
        pipe = loaded.pipe(class_name)
        set_vae_tiling(pipe, params.vae_tiling)
        kwargs: dict[str, Any] = dict(loaded.profile.call_kwargs)
        if "frame_rate" in kwargs:
            kwargs["frame_rate"] = round(plan.model_fps)
        if picture is not None:
            kwargs["image"] = _cover(picture, plan.width, plan.height)
        output = pipe(
            prompt=request.prompt,
            negative_prompt=request.negative_prompt or None,
            width=plan.width,
            height=plan.height,
            num_frames=length,
            num_inference_steps=params.steps,
            guidance_scale=params.guidance,
            # Each part its own seed: the same noise would repeat the same motion.
            generator=torch.Generator("cpu").manual_seed(request.seed + index),
            callback_on_step_end=reporter,
            callback_on_step_end_tensor_inputs=["latents"],
            output_type="np",
            **kwargs,
        )
        frames = np.asarray(output.frames[0])
        if len(frames) != length:
            raise RuntimeError(f"{class_name} made {len(frames)} frames, {length} were asked")
        return (np.clip(frames, 0.0, 1.0) * 255).round().astype(np.uint8)


class Plan:
    """The frames of one job: the target at the project rate and the model's segments."""

    def __init__(self, request, params, profile: Profile, from_picture: bool) -> None:
        self.notes: list[str] = []
        self.target = params.frames or request.frame_count
        if self.target < 1:
            raise ValueError(f"{request.duration} s at {request.fps} fps is no frames")
        self.project_fps = clip_time.as_rate(request.fps)
        self.model_fps = clip_time.as_rate(params.model_fps) if params.model_fps else profile.fps
        k = profile.frame_multiple
        longest = clip_time.longest_segment(params.segment_frames or profile.native_frames, k)
        needed = clip_time.source_frames_needed(
            self.target, self.model_fps, self.project_fps, params.time_resample
        )
        self.segments = clip_time.plan_segments(needed, longest, k)
        self.text_class = profile.text_class
        self.image_class = profile.image_class
        self._check(params.model, from_picture)
        asked = (params.width or request.width, params.height or request.height)
        area = None if params.width and params.height else profile.native_area
        self.width, self.height = clip_time.snap_size(*asked, profile.size_multiple, area)
        largest = profile.largest_side
        if largest is not None and max(self.width, self.height) > largest:
            raise ValueError(
                f"this model makes frames of at most {largest} pixels a side; "
                f"{self.width}x{self.height} is too large (choose a smaller size)"
            )
        if (self.width, self.height) != asked:
            self.notes.append(
                f"size {asked[0]}x{asked[1]} → {self.width}x{self.height} "
                f"(this model makes multiples of {profile.size_multiple}"
                + ("" if area is None else f", about {area} pixels a frame")
                + ")"
            )
        if self.model_fps != self.project_fps:
            self.notes.append(
                f"{len(self.segments)} part(s) at {self.model_fps} fps resampled "
                f"({params.time_resample}) to {self.target} frames at {self.project_fps} fps"
            )

    def _check(self, model: str, from_picture: bool) -> None:
        if from_picture and self.image_class is None:
            raise ValueError(f"{model} makes video from text only; remove the picture input")
        if not from_picture and self.text_class is None:
            raise ValueError(f"{model} needs a picture to start from (an image input)")
        if len(self.segments) > 1 and self.image_class is None:
            raise ValueError(
                f"the clip needs {len(self.segments)} parts but {model} cannot continue from a "
                "frame (text only): shorten the shot or pick an image-to-video model"
            )


def _start_picture(request: Request):
    images = request.inputs_of(Kind.IMAGE)
    first = [m for m in images if m.role == "first-frame"] or list(images)
    return first[0].image() if first else None


def _picture(frame: np.ndarray):
    from PIL import Image

    return Image.fromarray(frame)


def _cover(picture, width: int, height: int):
    """Scale and centre-crop to the frame (the pipelines would stretch it otherwise)."""
    from PIL import Image, ImageOps

    return ImageOps.fit(picture, (width, height), Image.Resampling.LANCZOS)
