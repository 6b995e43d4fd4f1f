"""diffusers.video on tiny random Wan models: exact frame counts, continuation, fps resampling,
the picture reaching the pipeline, notices and refusals. Frames are noise: we check counts,
sizes, which frames went where, and what the pipeline was given."""

from __future__ import annotations

from fractions import Fraction

import diffusers
import numpy as np
import pytest
from PIL import Image as PILImage

from studio.engine.discovery import discover
from studio.plugins.api import Context, Kind, Media, Request
from studio.plugins.api import video_time as clip_time

FPS = 24


@pytest.fixture(scope="module")
def plugin():
    return discover(user_dirs=[], entry_points=False).get("diffusers.video")


@pytest.fixture(scope="module")
def gen(plugin):
    """One instance for the module: it keeps each tiny model loaded, as the engine's cache does."""
    return plugin()


@pytest.fixture
def pictures(tmp_path):
    rng = np.random.default_rng(0)
    paths = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.png"
        PILImage.fromarray(rng.integers(0, 256, (48, 80, 3), dtype=np.uint8)).save(path)
        paths.append(Media(Kind.IMAGE, path, role="first-frame"))
    return paths


@pytest.fixture
def calls(monkeypatch):
    """Every pipeline call's class, frame count and start picture, in order (then run as is)."""
    seen = []
    for cls in (diffusers.WanPipeline, diffusers.WanImageToVideoPipeline):
        original = cls.__call__

        def spy(self, *args, _original=original, **kwargs):
            seen.append((type(self).__name__, kwargs["num_frames"], kwargs.get("image")))
            return _original(self, *args, **kwargs)

        monkeypatch.setattr(cls, "__call__", spy)
    return seen


def run(gen, plugin, model, frames, *, image=None, ctx=None, seed=3, size=32, **params):
    params.setdefault("steps", 1)
    request = Request(
        prompt="a boat at night",
        params=plugin.Params(model=str(model), **params),
        seed=seed,
        width=size,
        height=size,
        duration=frames / FPS,
        fps=FPS,
        inputs=(image,) if image else (),
    )
    return gen.generate(request, ctx or Context())


@pytest.mark.parametrize(
    ("frames", "segments"),
    [(3, (5,)), (5, (5,)), (12, (5, 5, 5))],
    ids=["shorter", "native", "longer"],
)
def test_exact_frame_count_shorter_equal_and_longer_than_native(
    gen, plugin, tiny_wan_i2v, calls, frames, segments
):
    # Wan 2.2 TI2V makes 24 fps: no resampling, so the count comes from the segment plan alone.
    video = run(gen, plugin, tiny_wan_i2v, frames, segment_frames=5)
    assert video.frames.shape == (frames, 32, 32, 3) and video.fps == FPS
    assert tuple(n for _, n, _ in calls) == segments
    # Text starts the clip; each later part continues from the previous part's last frame.
    assert [name for name, _, _ in calls] == ["WanPipeline"] + ["WanImageToVideoPipeline"] * (
        len(segments) - 1
    )


def test_continuation_starts_from_the_last_frame_made(gen, plugin, tiny_wan_i2v, calls):
    video = run(gen, plugin, tiny_wan_i2v, 9, segment_frames=5)
    start_of_part_2 = np.asarray(calls[1][2])
    assert np.array_equal(start_of_part_2, video.frames[4])  # part 1's last = frame 4


def test_16_fps_model_is_resampled_to_the_projects_frames(gen, plugin, tiny_wan_t2v, calls):
    # Wan 2.1 makes 16 fps: one second at 24 fps reads 17 model frames, each project frame
    # the nearest in time; compare with the same call made directly.
    video = run(gen, plugin, tiny_wan_t2v, FPS, seed=5)
    assert video.frames.shape == (FPS, 32, 32, 3) and video.fps == FPS
    assert calls[0][1] == 17
    pipe = gen.loaded.pipe("WanPipeline")
    direct = _direct(pipe, num_frames=17, seed=5)
    expected = direct[clip_time.nearest_indices(FPS, Fraction(16), Fraction(FPS))]
    assert np.array_equal(video.frames, expected)
    blended = run(gen, plugin, tiny_wan_t2v, FPS, seed=5, time_resample="blend")
    assert blended.frames.shape == video.frames.shape
    assert np.array_equal(blended.frames[0], direct[0]) and np.array_equal(
        blended.frames[3], direct[2]
    )  # frames at whole model times are the model's own; those between are mixes


