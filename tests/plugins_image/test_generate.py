"""The real plugin on the tiny random SD pipeline: sizes, steps, previews, cancel, batches."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image as PILImage

from studio.plugins.api import Cancelled, Image, Kind, Media, Request

from .conftest import Recorder


def run(generator, params, recorder=None, **request):
    recorder = recorder or Recorder()
    request.setdefault("prompt", "a lighthouse in fog")
    output = generator.generate(Request(params=params, **request), recorder.context())
    return output, recorder


def test_text_to_image_at_the_requested_size_reports_every_step(generator, params):
    output, rec = run(generator, params(), width=128, height=64)
    assert isinstance(output, Image)
    assert output.image.size == (128, 64) and output.image.mode == "RGB"
    assert rec.steps == ["step 1/4", "step 2/4", "step 3/4", "step 4/4"]
    fractions = [f for f, _ in rec.progress]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    # Previews are the latent-size projection: 1/8 of the image each way.
    assert len(rec.previews) == 4 and rec.previews[0].size == (16, 8)


def test_previews_are_throttled_and_can_be_turned_off(generator, params):
    _, throttled = run(generator, params(preview_interval_ms=10_000), width=64, height=64)
    assert len(throttled.previews) == 1  # the first step only
    _, off = run(generator, params(previews=False), width=64, height=64)
    assert off.previews == [] and len(off.steps) == 4


def test_image_to_image_keeps_the_size_and_runs_strength_times_steps(generator, params, tmp_path):
    frame = tmp_path / "take.png"
    PILImage.new("RGB", (200, 100), (200, 40, 40)).save(frame)
    output, rec = run(
        generator,
        params(steps=8, strength=0.5),
        width=128,
        height=64,
        inputs=(Media(Kind.IMAGE, frame, role="take"),),
    )
    assert output.image.size == (128, 64)
    assert rec.steps[-1] == "step 4/4"  # 8 steps × strength 0.5


def test_a_neighbouring_frame_does_not_turn_text_to_image_into_a_variation(
    generator, params, tmp_path
):
    frame = tmp_path / "previous.png"
    PILImage.new("RGB", (64, 64)).save(frame)
    inputs = (Media(Kind.IMAGE, frame, role="previous-shot"),)
    _, rec = run(generator, params(strength=0.5), width=64, height=64, inputs=inputs)
    assert len(rec.steps) == 4


def test_an_odd_size_is_snapped_with_a_notice(generator, params):
    output, rec = run(generator, params(), width=100, height=70)
    assert output.image.size == (128, 64)
    assert any("100x70 snapped to 128x64" in m for _, m in rec.progress)


def test_variations_match_single_runs_with_the_following_seeds(generator, params):
    batch, _ = run(generator, params(variations=2), width=64, height=64, seed=11)
    single, _ = run(generator, params(), width=64, height=64, seed=12)
    assert batch.seeds == (11, 12) and len(batch.variations) == 1
    difference = np.abs(np.asarray(batch.variations[0], int) - np.asarray(single.image, int))
    assert difference.max() <= 2  # batched convolutions may round differently


def test_cancel_stops_within_the_step_and_the_pipeline_stays_usable(generator, params):
    rec = Recorder(cancel_at_step=2)
    with pytest.raises(Cancelled):
        run(generator, params(steps=20), rec, width=64, height=64)
    assert rec.steps == ["step 1/20", "step 2/20"]
    output, again = run(generator, params(), width=64, height=64)
    assert output.image.size == (64, 64) and len(again.steps) == 4


def test_a_scheduler_can_be_chosen_and_restored(generator, params):
    _, rec = run(generator, params(scheduler="euler-ancestral"), width=64, height=64)
    pipe = generator.loaded.pipeline("text-to-image")
    assert type(pipe.scheduler).__name__ == "EulerAncestralDiscreteScheduler"
    assert len(rec.steps) == 4
    run(generator, params(), width=64, height=64)
    assert pipe.scheduler is generator.loaded.default_scheduler


@pytest.mark.parametrize(
    ("pixels", "reason"), [(float("nan"), "NaN pixels"), (-1.0, "an all-black image")]
)
def test_nan_or_black_output_is_a_failure(generator, params, monkeypatch, pixels, reason):
    pipe = generator.loaded.pipeline("text-to-image")
    monkeypatch.setattr(pipe.vae, "decode", _decoder_returning(pixels, pipe.vae.decode))
    with pytest.raises(RuntimeError, match=f"the model returned {reason}"):
        run(generator, params(), width=64, height=64)


def _decoder_returning(value, decode):
    def fake(latents, *args, **kwargs):
        sample = decode(latents, *args, **kwargs)[0]
        return (sample.new_full(sample.shape, value),)

    return fake
