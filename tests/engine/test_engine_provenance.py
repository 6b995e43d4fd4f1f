"""Outputs written to files with provenance: sidecar, embedded copies, and regenerating a take."""

from __future__ import annotations

import av
import numpy as np
import pytest
import soundfile
from PIL import Image as PILImage
from pydantic import BaseModel, Field

from studio.engine import Engine, read_provenance
from studio.engine.outputs import new_media_path, write_output
from studio.engine.provenance import Provenance, provenance_for, sidecar_path
from studio.errors import MediaError
from studio.plugins.api import Audio, Generator, Image, Kind, Media, Request, Text, Video


class NoiseParams(BaseModel):
    model: str = Field("tiny/noise-v1", description="weights")
    strength: float = Field(0.5, ge=0, le=1)


class Noise(Generator):
    """Deterministic from its seed, like a diffusion model with a fixed generator."""

    id = "test.noise"
    name = "noise"
    version = "2.3.1"
    output = Kind.IMAGE
    accepts = (Kind.IMAGE, Kind.TEXT)
    Params = NoiseParams

    def generate(self, request, ctx):
        rng = np.random.default_rng(request.seed)
        pixels = rng.integers(0, 256, (request.height, request.width, 3), dtype=np.uint8)
        return Image(PILImage.fromarray(pixels))


def a_request(**fields) -> Request:
    defaults = dict(
        prompt="a lighthouse in fog " * 300,  # long, to outgrow WAV INFO comment limits
        negative_prompt="blurry",
        params=NoiseParams(strength=0.25),
        seed=1234,
        width=24,
        height=16,
        duration=1.5,
        fps=24.0,
        sample_rate=8000,
        inputs=(Media(Kind.TEXT, text="scene 4: the storm"), Media(Kind.IMAGE, role="prev")),
    )
    return Request(**(defaults | fields))


def provenance() -> Provenance:
    return provenance_for(Noise, a_request())


def test_provenance_records_everything_needed_to_regenerate():
    p = provenance()
    assert (p.generator, p.generator_version, p.model) == ("test.noise", "2.3.1", "tiny/noise-v1")
    assert p.params == {"model": "tiny/noise-v1", "strength": 0.25}
    assert (p.seed, p.negative_prompt, p.width, p.height) == (1234, "blurry", 24, 16)
    assert [i.text for i in p.inputs] == ["scene 4: the storm", None]
    assert p.created.endswith("+00:00")
    assert p.to_request(NoiseParams) == a_request()


OUTPUTS = {
    "take.png": Image(PILImage.new("RGB", (24, 16), "red")),
    "take.wav": Audio(np.zeros((800, 2), np.float32), 8000),
    "take.flac": Audio(np.zeros((800, 1), np.float32), 8000),
    "take.mp4": Video(np.zeros((5, 16, 24, 3), np.uint8), 24.0),
}


@pytest.mark.parametrize("name", sorted(OUTPUTS))
def test_provenance_round_trips_through_sidecar_and_the_file_itself(tmp_path, name):
    written = write_output(OUTPUTS[name], tmp_path / name, provenance())
    assert read_provenance(written) == provenance_from_sidecar(written)
    sidecar_path(written).unlink()
    embedded = read_provenance(written)  # now only the file's own metadata is left
    assert embedded is not None
    assert embedded.model_dump() == provenance_from_sidecar_text(written, embedded).model_dump()


def provenance_from_sidecar(path):
    return Provenance.from_json(sidecar_path(path).read_text())


def provenance_from_sidecar_text(path, embedded):
    expected = provenance()
    return expected.model_copy(update={"created": embedded.created})


def test_a_wav_with_embedded_provenance_still_reads_exactly(tmp_path):
    samples = np.linspace(-0.5, 0.5, 1000, dtype=np.float32).reshape(500, 2)
    path = write_output(Audio(samples, 8000), tmp_path / "a.wav", provenance())
    data, rate = soundfile.read(path, dtype="float32", always_2d=True)
    assert rate == 8000 and data.shape == (500, 2)
    assert np.allclose(data, samples, atol=1e-6)


@pytest.mark.parametrize(("frames", "fps"), [(37, 24000 / 1001), (1, 24.0), (50, 25.0)])
def test_mp4_has_exactly_the_frames_given_even_at_odd_sizes(tmp_path, frames, fps):
    pixels = np.zeros((frames, 15, 21, 3), np.uint8)
    path = write_output(Video(pixels, fps), tmp_path / "clip.mp4")
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        decoded = sum(1 for _ in container.decode(stream))
        assert (stream.width, stream.height) == (22, 16)  # padded to even for 4:2:0
        assert abs(float(stream.average_rate) - fps) < 1e-3
    assert decoded == frames


def test_video_with_sound_keeps_its_audio(tmp_path):
    clip = Video(
        np.zeros((24, 16, 16, 3), np.uint8), 24.0, Audio(np.zeros((8000, 2), np.float32), 8000)
    )
    path = write_output(clip, tmp_path / "sound.mp4")
    with av.open(str(path)) as container:
        assert len(container.streams.audio) == 1


def test_a_write_that_fails_half_way_leaves_no_file(tmp_path, monkeypatch):
    encode_frame = av.VideoFrame.from_ndarray
    calls = []

    def disk_full_on_the_third_frame(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("No space left on device")
        return encode_frame(*args, **kwargs)

    monkeypatch.setattr(av.VideoFrame, "from_ndarray", disk_full_on_the_third_frame)
    with pytest.raises(MediaError, match="No space"):
        write_output(Video(np.zeros((5, 8, 8, 3), np.uint8), 24.0), tmp_path / "clip.mp4")
    assert list(tmp_path.iterdir()) == []


def test_text_outputs_are_written_as_utf8(tmp_path):
    path = write_output(Text("INT. LIGHTHOUSE – NIGHT"), tmp_path / "scene.txt", provenance())
    assert path.read_text(encoding="utf-8") == "INT. LIGHTHOUSE – NIGHT"
    assert read_provenance(path).seed == 1234


def test_a_take_regenerated_from_its_provenance_is_identical(tmp_path):
    media = tmp_path / "Film.storyreel" / "media"
    with Engine(devices=["cpu"]) as engine:
        first = engine.submit(Noise, a_request(inputs=()), media_dir=media)
        assert first.wait(10), first.error
        assert first.path.parent == media and first.path.name.startswith("test-noise-")
        request = read_provenance(first.path).to_request(Noise.Params)
        second = engine.submit(Noise, request, media_dir=media)
        assert second.wait(10)
    assert second.path != first.path
    assert np.array_equal(
        np.asarray(PILImage.open(first.path)), np.asarray(PILImage.open(second.path))
    )


def test_new_media_paths_do_not_collide(tmp_path):
    names = {new_media_path(tmp_path, "vendor.model", Kind.AUDIO).name for _ in range(200)}
    assert len(names) == 200 and all(n.endswith(".wav") for n in names)
