"""probe() and guess_kind(): kinds by content, exact lengths and rates, clear errors."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from PIL import Image

from studio.errors import MediaError
from studio.media import synth
from studio.media.probe import SUPPORTED_EXTENSIONS, guess_kind, probe


@pytest.mark.parametrize(
    ("frames", "fps"),
    [(1, 24), (25, 25), (31, Fraction(30000, 1001)), (17, Fraction(24000, 1001)), (9, 60)],
)
def test_a_written_video_probes_back_with_its_exact_frame_count_and_rate(tmp_path, frames, fps):
    path = synth.write_test_video(tmp_path / "clip.mp4", frames, fps, (64, 36))

    info = probe(path)

    assert info.kind == "video"
    assert info.frames == frames
    assert info.fps == Fraction(fps)
    assert isinstance(info.fps, Fraction)
    assert (info.width, info.height) == (64, 36)
    assert info.codec == "h264"
    assert info.has_audio is False
    assert info.duration == frames / Fraction(fps)


def test_a_video_with_sound_reports_its_audio_track(video_with_audio):
    info = probe(video_with_audio.path)

    assert (info.kind, info.frames, info.fps) == ("video", 37, Fraction(24000, 1001))
    assert (info.width, info.height) == video_with_audio.size
    assert info.has_audio is True
    assert (info.sample_rate, info.channels) == (48000, 2)
    seconds = 37 / Fraction(24000, 1001)
    assert abs(info.samples - seconds * 48000) < 2048  # AAC pads to whole 1024-sample frames


@pytest.mark.parametrize(
    ("name", "subtype", "codec"),
    [
        ("a.wav", "PCM_16", "pcm_16"),
        ("a.wav", "FLOAT", "float"),
        ("a.flac", "PCM_24", "flac"),
        ("a.ogg", None, "vorbis"),
        ("a.aiff", "PCM_16", "aiff"),
    ],
)
def test_soundfile_formats_probe_with_exact_sample_counts(tmp_path, name, subtype, codec):
    path = synth.write_tone(tmp_path / name, 0.75, 22050, 1, subtype=subtype)

    info = probe(path)

    assert info.kind == "audio"
    assert (info.sample_rate, info.samples, info.channels) == (22050, 16538, 1)
    assert info.codec == codec
    assert info.duration == Fraction(16538, 22050)
    assert info.width is info.height is info.fps is info.frames is None


@pytest.mark.parametrize(("name", "codec"), [("a.m4a", "aac"), ("a.mp3", "mp3")])
def test_compressed_audio_probes_as_audio(tmp_path, name, codec):
    path = synth.write_tone(tmp_path / name, 1.0, 44100, 2)

    info = probe(path)

    assert (info.kind, info.codec, info.sample_rate, info.channels) == ("audio", codec, 44100, 2)
    assert abs(info.samples - 44100) <= 2048  # encoders pad to whole frames


@pytest.mark.parametrize(
    ("suffix", "pillow_format", "codec"),
    [
        (".png", "PNG", "png"),
        (".jpg", "JPEG", "jpeg"),
        (".webp", "WEBP", "webp"),
        (".tiff", "TIFF", "tiff"),
        (".bmp", "BMP", "bmp"),
        (".gif", "GIF", "gif"),
    ],
)
def test_images_probe_with_their_size(card_png, tmp_path, suffix, pillow_format, codec):
    path = tmp_path / f"card{suffix}"
    with Image.open(card_png) as card:
        card.save(path, format=pillow_format)

    info = probe(path)

    assert (info.kind, info.codec, info.width, info.height) == ("image", codec, 320, 180)
    assert info.duration is None


def test_the_kind_comes_from_the_content_not_the_extension(card_png, tone_wav, tmp_path):
    image_named_mp4 = shutil.copy(card_png, tmp_path / "really_a_png.mp4")
    audio_named_png = shutil.copy(tone_wav, tmp_path / "really_a_wav.png")

    assert probe(image_named_mp4).kind == "image"
    assert probe(audio_named_png).kind == "audio"


def _assert_clear_error(error: pytest.ExceptionInfo[MediaError], path: Path) -> str:
    message = str(error.value)
    assert os.fspath(path) in message
    assert "\n" not in message
    assert "Error" not in message  # no bare exception class names such as InvalidDataError
    return message


def test_random_bytes_named_mp4_is_a_clear_media_error(tmp_path):
    path = tmp_path / "broken.mp4"
    path.write_bytes(os.urandom(4096))

    with pytest.raises(MediaError) as error:
        probe(path)

    assert "damaged" in _assert_clear_error(error, path)


def test_a_truncated_video_is_a_clear_media_error(video_with_audio, tmp_path):
    path = tmp_path / "truncated.mp4"
    path.write_bytes(video_with_audio.path.read_bytes()[:300])

    with pytest.raises(MediaError) as error:
        probe(path)

    _assert_clear_error(error, path)


def test_an_empty_file_is_a_clear_media_error(tmp_path):
    path = tmp_path / "empty.wav"
    path.touch()

    with pytest.raises(MediaError) as error:
        probe(path)

    assert "empty" in _assert_clear_error(error, path)


def test_a_missing_file_is_a_clear_media_error(tmp_path):
    path = tmp_path / "nowhere.mov"

    with pytest.raises(MediaError) as error:
        probe(path)

    assert "no such file" in _assert_clear_error(error, path)


def test_a_folder_is_a_clear_media_error(tmp_path):
    with pytest.raises(MediaError) as error:
        probe(tmp_path)

    assert "folder" in _assert_clear_error(error, tmp_path)


def test_probing_a_sound_file_loads_neither_pyav_nor_pillow(tone_wav):
    """A command landing a generated score probes a WAV: PyAV and Pillow (100 ms of
    imports) stay out, with the importer that lands it."""
    code = (
        "import sys; from studio.media import probe; info = probe(sys.argv[1]);"
        "import studio.workflows.importer;"
        "print(info.kind, sorted({'av', 'PIL'} & set(sys.modules)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(tone_wav)], capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["audio", "[]"]


def test_a_webp_is_an_image_though_it_starts_as_a_wav_does(card_png, tmp_path):
    path = tmp_path / "card.webp"
    Image.open(card_png).save(path, "WEBP")
    assert path.read_bytes()[:4] == b"RIFF"

    assert probe(path).kind == "image"


def test_a_text_file_named_wav_is_a_clear_media_error(tmp_path):
    path = tmp_path / "notes.wav"
    path.write_text("INT. KITCHEN - NIGHT\nShe opens the fridge.\n" * 40)

    with pytest.raises(MediaError) as error:
        probe(path)

    assert "not an image, audio or video file" in _assert_clear_error(error, path)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("shot.MP4", "video"),
        ("take.mov", "video"),
        ("score.flac", "audio"),
        ("voice.M4A", "audio"),
        ("board.jpeg", "image"),
        ("board.TIF", "image"),
        ("notes.txt", None),
        ("no_extension", None),
    ],
)
def test_guess_kind_uses_the_extension_only(name, kind):
    assert guess_kind(name) == kind
    assert guess_kind(Path("/some/folder") / name) == kind


def test_supported_extensions_are_lowercase_dotted_and_disjoint():
    seen: set[str] = set()
    for kind, extensions in SUPPORTED_EXTENSIONS.items():
        assert kind in {"image", "video", "audio"}
        for extension in extensions:
            assert extension.startswith(".") and extension == extension.lower()
            assert guess_kind(f"x{extension}") == kind
        assert not seen & extensions
        seen |= extensions
