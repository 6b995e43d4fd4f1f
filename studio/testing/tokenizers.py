"""In-memory tiny tokenizers (CLIP, T5 Unigram, byte-level BPE) that need no downloaded files."""

from __future__ import annotations

import string
from typing import Any

# Sentences for training the tiny BPE: film-ish words so merges form on likely prompts.
_BPE_CORPUS = [
    "A storyboard frame of a rainy street at night, neon signs reflected in puddles.",
    "The detective walks into the smoky office and sits down slowly.",
    "Wide shot: the ship leaves the harbour at dawn while gulls circle above.",
    "Close-up on her hands as she opens the old letter. Music swells.",
    "INT. KITCHEN - DAY. Two friends argue about the ending of the film.",
    "EXT. DESERT - NIGHT. A lone rider crosses the dunes under the stars.",
]

# A Jinja chat template in the common <|role|> style; a turn ends with eos so generation stops
# where a real chat model's would.
CHAT_TEMPLATE = (
    "{% for message in messages %}"
    "<|{{ message['role'] }}|>\n{{ message['content'] }}{{ eos_token }}\n"
    "{% endfor %}"
    "{% if add_generation_prompt %}<|assistant|>\n{% endif %}"
)


def tiny_clip_tokenizer(model_max_length: int = 77) -> Any:
    """A byte-level CLIPTokenizer of 514 tokens (each byte bare and with `</w>`): never unknown."""
    from tokenizers import pre_tokenizers
    from transformers import CLIPTokenizer

    alphabet = sorted(pre_tokenizers.ByteLevel.alphabet())
    symbols = alphabet + [s + "</w>" for s in alphabet] + ["<|startoftext|>", "<|endoftext|>"]
    vocab = {symbol: index for index, symbol in enumerate(symbols)}
    return CLIPTokenizer(vocab=vocab, merges=[], model_max_length=model_max_length)


def tiny_t5_tokenizer(model_max_length: int = 64) -> Any:
    """A T5Tokenizer over a character-level Unigram vocab; ids 0/1/2 are pad, eos, unk as in T5."""
    from transformers import T5Tokenizer

    pieces: list[tuple[str, float]] = [("<pad>", 0.0), ("</s>", 0.0), ("<unk>", 0.0), ("▁", -2.0)]
    for char in string.ascii_letters + string.digits + string.punctuation:
        pieces += [(char, -3.0), ("▁" + char, -3.5)]
    return T5Tokenizer(vocab=pieces, extra_ids=0, model_max_length=model_max_length)


def tiny_bpe_tokenizer(chat_template: bool = False, vocab_size: int = 300) -> Any:
    """A byte-level BPE trained on a few sentences, as PreTrainedTokenizerFast with bos/eos/pad."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, processors, trainers
    from transformers import PreTrainedTokenizerFast

    specials = ["<|pad|>", "<|bos|>", "<|eos|>"]
    backend = Tokenizer(models.BPE())
    backend.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    backend.decoder = decoders.ByteLevel()
    # Keep offsets right for streamers that slice decoded text.
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    backend.train_from_iterator(_BPE_CORPUS, trainer=trainer)
    # Prepend bos like Llama tokenizers do; ids come from the trainer's special-token order.
    backend.post_processor = processors.Sequence(
        [
            processors.ByteLevel(trim_offsets=False),
            processors.TemplateProcessing(
                single="<|bos|> $A",
                pair="<|bos|> $A <|bos|> $B",
                special_tokens=[("<|bos|>", specials.index("<|bos|>"))],
            ),
        ]
    )
    tokenizer = PreTrainedTokenizerFast(
        tokenizer_object=backend,
        pad_token="<|pad|>",
        bos_token="<|bos|>",
        eos_token="<|eos|>",
        model_max_length=256,
    )
    if chat_template:
        tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer
