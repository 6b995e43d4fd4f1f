"""A sound file's length is the samples it decodes to, not what its header or tags state."""

from __future__ import annotations

from fractions import Fraction

import pytest

from studio.media.mix import decode_audio
from studio.media.probe import probe
from studio.model import TrackKind

from .conftest import add_asset, make_project, place
from .makers import RATE, decoded_samples, stated_samples, write_opus

FIVE_SECONDS = 5 * RATE


@pytest.mark.parametrize(("container", "suffix"), [("webm", ".webm"), ("ogg", ".opus")])
def test_opus_length_is_counted_from_decoded_samples(tmp_path, container, suffix):
    path = write_opus(tmp_path / f"voice{suffix}", FIVE_SECONDS, container)
    assert decoded_samples(path) == FIVE_SECONDS  # FFmpeg's own count, the reference

    info = probe(path)

    assert (info.kind, info.sample_rate) == ("audio", RATE)
    assert info.samples == FIVE_SECONDS
    assert len(decode_audio(path, RATE)) == info.samples  # the mix plays exactly that


def test_webm_states_a_longer_length_than_decodes(tmp_path):
    # The container's duration tag (milliseconds, rounded up with the encoder's padding)
    # is what the length came from before: 384 samples too many.
    path = write_opus(tmp_path / "voice.webm", FIVE_SECONDS, "webm")

    assert stated_samples(path) == 240_384


def test_a_clip_of_the_sound_is_as_long_as_the_sound(tmp_path):
    path = write_opus(tmp_path / "voice.webm", 4 * RATE + RATE // 5, "webm")  # 4.2 s
    doc = make_project(tmp_path / "p")
    asset = add_asset(doc, path)
    place(doc, TrackKind.AUDIO, asset, 0, asset.length_frames(doc.project.settings.fps))

    assert asset.samples == 201_600
    assert doc.project.duration == 101 == round(Fraction(201_600, RATE) * 24)
