"""The tiny StableAudio and MusicGen builders load and make audio of the asked length."""

import pytest
import torch
from diffusers import StableAudioPipeline
from transformers import AutoProcessor, MusicgenForConditionalGeneration, StoppingCriteria


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:.*weight_norm.*:FutureWarning")  # diffusers' Oobleck VAE
def test_tiny_stable_audio_makes_one_second_of_stereo(tiny_stable_audio):
    pipe = StableAudioPipeline.from_pretrained(tiny_stable_audio, local_files_only=True)
    pipe.set_progress_bar_config(disable=True)
    steps = []
    audio = pipe(
        "rain on a tin roof",
        audio_end_in_s=1.0,
        num_inference_steps=4,
        generator=torch.Generator().manual_seed(0),
        callback=lambda step, t, latents: steps.append(step),
    ).audios
    assert pipe.vae.sampling_rate == 8000
    assert audio.shape == (1, 2, 8000)
    assert len(steps) == 4
    max_seconds = pipe.transformer.config.sample_size * pipe.vae.hop_length / 8000
    assert max_seconds == pytest.approx(2.048)


class _CountSteps(StoppingCriteria):
    def __init__(self):
        self.calls = 0

    def __call__(self, input_ids, scores, **kwargs):
        self.calls += 1
        return torch.zeros(input_ids.shape[0], dtype=torch.bool)


@pytest.mark.slow
def test_tiny_musicgen_turns_50_tokens_into_a_second_of_audio(tiny_musicgen):
    model = MusicgenForConditionalGeneration.from_pretrained(tiny_musicgen, local_files_only=True)
    processor = AutoProcessor.from_pretrained(tiny_musicgen, local_files_only=True)
    inputs = processor(text=["calm piano"], padding=True, return_tensors="pt")
    counter = _CountSteps()
    torch.manual_seed(0)
    audio = model.generate(**inputs, max_new_tokens=50, stopping_criteria=[counter])
    rate = model.config.audio_encoder.sampling_rate
    assert rate == processor.feature_extractor.sampling_rate == 16000
    assert audio.shape[:2] == (1, 1)
    # The codebook delay pattern costs one frame of the 50: 49 frames of 320 samples.
    assert audio.shape[-1] == 49 * 320
    assert counter.calls >= 49
