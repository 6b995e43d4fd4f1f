"""The speech generator: a line of dialogue in, a voice saying it out (VITS / MMS-TTS).

Why VITS: it is non-autoregressive (one pass, no sampling loop), so a line takes a fraction
of its own length to say on a CPU; transformers ships it (`VitsModel`), so no new package;
Meta's MMS-TTS gives a checkpoint per language (1,100+), and multi-speaker VITS checkpoints
(kakao-enterprise/vits-vctk, MIT, 109 speakers) choose a speaker by number. A voice here is
a checkpoint (the language), a speaker, a pace and a pitch; docs/voices.md says more.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from studio.plugins.api import Audio, Context, Generator, Kind, Request, audio_tools, model_source

MMS_TTS = "facebook/mms-tts-{language}"


class SpeechParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    model: str = Field(
        "",
        description="Hugging Face repo id or local folder of a VITS model "
        "(empty: facebook/mms-tts-<language>)",
        json_schema_extra={"models_for": "speech.tts"},
    )
    language: str = Field(
        "eng", pattern=r"^[a-z]{3}(-script_[a-z]+)?$", description="ISO 639-3 code, for MMS-TTS"
    )
    speaker: int = Field(0, ge=0, le=10_000, description="Speaker number (multi-speaker models)")
    speed: float = Field(1.0, ge=0.5, le=2.0, description="Speaking pace (1: the model's own)")
    pitch: float = Field(0.0, ge=-12.0, le=12.0, description="Pitch shift in semitones")

    @model_validator(mode="before")
    @classmethod
    def _drop_retired(cls, data):
        return model_source.without_retired(data)  # models are downloaded in the Models window

    def model_name(self) -> str:
        return self.model or MMS_TTS.format(language=self.language)


class SpeechTTS(Generator):
    """Speech from a line of text. The take is padded with silence to a whole frame at the
    request's fps, so the clip that plays it is never cut short; `duration` is not used
    (a line lasts as long as it takes to say)."""

    id = "speech.tts"
    name = "Speech (VITS / MMS-TTS)"
    version = "1.0.0"
    output = Kind.AUDIO
    accepts = ()
    Params = SpeechParams
    model = "facebook/mms-tts-eng"

    def __init__(self) -> None:
        self.device = "cpu"
        self._loaded: tuple[str, bool] | None = None
        self._model = self._tokenizer = None

    def load(self, ctx: Context) -> None:
        self.device = ctx.device  # the weights load with the first request, which names them

    def unload(self) -> None:
        self._model = self._tokenizer = self._loaded = None

    def generate(self, request: Request, ctx: Context) -> Audio:
        p: SpeechParams = request.params  # type: ignore[assignment]
        if not request.prompt.strip():
            raise ValueError("there is nothing to say: the line is empty")
        self._ensure_loaded(p, ctx)
        import torch

        speakers = self._model.config.num_speakers
        if p.speaker >= max(1, speakers):
            raise ValueError(f"{p.model_name()} has {speakers} speaker(s): 0 to {speakers - 1}")
        sayable, _ = self._tokenizer.prepare_for_tokenization(request.prompt)
        if not sayable.strip():  # e.g. only punctuation, or another alphabet
            raise ValueError(f"{p.model_name()} has no letters for {request.prompt[:40]!r}")
        inputs = self._tokenizer(request.prompt, return_tensors="pt")
        ctx.check_cancelled()
        # A pitch shift is a resampling, which also changes the pace: the model speaks
        # slower (or faster) by the same factor first, so the pace stays as asked.
        shift = 2.0 ** (p.pitch / 12.0)
        torch.manual_seed(request.seed)
        with torch.inference_mode():
            out = self._model(
                **{k: v.to(self.device) for k, v in inputs.items()},
                speaker_id=p.speaker if speakers > 1 else None,
                speaking_rate=p.speed / shift,
            )
        length = int(out.sequence_lengths[0]) if out.sequence_lengths is not None else None
        wave = out.waveform[0, :length].float().cpu().numpy()[:, None]
        rate = self._model.config.sampling_rate
        samples = audio_tools.resample(wave, round(rate * shift), request.sample_rate)
        samples = np.clip(samples, -1.0, 1.0)
        ctx.progress(1.0, f"{len(samples) / request.sample_rate:.2f} s of speech")
        count = whole_frames(len(samples), request.sample_rate, request.fps)
        return Audio(audio_tools.exact_length(samples, count), request.sample_rate)

    def _ensure_loaded(self, p: SpeechParams, ctx: Context) -> None:
        name = p.model_name()
        if self._loaded == name:
            return
        self.unload()
        ctx.progress(0.0, f"loading {name}")
        from transformers import AutoConfig, AutoTokenizer, VitsModel

        location, local_only = model_source.local_source(name)
        if Path(location).is_dir():  # name a missing or damaged file now, not as torch does
            model_source.check_model_folder(location)
        try:
            config = AutoConfig.from_pretrained(location, local_files_only=local_only)
            if config.model_type != "vits":
                raise ValueError(f"{name} is a {config.model_type or 'unknown'} model, not VITS")
            model = VitsModel.from_pretrained(
                location, local_files_only=local_only, use_safetensors=True
            )
            tokenizer = AutoTokenizer.from_pretrained(location, local_files_only=local_only)
        except OSError as exc:
            raise ValueError(model_source.why_not_loaded(name, local_only, exc)) from None
        self._model = model.to(self.device).eval()
        self._tokenizer = tokenizer
        self.memory_estimate = sum(t.numel() * t.element_size() for t in model.parameters())
        self._loaded = name


def whole_frames(samples: int, sample_rate: int, fps: float) -> int:
    """The fewest samples, at least `samples`, that fill whole frames at `fps`: the clip
    that plays the take is exactly its length (studio.model.time.samples_to_frames)."""
    rate = Fraction(fps).limit_denominator(1001)
    frames = math.ceil(Fraction(samples) * rate / sample_rate)
    return math.ceil(Fraction(frames) * sample_rate / rate)
