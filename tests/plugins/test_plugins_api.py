"""The plugin API's own behaviour: request arithmetic, the context, conditioning media."""

from __future__ import annotations

import subprocess
import sys
import threading

import numpy as np
import pytest
import soundfile
from PIL import Image as PILImage

from studio.plugins.api import (
    API_VERSION,
    Cancelled,
    Context,
    Generator,
    Kind,
    Media,
    Request,
)


def test_api_version_is_major_minor():
    major, minor = API_VERSION.split(".")
    assert major.isdigit() and minor.isdigit()


@pytest.mark.parametrize(
    ("duration", "fps", "rate", "frames", "samples"),
    [
        (4.0, 24.0, 48000, 96, 192000),
        (1.0, 24000 / 1001, 44100, 24, 44100),
        (0.01, 25, 8000, 0, 80),
    ],
)
def test_request_counts_frames_and_samples_by_rounding(duration, fps, rate, frames, samples):
    request = Request(duration=duration, fps=fps, sample_rate=rate)
    assert (request.frame_count, request.sample_count) == (frames, samples)


def test_context_clamps_progress_and_raises_once_cancelled():
    seen, cancel = [], threading.Event()
    ctx = Context("cuda", on_progress=lambda f, m: seen.append((f, m)), cancel_event=cancel)
    ctx.progress(1.7, "over")
    ctx.progress(-1)
    ctx.check_cancelled()
    cancel.set()
    assert ctx.cancelled and ctx.device == "cuda"
    with pytest.raises(Cancelled):
        ctx.check_cancelled()
    assert seen == [(1.0, "over"), (0.0, "")]


def test_a_context_without_callbacks_is_usable_in_plugin_tests():
    ctx = Context()
    ctx.progress(0.5)
    ctx.preview(object())
    assert not ctx.cancelled


def test_a_generator_without_generate_cannot_be_instantiated():
    class Incomplete(Generator):
        id = "x.incomplete"
        output = Kind.TEXT

    with pytest.raises(TypeError):
        Incomplete()


def test_media_reads_images_audio_and_video(tmp_path):
    PILImage.new("L", (5, 3), 200).save(tmp_path / "a.png")
    soundfile.write(tmp_path / "a.wav", np.zeros((100, 2), np.float32), 8000)
    image = Media(Kind.IMAGE, tmp_path / "a.png").image()
    audio = Media(Kind.AUDIO, tmp_path / "a.wav").audio()
    assert (image.mode, image.size) == ("RGB", (5, 3))
    assert audio.samples.shape == (100, 2) and audio.samples.dtype == np.float32
    with pytest.raises(TypeError, match="this input is image, not audio"):
        Media(Kind.IMAGE, tmp_path / "a.png").audio()
    with pytest.raises(ValueError, match="has no file"):
        Media(Kind.IMAGE).image()


def test_request_filters_inputs_by_kind():
    text, image = Media(Kind.TEXT, text="scene"), Media(Kind.IMAGE, role="previous-shot")
    assert Request(inputs=(text, image)).inputs_of(Kind.IMAGE) == (image,)


def test_importing_the_api_and_the_engine_loads_no_model_stack_or_qt():
    code = (
        "import sys, studio.plugins.api, studio.engine, studio.cli_commands.plugins\n"
        "heavy = {'torch', 'diffusers', 'transformers', 'PySide6'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
