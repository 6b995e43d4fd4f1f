"""A tiny random-weight VITS (the MMS-TTS architecture, shrunk): speech from text in tests."""

from __future__ import annotations

import json
from pathlib import Path

from studio.testing._setup import go_offline_and_quiet, seeded

VITS_SAMPLING_RATE = 16000
VITS_SPEAKERS = 4
# Letters, a space and an apostrophe, as MMS-TTS's English vocabulary (id 0 is the blank
# the tokenizer puts between characters).
_VOCAB = ["_", " ", "'", *"abcdefghijklmnopqrstuvwxyz", "<unk>"]


def build_tiny_vits(folder: Path, seed: int = 0, speakers: int = VITS_SPEAKERS) -> Path:
    """Save a tiny multi-speaker VitsModel (16 kHz, 256 samples per spectrogram frame) and its
    character tokenizer to `folder` and return it."""
    go_offline_and_quiet()
    from transformers import VitsConfig, VitsModel, VitsTokenizer

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vocab = folder / "vocab.json"
    vocab.write_text(json.dumps({token: n for n, token in enumerate(_VOCAB)}), encoding="utf-8")
    tokenizer = VitsTokenizer(
        str(vocab), pad_token="_", unk_token="<unk>", phonemize=False, normalize=True
    )
    config = tiny_vits_config(VitsConfig, len(_VOCAB), speakers)
    with seeded(seed):
        model = VitsModel(config)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def tiny_vits_config(config_class, vocab_size: int, speakers: int):
    return config_class(
        vocab_size=vocab_size,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        ffn_dim=16,
        flow_size=16,
        spectrogram_bins=17,
        num_speakers=speakers,
        speaker_embedding_size=8 if speakers > 1 else 0,
        upsample_initial_channel=16,
        upsample_rates=(8, 8, 4),
        upsample_kernel_sizes=(16, 16, 8),
        resblock_kernel_sizes=(3,),
        resblock_dilation_sizes=((1,),),
        duration_predictor_filter_channels=16,
        duration_predictor_num_flows=1,
        prior_encoder_num_flows=1,
        prior_encoder_num_wavenet_layers=1,
        posterior_encoder_num_wavenet_layers=1,
        sampling_rate=VITS_SAMPLING_RATE,
    )