def test_the_picture_reaches_the_pipeline_and_steers_the_clip(
    gen, plugin, tiny_wan_i2v, pictures, calls
):
    first, second = pictures
    a = run(gen, plugin, tiny_wan_i2v, 5, image=first, size=64)
    b = run(gen, plugin, tiny_wan_i2v, 5, image=second, size=64)
    given = calls[0][2]
    assert calls[0][0] == "WanImageToVideoPipeline" and given.size == (64, 64)
    # The 80x48 picture is centre-cropped to the square frame, not stretched.
    crop = first.image().crop((16, 0, 64, 48)).resize((64, 64), PILImage.Resampling.LANCZOS)
    assert np.abs(np.asarray(given, int) - np.asarray(crop, int)).mean() < 2
    assert not np.array_equal(a.frames, b.frames)  # same seed, other picture, other clip
    again = run(gen, plugin, tiny_wan_i2v, 5, image=first, size=64)
    assert np.array_equal(a.frames, again.frames)  # and the difference is the picture's


def test_size_is_snapped_with_a_notice(gen, plugin, tiny_wan_t2v):
    messages = []
    ctx = Context(on_progress=lambda fraction, message: messages.append(message))
    video = run(gen, plugin, tiny_wan_t2v, 5, ctx=ctx, size=40, model_fps=FPS)
    assert video.frames.shape[1:3] == (32, 32)
    assert any("40x40 → 32x32" in m and "multiples of 16" in m for m in messages)


def test_a_size_past_the_models_reach_is_refused_in_words_before_it_runs(gen, plugin, tiny_wan_t2v):
    # The tiny model's position table reaches 32 patches of 16 pixels: 512 a side. Past it
    # the transformer failed with "shape '[1, 1, 256, -1]' is invalid".
    with pytest.raises(ValueError, match="at most 512 pixels a side; 4096x16 is too large"):
        run(gen, plugin, tiny_wan_t2v, 5, size=16, width=4096, height=16, model_fps=FPS)


def test_progress_counts_every_step_of_every_part_and_previews(gen, plugin, tiny_wan_i2v):
    fractions, previews = [], []
    ctx = Context(
        on_progress=lambda fraction, message: fractions.append((fraction, message)),
        on_preview=previews.append,
    )
    run(gen, plugin, tiny_wan_i2v, 9, ctx=ctx, steps=2, segment_frames=5, preview_every_s=1e-6)
    steps = [(f, m) for f, m in fractions if "step" in m]
    assert [round(f, 2) for f, _ in steps] == [0.25, 0.5, 0.75, 1.0]
    assert steps[2][1] == "part 2/2, step 1"
    assert len(previews) == 4 and all(p.size == (32, 32) for p in previews)


def test_text_only_model_refuses_a_picture_and_a_long_shot(gen, plugin, tiny_wan_t2v, pictures):
    with pytest.raises(ValueError, match="from text only"):
        run(gen, plugin, tiny_wan_t2v, 5, image=pictures[0])
    with pytest.raises(ValueError, match="cannot continue from a frame"):
        run(gen, plugin, tiny_wan_t2v, 30, segment_frames=9)


def test_a_model_not_on_this_machine_is_not_downloaded(plugin, monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    with pytest.raises(OSError, match="is not installed: download it in the Models window"):
        run(plugin(), plugin, "storyreel-tests/no-such-model", 5)


def _direct(pipe, num_frames, seed):
    import torch

    out = pipe(
        prompt="a boat at night",
        width=32,
        height=32,
        num_frames=num_frames,
        num_inference_steps=1,
        guidance_scale=5.0,
        generator=torch.Generator("cpu").manual_seed(seed),
        output_type="np",
    ).frames[0]
    return (np.clip(out, 0, 1) * 255).round().astype(np.uint8)
