"""The MusicGen generator: text prompt in, music out, one step of progress per token."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from studio.plugins.api import (
    MELODY,
    Audio,
    Context,
    Generator,
    Kind,
    Request,
    audio_tools,
    model_source,
)

# MusicGen was trained on 30 s excerpts; past that it drifts even where positions remain.
TRAINED_SECONDS = 30.0


class MusicGenParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field(
        "facebook/musicgen-small",
        description="An installed Hugging Face repo id or local folder (musicgen, musicgen-melody)",
        json_schema_extra={"models_for": "music.musicgen"},
    )
    guidance_scale: float = Field(3.0, ge=1.0, le=15.0, description="Classifier-free guidance")
    temperature: float = Field(1.0, gt=0.0, le=2.0, description="Sampling temperature")
    top_k: int = Field(250, ge=0, le=4096, description="Sample from the k likeliest codes (0: all)")

    @model_validator(mode="before")
    @classmethod
    def _drop_retired(cls, data):
        return model_source.without_retired(data)  # settings saved with allow_download load


class MusicGen(Generator):
    """Music from a text prompt. An audio input is continued (musicgen) or followed as a
    melody (musicgen-melody); a continuation begins with the model's rendition of the input,
    so the output is `request.duration` seconds from the input's start."""

    id = "music.musicgen"
    name = "MusicGen (text to music)"
    version = "1.0.0"
    output = Kind.AUDIO
    accepts = (Kind.AUDIO,)
    Params = MusicGenParams
    model = "facebook/musicgen-small"

    def __init__(self) -> None:
        self.device = "cpu"
        self._loaded: str | None = None
        self._model = self._processor = None
        self.max_duration: float | None = None
        self.continues_audio = True
        self._is_melody = False
        self._chroma = None  # melody models: how to compute the melody's features
        self._delay = 0

    def load(self, ctx: Context) -> None:
        self.device = ctx.device  # the weights are loaded by the first request, which names them

    def max_duration_for(self, request: Request, ctx: Context) -> float | None:
        """The longest audio one call makes with the request's model (loading it first)."""
        self._ensure_loaded(request.params, ctx)  # type: ignore[arg-type]
        return self.max_duration

    def unload(self) -> None:
        self._model = self._processor = self._loaded = None

    def generate(self, request: Request, ctx: Context) -> Audio:
        p: MusicGenParams = request.params  # type: ignore[assignment]
        self._ensure_loaded(p, ctx)
        import torch

        config = self._model.config
        rate = config.audio_encoder.sampling_rate
        audio_in = request.inputs_of(Kind.AUDIO)
        tune = [m for m in audio_in if m.role == MELODY]
        if tune and not self._is_melody:
            raise ValueError(f"{p.model} cannot follow a melody: choose a musicgen-melody model")
        if self._is_melody:  # any audio input is the melody; there is nothing to continue
            audio_in = tune or audio_in
        if len(audio_in) > 1:
            raise ValueError("MusicGen takes one audio input (a clip to continue or a melody)")
        clip = _read(audio_in[0], rate, config.audio_encoder.audio_channels) if audio_in else None
        melody = self._is_melody and clip is not None
        prompt_seconds = 0.0 if clip is None or melody else len(clip) / rate
        new_seconds = request.duration - prompt_seconds
        if new_seconds <= 0:
            raise ValueError(
                f"the clip to continue lasts {prompt_seconds:.2f} s: ask for more than that"
            )
        if self.max_duration is not None and request.duration > self.max_duration + 1e-6:
            raise ValueError(
                f"{p.model} makes at most {self.max_duration:.1f} s at a time; "
                f"{request.duration:.1f} s was asked (fit to the cut generates in segments)"
            )
        tokens = math.ceil(new_seconds * config.audio_encoder.frame_rate) + self._delay
        inputs = self._inputs(request.prompt, clip, melody, rate)
        counter = _TokenCounter(ctx, tokens, torch)
        torch.manual_seed(request.seed)
        with torch.inference_mode():
            out = self._model.generate(
                **inputs,
                max_new_tokens=tokens,
                do_sample=True,
                guidance_scale=p.guidance_scale,
                temperature=p.temperature,
                top_k=p.top_k,
                stopping_criteria=[counter],
            )
        samples = out[0].float().cpu().numpy().T  # [channels, samples] -> [frames, channels]
        samples = audio_tools.resample(
            samples[: round(request.duration * rate)], rate, request.sample_rate
        )
        ctx.progress(1.0, f"{tokens} tokens")
        return Audio(audio_tools.exact_length(samples, request.sample_count), request.sample_rate)

    def _inputs(self, prompt: str, clip: np.ndarray | None, melody: bool, rate: int) -> dict:
        if self._is_melody:
            return self._melody_inputs(prompt, clip, rate)
        kwargs: dict = {"text": [prompt or "music"], "padding": True, "return_tensors": "pt"}
        if clip is not None:
            # The processors take (samples,) for mono and (channels, samples) for stereo.
            kwargs["audio"] = [clip[:, 0] if clip.shape[1] == 1 else clip.T]
            kwargs["sampling_rate"] = rate
        inputs = self._processor(**kwargs)
        if clip is not None and not melody:
            inputs.pop("padding_mask", None)  # one unpadded prompt: nothing to mask
        return {k: v.to(self.device) for k, v in inputs.items()}

    def _melody_inputs(self, prompt: str, clip: np.ndarray | None, rate: int) -> dict:
        """Text tokens, and the melody's chroma when there is one (see chroma.py)."""
        import torch

        from .chroma import melody_features

        inputs = dict(self._processor([prompt or "music"], padding=True, return_tensors="pt"))
        if clip is not None:
            inputs["input_features"] = melody_features(clip, rate, self._chroma, torch)
        return {k: v.to(self.device) for k, v in inputs.items()}

    def _ensure_loaded(self, p: MusicGenParams, ctx: Context) -> None:
        if self._loaded == p.model:
            return
        self.unload()
        ctx.progress(0.0, f"loading {p.model}")
        import torch
        from transformers import AutoConfig, AutoProcessor, AutoTokenizer
        from transformers.utils import cached_file

        from .chroma import ChromaSettings

        location, local_only = model_source.local_source(p.model)
        if Path(location).is_dir():  # name a missing or damaged file now, not as torch does
            model_source.check_model_folder(location)
        try:
            config = AutoConfig.from_pretrained(location, local_files_only=local_only)
            model_class = _model_class(config.model_type, p.model)
            dtype = torch.float16 if self.device.startswith("cuda") else torch.float32
            model = model_class.from_pretrained(
                location, dtype=dtype, local_files_only=local_only, use_safetensors=True
            )
            self._is_melody = config.model_type == "musicgen_melody"
            if self._is_melody:
                # Its processor needs torchaudio; the tokenizer and our own chroma do not.
                processor = AutoTokenizer.from_pretrained(location, local_files_only=local_only)
                self._chroma = ChromaSettings.from_file(
                    cached_file(location, "preprocessor_config.json", local_files_only=local_only)
                )
            else:
                processor = AutoProcessor.from_pretrained(location, local_files_only=local_only)
        except OSError as exc:
            raise ValueError(model_source.why_not_loaded(p.model, local_only, exc)) from None
        self._model = model.to(self.device).eval()
        self._processor = processor
        decoder = self._model.config.decoder
        # The codebooks are offset by one step each (the delay pattern): generating N
        # frames of audio takes N + codebooks - 1 tokens. Stereo interleaves two sets.
        self._delay = decoder.num_codebooks // decoder.audio_channels - 1
        frame_rate = self._model.config.audio_encoder.frame_rate
        positions = decoder.max_position_embeddings - self._delay
        self.max_duration = min(TRAINED_SECONDS, positions / frame_rate)
        self.continues_audio = not self._is_melody
        self.memory_estimate = sum(t.numel() * t.element_size() for t in model.parameters())
        self._loaded = p.model


