"""Tiny random-weight audio models: StableAudio, MusicGen and MusicGen-Melody."""

from __future__ import annotations

from pathlib import Path

from studio.testing._setup import go_offline_and_quiet, seeded
from studio.testing.tokenizers import tiny_t5_tokenizer

STABLE_AUDIO_SAMPLING_RATE = 8000
MUSICGEN_SAMPLING_RATE = 16000


def build_tiny_stable_audio(folder: Path, seed: int = 0) -> Path:
    """Save a tiny StableAudioPipeline (stereo, 8 kHz, up to 2.048 s) to `folder` and return it."""
    go_offline_and_quiet()
    from diffusers import (
        AutoencoderOobleck,
        EDMDPMSolverMultistepScheduler,
        StableAudioDiTModel,
        StableAudioPipeline,
        StableAudioProjectionModel,
    )
    from transformers import T5Config, T5EncoderModel

    tokenizer = tiny_t5_tokenizer()
    with seeded(seed):
        # The longest clip is sample_size x hop / rate = 512 x (4*8) / 8000 = 2.048 s.
        transformer = StableAudioDiTModel(
            sample_size=512,
            in_channels=3,
            num_layers=2,
            attention_head_dim=4,
            num_attention_heads=2,
            num_key_value_attention_heads=2,
            out_channels=3,
            cross_attention_dim=4,
            time_proj_dim=8,
            global_states_input_dim=8,  # start and end seconds, each conditioning_dim wide
            cross_attention_input_dim=4,
        )
        vae = AutoencoderOobleck(
            encoder_hidden_size=6,
            downsampling_ratios=[4, 8],
            channel_multiples=[2, 4],
            decoder_channels=3,
            decoder_input_channels=3,
            audio_channels=2,
            sampling_rate=STABLE_AUDIO_SAMPLING_RATE,
        )
        text_encoder = T5EncoderModel(_tiny_t5_config(T5Config, len(tokenizer), d_model=16))
        projection_model = StableAudioProjectionModel(
            text_encoder_dim=16, conditioning_dim=4, min_value=0, max_value=32
        )
    # EDM rather than StableAudio's usual CosineDPMSolver: that one needs torchsde.
    scheduler = EDMDPMSolverMultistepScheduler(
        solver_order=2,
        prediction_type="v_prediction",
        sigma_data=1.0,
        sigma_schedule="exponential",
    )
    pipe = StableAudioPipeline(
        vae=vae,
        text_encoder=text_encoder,
        projection_model=projection_model,
        tokenizer=tokenizer,
        transformer=transformer,
        scheduler=scheduler,
    )
    pipe.save_pretrained(folder)
    return Path(folder)


CODEBOOK_SIZE = 64


def build_tiny_musicgen(folder: Path, seed: int = 0) -> Path:
    """Save a tiny MusicGen (16 kHz mono, 50 tokens per second) and its processor to `folder`."""
    go_offline_and_quiet()
    from transformers import (
        EncodecFeatureExtractor,
        MusicgenConfig,
        MusicgenDecoderConfig,
        MusicgenForConditionalGeneration,
        MusicgenProcessor,
    )

    tokenizer = tiny_t5_tokenizer()
    config = MusicgenConfig(**_tiny_musicgen_parts(tokenizer, MusicgenDecoderConfig))
    with seeded(seed):
        model = MusicgenForConditionalGeneration(config)
    _sampling_defaults(model)
    feature_extractor = EncodecFeatureExtractor(
        feature_size=1, sampling_rate=MUSICGEN_SAMPLING_RATE, padding_value=0.0
    )
    processor = MusicgenProcessor(feature_extractor=feature_extractor, tokenizer=tokenizer)
    model.save_pretrained(folder)
    processor.save_pretrained(folder)
    return Path(folder)


def build_tiny_musicgen_melody(folder: Path, seed: int = 0) -> Path:
    """Save a tiny MusicGen-Melody (16 kHz mono, 50 tokens per second) to `folder`.

    Saved as the real checkpoints are laid out: weights, tokenizer and a
    `preprocessor_config.json` for the chroma features (written directly, because
    transformers' feature extractor class cannot be built without torchaudio).
    """
    go_offline_and_quiet()
    import json

    from transformers import (
        MusicgenMelodyConfig,
        MusicgenMelodyDecoderConfig,
        MusicgenMelodyForConditionalGeneration,
    )

    tokenizer = tiny_t5_tokenizer()
    parts = _tiny_musicgen_parts(tokenizer, MusicgenMelodyDecoderConfig)
    config = MusicgenMelodyConfig(**parts, num_chroma=12, chroma_length=40)
    with seeded(seed):
        model = MusicgenMelodyForConditionalGeneration(config)
    _sampling_defaults(model)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    features = {
        "feature_extractor_type": "MusicgenMelodyFeatureExtractor",
        "processor_class": "MusicgenMelodyProcessor",
        "feature_size": 12,
        "num_chroma": 12,
        "sampling_rate": MUSICGEN_SAMPLING_RATE,
        "n_fft": 2048,
        "hop_length": 512,
        "chunk_length": 30,
        "padding_value": 0.0,
        "return_attention_mask": False,
    }
    (Path(folder) / "preprocessor_config.json").write_text(json.dumps(features, indent=2))
    return Path(folder)


def _tiny_musicgen_parts(tokenizer, decoder_config_class) -> dict:
    """The text encoder, audio codec and decoder configs both MusicGen kinds share."""
    from transformers import EncodecConfig, T5Config

    audio_config = EncodecConfig(
        hidden_size=16,
        num_filters=4,
        sampling_rate=MUSICGEN_SAMPLING_RATE,
        codebook_size=CODEBOOK_SIZE,
        # Two quantizers: bandwidth 0.6 kbps at 50 frames/s of 6-bit codes.
        target_bandwidths=[0.6],
        num_lstm_layers=1,
    )
    decoder_config = decoder_config_class(
        vocab_size=CODEBOOK_SIZE,
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=2,
        ffn_dim=32,
        num_codebooks=2,
        max_position_embeddings=512,
        # One past the codebook, as in the real checkpoints (2048 for 2048 codes).
        pad_token_id=CODEBOOK_SIZE,
        bos_token_id=CODEBOOK_SIZE,
    )
    return {
        "text_encoder": _tiny_t5_config(T5Config, len(tokenizer), d_model=16).to_dict(),
        "audio_encoder": audio_config.to_dict(),
        "decoder": decoder_config.to_dict(),
    }


def _sampling_defaults(model) -> None:
    generation = model.generation_config
    generation.decoder_start_token_id = CODEBOOK_SIZE
    generation.pad_token_id = CODEBOOK_SIZE
    generation.bos_token_id = CODEBOOK_SIZE
    generation.do_sample = True
    generation.guidance_scale = 3.0
    generation.max_new_tokens = 100


def _tiny_t5_config(config_class, vocab_size: int, d_model: int):
    return config_class(
        vocab_size=vocab_size,
        d_model=d_model,
        d_kv=4,
        d_ff=32,
        num_layers=2,
        num_heads=2,
        relative_attention_num_buckets=8,
        pad_token_id=0,
        eos_token_id=1,
        decoder_start_token_id=0,
    )
