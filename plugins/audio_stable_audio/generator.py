"""The Stable Audio generator: a diffusion pipeline, one step of progress per denoising step."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from studio.plugins.api import Audio, Context, Generator, Kind, Request, audio_tools, model_source


class StableAudioParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field(
        "stabilityai/stable-audio-open-1.0",
        description="An installed Hugging Face repo id or local folder of a StableAudioPipeline",
        json_schema_extra={"models_for": "audio.stable-audio"},
    )
    steps: int = Field(100, ge=1, le=500, description="Denoising steps")
    guidance: float = Field(7.0, ge=1.0, le=20.0, description="Classifier-free guidance scale")

    @model_validator(mode="before")
    @classmethod
    def _drop_retired(cls, data):
        return model_source.without_retired(data)  # settings saved with allow_download load


class StableAudio(Generator):
    id = "audio.stable-audio"
    name = "Stable Audio (text to music and sound)"
    version = "1.0.0"
    output = Kind.AUDIO
    Params = StableAudioParams
    model = "stabilityai/stable-audio-open-1.0"

    def __init__(self) -> None:
        self.device = "cpu"
        self._pipe = None
        self._loaded: str | None = None
        self.max_duration: float | None = None

    def load(self, ctx: Context) -> None:
        self.device = ctx.device  # the weights are loaded by the first request, which names them

    def max_duration_for(self, request: Request, ctx: Context) -> float | None:
        """The longest audio one call makes with the request's model (loading it first)."""
        self._ensure_loaded(request.params, ctx)  # type: ignore[arg-type]
        return self.max_duration

    def unload(self) -> None:
        self._pipe = self._loaded = None

    def generate(self, request: Request, ctx: Context) -> Audio:
        p: StableAudioParams = request.params  # type: ignore[assignment]
        self._ensure_loaded(p, ctx)
        import torch

        if self.max_duration is not None and request.duration > self.max_duration + 1e-6:
            raise ValueError(
                f"{p.model} makes at most {self.max_duration:.2f} s at a time; "
                f"{request.duration:.2f} s was asked (fit to the cut generates in segments)"
            )

        def step_done(step: int, timestep, latents) -> None:
            # The pipeline has no callback_on_step_end or interrupt flag: raising from the
            # legacy callback is how a cancel stops it within one step.
            ctx.check_cancelled()
            ctx.progress((step + 1) / p.steps, f"step {step + 1}/{p.steps}")

        with torch.inference_mode():
            out = self._pipe(
                request.prompt,
                negative_prompt=request.negative_prompt or None,
                audio_end_in_s=request.duration,
                num_inference_steps=p.steps,
                guidance_scale=p.guidance,
                generator=torch.Generator("cpu").manual_seed(request.seed),
                callback=step_done,
                callback_steps=1,
            )
        rate = self._pipe.vae.sampling_rate
        samples = out.audios[0].float().cpu().numpy().T  # [channels, samples] -> [frames, ch]
        samples = audio_tools.resample(samples, rate, request.sample_rate)
        return Audio(audio_tools.exact_length(samples, request.sample_count), request.sample_rate)

    def _ensure_loaded(self, p: StableAudioParams, ctx: Context) -> None:
        if self._loaded == p.model:
            return
        self.unload()
        ctx.progress(0.0, f"loading {p.model}")
        import torch
        from diffusers import StableAudioPipeline

        location, local_only = model_source.local_source(p.model)
        if Path(location).is_dir():  # name a missing or damaged file now, not as torch does
            model_source.check_model_folder(location)
        dtype = torch.float16 if self.device.startswith("cuda") else torch.float32
        try:
            pipe = StableAudioPipeline.from_pretrained(
                location, dtype=dtype, local_files_only=local_only, use_safetensors=True
            )
        except OSError as exc:
            raise ValueError(model_source.why_not_loaded(p.model, local_only, exc)) from None
        pipe.set_progress_bar_config(disable=True)
        self._pipe = pipe.to(self.device)
        # The transformer sees a fixed number of latent frames; each decodes to hop samples.
        latent_frames = pipe.transformer.config.sample_size
        self.max_duration = latent_frames * pipe.vae.hop_length / pipe.vae.sampling_rate
        self.memory_estimate = sum(
            t.numel() * t.element_size()
            for part in (pipe.transformer, pipe.vae, pipe.text_encoder, pipe.projection_model)
            for t in part.parameters()
        )
        self._loaded = p.model
