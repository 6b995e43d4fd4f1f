"""Render: exact frame counts, duration, audio/video sync, formats, cancel and failure."""

from __future__ import annotations

import os
from fractions import Fraction

import av
import numpy as np
import pytest
import soundfile

from studio.errors import MediaError, UserError
from studio.media.render import RenderCancelled, RenderJob, render, render_animatic
from studio.model import Shot
from studio.model.time import frames_to_samples

from .conftest import add_asset, click_wav, make_project, place


def decoded_video(path):
    """(times in seconds, mean brightness) of every frame, and the frame size."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = [
            (float(f.pts * f.time_base), f.to_ndarray(format="gray").mean())
            for f in container.decode(stream)
        ]
        return frames, (stream.codec_context.width, stream.codec_context.height)


def decoded_audio(path):
    """(time of the first sample, samples [n, channels]) of the first audio stream."""
    with av.open(str(path)) as container:
        blocks, first = [], None
        for frame in container.decode(audio=0):
            if first is None:
                first = float(frame.pts * frame.time_base)
            blocks.append(
                frame.to_ndarray().reshape(frame.layout.nb_channels, -1).T
                if frame.format.is_planar
                else frame.to_ndarray().reshape(-1, 2)
            )
        return first, np.concatenate(blocks)


@pytest.fixture
def sync_project(tmp_path, signals):
    """A white flash at frame 30 and a click at the same instant, over black and silence."""
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["white"]), 30, 1)
    click = click_wav(tmp_path / "click.wav", frames_to_samples(30, 48000, Fraction(24)), 96000)
    place(doc, "A1", add_asset(doc, click), 0, 48)
    return doc


@pytest.mark.parametrize("suffix", [".mp4", ".mov"])
def test_flash_and_click_land_within_a_frame_of_each_other(sync_project, tmp_path, suffix):
    out = render(RenderJob(sync_project.project, sync_project.path), tmp_path / f"sync{suffix}")
    frames, _ = decoded_video(out)
    assert len(frames) == 48
    flashes = [index for index, (_, level) in enumerate(frames) if level > 128]
    assert flashes == [30]
    flash_time = frames[30][0]
    start, audio = decoded_audio(out)
    click_time = start + np.flatnonzero(np.abs(audio[:, 0]) > 0.5)[0] / 48000
    assert abs(click_time - flash_time) < 1 / 24
    assert abs(click_time - 30 / 24) < 1 / 24


@pytest.mark.parametrize("fps", [24, Fraction(24000, 1001)])
def test_an_mp4_has_exactly_the_timelines_frames_and_duration(tmp_path, signals, fps):
    doc = make_project(tmp_path / "p", fps=fps)
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 13)
    place(doc, "V1", add_asset(doc, signals["video"]), 13, 20, source_in=4)
    place(doc, "A1", add_asset(doc, signals["tone"]), 5, 30)
    out = render(RenderJob(doc.project, doc.path), tmp_path / "cut.mp4")
    frames, size = decoded_video(out)
    assert len(frames) == doc.project.duration == 35 and size == (160, 90)
    with av.open(str(out)) as container:
        video, sound = container.streams.video[0], container.streams.audio[0]
        assert video.duration * video.time_base == Fraction(35) / Fraction(fps)
        audio_seconds = sound.duration * sound.time_base
        assert abs(audio_seconds - Fraction(35) / Fraction(fps)) < Fraction(1) / Fraction(fps)
    assert not list(tmp_path.glob(".*rendering*"))


def test_a_mov_is_prores_with_sample_exact_pcm(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 17)
    place(doc, "A1", add_asset(doc, signals["tone"]), 0, 17)
    out = render(RenderJob(doc.project, doc.path), tmp_path / "cut.mov")
    with av.open(str(out)) as container:
        assert container.streams.video[0].codec_context.name == "prores"
        assert container.streams.audio[0].codec_context.name == "pcm_s16le"
    frames, _ = decoded_video(out)
    assert len(frames) == 17
    assert len(decoded_audio(out)[1]) == frames_to_samples(17, 48000, Fraction(24))


def test_range_and_size_render_only_that_part(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 24)
    place(doc, "V1", add_asset(doc, signals["blue"]), 24, 24)
    out = render(RenderJob(doc.project, doc.path, (80, 46), (20, 30)), tmp_path / "part.mp4")
    frames, size = decoded_video(out)
    assert len(frames) == 10 and size == (80, 46)


def test_wav_mixdown_has_exactly_the_ranges_samples(tmp_path, signals):
    doc = make_project(tmp_path / "p", fps=Fraction(30000, 1001))
    place(doc, "A1", add_asset(doc, signals["tone"]), 2, 40)
    out = render(RenderJob(doc.project, doc.path, frame_range=(1, 31)), tmp_path / "mix.wav")
    info = soundfile.info(str(out))
    rate = Fraction(30000, 1001)
    expected = frames_to_samples(31, 48000, rate) - frames_to_samples(1, 48000, rate)
    assert (info.frames, info.samplerate, info.channels) == (expected, 48000, 2)


def test_png_sequence_writes_one_numbered_file_per_frame(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 12)
    out_dir = tmp_path / "frames"
    out_dir.mkdir()
    render(RenderJob(doc.project, doc.path), out_dir / "shot.png")
    names = sorted(os.listdir(out_dir))
    assert names == [f"shot_{n:05d}.png" for n in range(12)]


def test_cancel_leaves_no_file_and_keeps_the_previous_one(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["video"]), 0, 40)
    out = tmp_path / "out"
    out.mkdir()
    previous = out / "cut.mp4"
    previous.write_bytes(b"an earlier render")
    seen = []

    def progress(done, total):
        seen.append((done, total))

    for name in ("cut.mp4", "fresh.mov", "mix.wav", "frame.png"):
        with pytest.raises(RenderCancelled):
            render(RenderJob(doc.project, doc.path), out / name, progress, lambda: bool(seen))
        seen.clear()
    assert sorted(os.listdir(out)) == ["cut.mp4"]
    assert previous.read_bytes() == b"an earlier render"


def test_a_failing_render_leaves_no_file(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    damaged = tmp_path / "damaged.png"
    damaged.write_bytes(signals["red"].read_bytes()[:60])
    asset = add_asset(doc, signals["red"])
    place(doc, "V1", asset, 0, 5)
    place(doc, "V1", add_asset(doc, signals["blue"]), 5, 5)
    (doc.path / asset.path).write_bytes(damaged.read_bytes())
    with pytest.raises(MediaError):
        render(RenderJob(doc.project, doc.path), tmp_path / "bad.mp4")
    assert not list(tmp_path.glob("*bad*"))


def test_bad_requests_are_refused_before_any_work(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    with pytest.raises(UserError, match="empty"):
        render(RenderJob(doc.project, doc.path), tmp_path / "x.mp4")
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 5)
    with pytest.raises(UserError, match="even"):
        render(RenderJob(doc.project, doc.path, (81, 45)), tmp_path / "x.mp4")
    with pytest.raises(UserError, match=".mp4"):
        render(RenderJob(doc.project, doc.path), tmp_path / "x.gif")


def test_the_animatic_shows_each_shot_for_its_duration_over_the_score(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    red, blue = add_asset(doc, signals["red"]), add_asset(doc, signals["blue"])
    doc.project.shots += [
        Shot("s1", None, "Wide on the harbour", 10, [red.id], red.id),
        Shot("s2", None, "Close on the boat", 14, [blue.id]),
    ]
    place(doc, "A1", add_asset(doc, signals["tone"]), 0, 48)
    out = render_animatic(RenderJob(doc.project, doc.path), tmp_path / "animatic.mp4")
    with av.open(str(out)) as container:
        pictures = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(pictures) == 24
    assert pictures[0][10, 10, 0] > 200 and pictures[23][10, 10, 2] > 200
    assert (pictures[0][60:80].min(axis=2) > 200).any()  # the caption's white ink
    assert len(decoded_audio(out)[1]) > 0.9 * 48000
