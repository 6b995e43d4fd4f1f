"""Tiny random-weight text model: a Llama causal LM with a byte-level BPE tokenizer."""

from __future__ import annotations

from pathlib import Path

from studio.testing._setup import go_offline_and_quiet, seeded
from studio.testing.tokenizers import tiny_bpe_tokenizer


def build_tiny_llama(folder: Path, seed: int = 0, chat_template: bool = False) -> Path:
    """Save a tiny LlamaForCausalLM and its tokenizer to `folder` and return it.

    With `chat_template=True` the tokenizer carries a chat template, so
    `tokenizer.apply_chat_template` works; without it, chat-aware callers must fall back.
    """
    go_offline_and_quiet()
    from transformers import LlamaConfig, LlamaForCausalLM

    tokenizer = tiny_bpe_tokenizer(chat_template=chat_template)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        intermediate_size=64,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=4,
        max_position_embeddings=512,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
        tie_word_embeddings=True,
    )
    with seeded(seed):
        model = LlamaForCausalLM(config)
    generation = model.generation_config
    generation.bos_token_id = tokenizer.bos_token_id
    generation.eos_token_id = tokenizer.eos_token_id
    generation.pad_token_id = tokenizer.pad_token_id
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return Path(folder)
