"""The in-memory tiny tokenizers save and reload through AutoTokenizer."""

from transformers import AutoTokenizer

from studio.testing.tokenizers import tiny_bpe_tokenizer, tiny_clip_tokenizer, tiny_t5_tokenizer


def test_clip_tokenizer_never_produces_unknown(tmp_path):
    tiny_clip_tokenizer().save_pretrained(tmp_path)
    tokenizer = AutoTokenizer.from_pretrained(tmp_path)
    ids = tokenizer("Café at 3 a.m. — 雨")["input_ids"]
    assert len(tokenizer) == 514
    assert ids[0] == tokenizer.bos_token_id and ids[-1] == tokenizer.eos_token_id
    assert tokenizer.unk_token_id not in ids[1:-1]


def test_t5_tokenizer_ends_with_eos_and_pads_with_zero(tmp_path):
    tiny_t5_tokenizer().save_pretrained(tmp_path)
    tokenizer = AutoTokenizer.from_pretrained(tmp_path)
    batch = tokenizer(["a hammer", "rain on a tin roof"], padding=True)
    assert tokenizer.pad_token_id == 0 and tokenizer.eos_token_id == 1
    assert batch["input_ids"][1][-1] == 1
    assert batch["input_ids"][0][-1] == 0  # the shorter prompt is padded


def test_bpe_tokenizer_round_trips_text_with_bos(tmp_path):
    tiny_bpe_tokenizer().save_pretrained(tmp_path)
    tokenizer = AutoTokenizer.from_pretrained(tmp_path)
    text = "The detective opens the letter."
    ids = tokenizer(text)["input_ids"]
    assert 250 <= len(tokenizer) <= 300
    assert ids[0] == tokenizer.bos_token_id
    assert tokenizer.decode(ids, skip_special_tokens=True) == text
    assert len({tokenizer.bos_token_id, tokenizer.eos_token_id, tokenizer.pad_token_id}) == 3
