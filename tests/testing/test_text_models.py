"""The tiny Llama builder loads through the Auto classes and generates tokens."""

import threading

import pytest
from transformers import AutoModelForCausalLM, AutoTokenizer, TextIteratorStreamer


def test_tiny_llama_generates_the_asked_number_of_tokens(tiny_llama):
    model = AutoModelForCausalLM.from_pretrained(tiny_llama, local_files_only=True)
    tokenizer = AutoTokenizer.from_pretrained(tiny_llama, local_files_only=True)
    inputs = tokenizer("INT. KITCHEN - DAY.", return_tensors="pt")
    out = model.generate(**inputs, max_new_tokens=20, min_new_tokens=20, do_sample=False)
    assert out.shape == (1, inputs["input_ids"].shape[1] + 20)
    assert model.generation_config.eos_token_id == tokenizer.eos_token_id
    assert tokenizer.chat_template is None


def test_tiny_llama_streams_text(tiny_llama):
    model = AutoModelForCausalLM.from_pretrained(tiny_llama, local_files_only=True)
    tokenizer = AutoTokenizer.from_pretrained(tiny_llama, local_files_only=True)
    streamer = TextIteratorStreamer(tokenizer, skip_prompt=True)
    inputs = tokenizer("The ship", return_tensors="pt")
    kwargs = dict(**inputs, max_new_tokens=30, min_new_tokens=30, streamer=streamer)
    worker = threading.Thread(target=model.generate, kwargs=kwargs)
    worker.start()
    chunks = list(streamer)
    worker.join()
    assert chunks and sum(len(c) for c in chunks) > 0


def test_tiny_llama_chat_applies_its_template(tiny_llama_chat):
    tokenizer = AutoTokenizer.from_pretrained(tiny_llama_chat, local_files_only=True)
    messages = [{"role": "user", "content": "Write a scene."}]
    text = tokenizer.apply_chat_template(messages, add_generation_prompt=True, tokenize=False)
    assert text.startswith("<|user|>\nWrite a scene.")
    assert text.endswith("<|assistant|>\n")


def test_tiny_llama_without_template_refuses_chat(tiny_llama):
    tokenizer = AutoTokenizer.from_pretrained(tiny_llama, local_files_only=True)
    with pytest.raises(ValueError):
        tokenizer.apply_chat_template([{"role": "user", "content": "hi"}], tokenize=False)
