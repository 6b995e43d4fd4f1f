"""transformers.text with tiny random Llamas: streaming, cancel, chat and plain, bad models."""

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from studio.engine.discovery import discover
from studio.plugins.api import Cancelled, Context, Kind, Media, Request, Text

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def plugin():
    registry = discover(entry_points=False, user_dirs=[])
    record = registry.record("text.llm")
    assert record is not None and record.status == "loaded", record and record.error
    return registry.get("text.llm")  # imported on first use (its manifest lists it)


def run(plugin, model, ctx=None, **params):
    params = {"max_tokens": 24, "min_tokens": 24, "temperature": 0.0, **params}
    request = Request(prompt="INT. KITCHEN - DAY", params=plugin.Params(model=str(model), **params))
    return plugin().generate(request, ctx or Context())


def test_streams_in_chunks_with_progress(plugin, tiny_llama):
    previews, progress = [], []
    ctx = Context(on_preview=previews.append, on_progress=lambda f, m: progress.append(f))
    out = run(plugin, tiny_llama, ctx)
    assert isinstance(out, Text) and out.text
    assert len(previews) >= 5 and all(isinstance(p, Text) for p in previews)
    assert len(previews[-1].text) > len(previews[0].text)
    assert progress == sorted(progress) and progress[-1] == 1.0


def test_cancel_mid_stream_stops_within_a_token(plugin, tiny_llama):
    cancel = threading.Event()
    previews = []

    def on_preview(text):
        previews.append(text)
        if len(previews) == 3:
            cancel.set()

    ctx = Context(on_preview=on_preview, cancel_event=cancel)
    with pytest.raises(Cancelled):
        run(plugin, tiny_llama, ctx, max_tokens=400, min_tokens=400)
    assert 3 <= len(previews) < 10  # stopped long before 400 tokens


def test_same_seed_same_text_when_sampling(plugin, tiny_llama):
    a = run(plugin, tiny_llama, temperature=1.0)
    b = run(plugin, tiny_llama, temperature=1.0)
    assert a == b


def test_chat_template_and_plain_prompts(plugin, tiny_llama, tiny_llama_chat):
    from transformers import AutoTokenizer

    from plugins.transformers_text.generator import build_prompt

    chat = AutoTokenizer.from_pretrained(tiny_llama_chat)
    plain = AutoTokenizer.from_pretrained(tiny_llama)
    assert build_prompt(chat, "Write.", "Be brief.") == (
        "<|system|>\nBe brief.<|eos|>\n<|user|>\nWrite.<|eos|>\n<|assistant|>\n"
    )
    assert build_prompt(plain, "Write.", "Be brief.") == "<|bos|>Be brief.\n\nWrite."
    assert isinstance(run(plugin, tiny_llama_chat), Text)


def test_text_inputs_come_before_the_prompt(plugin, tiny_llama):
    previews = []
    request = Request(
        prompt="Continue.",
        params=plugin.Params(model=str(tiny_llama), max_tokens=4, min_tokens=4),
        inputs=(Media(Kind.TEXT, text="INT. HOUSE - DAY"),),
    )
    assert isinstance(plugin().generate(request, Context(on_preview=previews.append)), Text)


def test_invalid_models_say_what_is_wrong(plugin, tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="does not exist"):
        run(plugin, tmp_path / "missing")
    (tmp_path / "junk").mkdir()
    with pytest.raises(ValueError, match="not a transformers model folder"):
        run(plugin, tmp_path / "junk")
    # Never a connection attempt (HF_HUB_OFFLINE unset): not installed, and how to get it.
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    with pytest.raises(ValueError, match="nobody/no-such-model is not installed: download"):
        run(plugin, "nobody/no-such-model")


def test_importing_the_plugin_imports_no_model_stack():
    code = (
        "import sys; from plugins.transformers_text import GENERATORS;"
        "from studio.engine.discovery import check_generator;"
        "assert check_generator(GENERATORS[0]) is None;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'transformers')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
