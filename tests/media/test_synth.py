"""synth: sample media of exact lengths, the same bytes on every run, readable cards."""

from __future__ import annotations

import os
from fractions import Fraction

import av
import numpy as np
import pytest
import soundfile
from PIL import Image

from studio.errors import MediaError
from studio.media import synth


def test_a_test_video_decodes_to_exactly_the_frames_asked(tmp_path):
    path = synth.write_test_video(tmp_path / "clip.mp4", 29, Fraction(30000, 1001), (96, 54))

    with av.open(os.fspath(path)) as container:
        stream = container.streams.video[0]
        assert stream.pix_fmt == "yuv420p"
        pictures = [frame.to_ndarray(format="rgb24") for frame in container.decode(stream)]

    assert len(pictures) == 29
    assert pictures[0].shape == (54, 96, 3)
    # The sweeping bar makes consecutive frames different.
    assert all(not np.array_equal(a, b) for a, b in zip(pictures, pictures[1:], strict=False))


def test_a_test_video_with_audio_has_a_tone_as_long_as_the_picture(tmp_path):
    path = synth.write_test_video(tmp_path / "clip.mp4", 24, 24, (64, 36), with_audio=True)

    with av.open(os.fspath(path)) as container:
        samples = sum(frame.samples for frame in container.decode(audio=0))

    assert abs(samples - 48000) <= 1024


@pytest.mark.parametrize("size", [(63, 36), (64, 35), (0, 0)])
def test_a_test_video_needs_an_even_size(tmp_path, size):
    with pytest.raises(ValueError, match="even"):
        synth.write_test_video(tmp_path / "odd.mp4", 3, 24, size)


def test_a_tone_has_the_exact_length_and_channel_levels(tmp_path):
    path = synth.write_tone(tmp_path / "tone.flac", Fraction(1, 3), 48000, 2, freq=1000.0)

    audio, rate = soundfile.read(path, always_2d=True)

    assert rate == 48000 and audio.shape == (16000, 2)
    np.testing.assert_allclose(np.abs(audio).max(axis=0), [0.8, 0.4], atol=1e-3)


def test_a_long_tone_crosses_write_blocks_without_a_seam(tmp_path):
    path = synth.write_tone(tmp_path / "tone.wav", 2.0, 48000, 1, subtype="FLOAT")

    audio, _ = soundfile.read(path, dtype="float64")

    expected = 0.8 * np.sin(2 * np.pi * 440.0 * np.arange(96000) / 48000)
    np.testing.assert_allclose(audio, expected, atol=1e-6)


def test_sample_media_is_the_same_on_every_run(tmp_path):
    first = synth.write_tone(tmp_path / "a.wav", 0.2, 22050, 2)
    second = synth.write_tone(tmp_path / "b.wav", 0.2, 22050, 2)
    card_one = synth.write_card(tmp_path / "a.png", (200, 100), "Shot 4", "navy")
    card_two = synth.write_card(tmp_path / "b.png", (200, 100), "Shot 4", "navy")
    video_one = synth.write_test_video(tmp_path / "a.mp4", 5, 24, (32, 32))
    video_two = synth.write_test_video(tmp_path / "b.mp4", 5, 24, (32, 32))

    assert first.read_bytes() == second.read_bytes()
    assert card_one.read_bytes() == card_two.read_bytes()
    with av.open(os.fspath(video_one)) as one, av.open(os.fspath(video_two)) as two:
        for a, b in zip(one.decode(video=0), two.decode(video=0), strict=True):
            np.testing.assert_array_equal(a.to_ndarray(), b.to_ndarray())


def test_a_tone_refuses_formats_it_cannot_write(tmp_path):
    with pytest.raises(MediaError, match="tone.txt"):
        synth.write_tone(tmp_path / "tone.txt", 0.1)


@pytest.mark.parametrize(("color", "ink"), [("white", 0), ((20, 20, 60), 255), ("yellow", 0)])
def test_a_card_shows_its_text_in_a_contrasting_ink(tmp_path, color, ink):
    path = synth.write_card(tmp_path / "card.png", (320, 180), "INT. HOUSE", color)

    with Image.open(path) as card:
        assert card.format == "PNG" and card.size == (320, 180)
        background = card.getpixel((0, 0))
        pixels = np.asarray(card.convert("L"))

    assert background == Image.new("RGB", (1, 1), color).getpixel((0, 0))
    middle = pixels[70:110, 40:280]
    assert (middle == ink).sum() > 200  # solid glyph strokes at a readable size
    assert (pixels[:20] == pixels[0, 0]).all()  # nothing drawn near the top edge


def test_a_long_caption_wraps_inside_the_card(tmp_path):
    """A sample card's caption once ran off both edges; it must wrap and stay inside."""
    text = "3. Low angle: Mira climbs the spiral stair, lantern light, long shadows on stone"
    card = np.asarray(Image.open(synth.write_card(tmp_path / "c.png", (640, 360), text, "#6e4f34")))
    ink = np.abs(card.astype(int) - card[0, 0].astype(int)).sum(axis=2) > 60
    columns = np.flatnonzero(ink.any(axis=0))
    rows = np.flatnonzero(ink.any(axis=1))
    assert columns.min() > 640 * 0.04 and columns.max() < 640 * 0.96
    assert rows.min() > 0 and rows.max() < 359
    assert len(np.flatnonzero(np.diff(rows) > 5)) >= 1  # more than one line of text