class _TokenCounter:
    """A StoppingCriteria that reports a step per token and cancels by raising.

    Returning True to stop early breaks MusicGen's delay pattern (a shape error when the
    codes are decoded), so cancel raises `Cancelled` out of `generate()` instead.
    """

    def __init__(self, ctx: Context, total: int, torch) -> None:
        self.ctx, self.total, self.torch, self.calls = ctx, total, torch, 0

    def __call__(self, input_ids, scores, **kwargs):
        self.calls += 1
        self.ctx.check_cancelled()
        self.ctx.progress(self.calls / self.total, f"token {self.calls}/{self.total}")
        return self.torch.zeros(input_ids.shape[0], dtype=self.torch.bool, device=input_ids.device)


def _read(media, rate: int, channels: int) -> np.ndarray:
    audio = media.audio()
    samples = audio_tools.with_channels(audio.samples, channels)
    return audio_tools.resample(samples, audio.sample_rate, rate)


def _model_class(model_type: str, name: str):
    import transformers

    classes = {
        "musicgen": "MusicgenForConditionalGeneration",
        "musicgen_melody": "MusicgenMelodyForConditionalGeneration",
    }
    if model_type not in classes:
        raise ValueError(f"{name} is a {model_type or 'unknown'} model, not MusicGen")
    return getattr(transformers, classes[model_type])
