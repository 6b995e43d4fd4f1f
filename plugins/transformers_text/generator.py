"""The transformers.text generator: load a causal LM, stream its tokens, stop on cancel.

torch and transformers are imported inside load/generate only, so discovering the plugin
costs nothing at start-up. The model is a parameter: it is (re)loaded in generate() when
the request names another one, and the engine's cache then accounts for its memory.
"""

from __future__ import annotations

import threading
from pathlib import Path

from pydantic import BaseModel, Field

from studio.plugins.api import Cancelled, Context, Generator, Kind, Request, Text, model_source

DEFAULT_MODEL = "Qwen/Qwen2.5-0.5B-Instruct"


class TextParams(BaseModel):
    model: str = Field(
        DEFAULT_MODEL,
        description="An installed Hugging Face repo id or local folder of a causal LM",
        json_schema_extra={"models_for": "text.llm"},
    )
    max_tokens: int = Field(256, ge=1, le=8192, description="Most new tokens to write")
    min_tokens: int = Field(0, ge=0, le=8192, description="Fewest new tokens before stopping")
    temperature: float = Field(0.7, ge=0.0, le=2.0, description="0 picks the likeliest token")
    top_p: float = Field(0.9, gt=0.0, le=1.0, description="Nucleus sampling mass")
    system: str = Field("", max_length=4000, description="Instructions given before the prompt")


class TransformersText(Generator):
    id = "text.llm"
    name = "Text (transformers causal LM)"
    version = "1.0.0"
    output = Kind.TEXT
    accepts = (Kind.TEXT,)
    Params = TextParams
    model = DEFAULT_MODEL

    def __init__(self) -> None:
        self._model = None
        self._tokenizer = None
        self._loaded = ""

    def generate(self, request: Request, ctx: Context) -> Text:
        params: TextParams = request.params  # type: ignore[assignment]
        self._ensure(params.model, ctx)
        from transformers import StoppingCriteria, TextIteratorStreamer, set_seed

        prompt = build_prompt(self._tokenizer, _with_inputs(request), params.system)
        inputs = self._tokenizer(prompt, return_tensors="pt", add_special_tokens=False)
        inputs = inputs.to(self._model.device)
        made = [0]

        class _Watch(StoppingCriteria):
            # Called once per new token: counting here gives progress, and returning True
            # stops generation within a token of a cancel.
            def __call__(self, input_ids, scores, **kwargs):
                made[0] += 1
                return ctx.cancelled

        streamer = TextIteratorStreamer(self._tokenizer, skip_prompt=True, skip_special_tokens=True)
        sampling = params.temperature > 0
        kwargs = dict(
            **inputs,
            streamer=streamer,
            max_new_tokens=params.max_tokens,
            min_new_tokens=min(params.min_tokens, params.max_tokens),
            do_sample=sampling,
            stopping_criteria=[_Watch()],
            pad_token_id=self._tokenizer.pad_token_id or self._tokenizer.eos_token_id,
        )
        if sampling:
            kwargs.update(temperature=params.temperature, top_p=params.top_p)
        else:
            kwargs.update(temperature=None, top_p=None, top_k=None)
        set_seed(request.seed)
        failure: list[BaseException] = []

        def run() -> None:
            try:
                self._model.generate(**kwargs)
            except BaseException as exc:  # re-raised on the job's thread below
                failure.append(exc)
                streamer.end()

        worker = threading.Thread(target=run, name="transformers-text", daemon=True)
        worker.start()
        text = ""
        for chunk in streamer:
            text += chunk
            ctx.progress(made[0] / params.max_tokens, f"{made[0]} tokens")
            ctx.preview(Text(text))
        worker.join()
        if failure:
            raise failure[0]
        ctx.check_cancelled()
        ctx.progress(1.0, f"{made[0]} tokens")
        return Text(text.strip())

    def unload(self) -> None:
        self._model = self._tokenizer = None
        self._loaded = ""
        self.memory_estimate = 0

    def _ensure(self, name: str, ctx: Context) -> None:
        if self._loaded == name and self._model is not None:
            return
        self.unload()
        ctx.progress(0.0, f"loading {name}")
        self._model, self._tokenizer = load_causal_lm(name, ctx.device)
        self._loaded = name
        self.memory_estimate = sum(p.numel() * p.element_size() for p in self._model.parameters())


def load_causal_lm(name: str, device: str):
    """The model and tokenizer named by a repo id or folder, with a message that says what
    is wrong with a bad name. Only safetensors weights load: pickles can run code."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    looks_local = name.startswith((".", "/", "~")) or "\\" in name or name.count("/") > 1
    folder = Path(name).expanduser()
    if looks_local or folder.exists():
        if not folder.is_dir():
            raise ValueError(f"text model folder {name} does not exist")
        if not (folder / "config.json").is_file():
            raise ValueError(f"{name} is not a transformers model folder (no config.json)")
        model_source.check_model_folder(folder)  # names a missing or damaged file
        name = str(folder)
    dtype = torch.float32 if device == "cpu" else "auto"
    # Only this machine's files: a repo id comes from the Hugging Face cache, where the
    # Models window downloads it; never a connection attempt while generating.
    local = dict(local_files_only=True)
    try:
        tokenizer = AutoTokenizer.from_pretrained(name, **local)
        model = AutoModelForCausalLM.from_pretrained(
            name, dtype=dtype, use_safetensors=True, **local
        )
    except OSError as exc:
        raise ValueError(model_source.why_not_loaded(name, True, exc)) from exc
    except (ValueError, KeyError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ValueError(f"cannot load text model {name!r}: {first}") from exc
    return model.to(device).eval(), tokenizer


def build_prompt(tokenizer, prompt: str, system: str = "") -> str:
    """The model's own chat format when its tokenizer has a template, else plain text."""
    if getattr(tokenizer, "chat_template", None):
        messages = [{"role": "system", "content": system}] if system else []
        messages.append({"role": "user", "content": prompt})
        return tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    bos = tokenizer.bos_token or ""
    return bos + (f"{system}\n\n{prompt}" if system else prompt)


def _with_inputs(request: Request) -> str:
    """Conditioning text (the scene, the selection) goes before the instruction."""
    texts = [m.text for m in request.inputs_of(Kind.TEXT) if m.text]
    return "\n\n".join([*texts, request.prompt]) if texts else request.prompt


__all__ = ["Cancelled", "TextParams", "TransformersText", "build_prompt", "load_causal_lm"]
