"""diffusers.video through the job engine: a clip written as H.264 MP4 that decodes back exactly,
placed as a take, and cancel within a step."""

from __future__ import annotations

import av
import pytest

from studio.engine.discovery import discover
from studio.engine.engine import Engine
from studio.engine.jobs import EventKind, JobState
from studio.engine.provenance import read_provenance
from studio.media.probe import probe
from studio.model import Clip, Document, MediaKind, Project, Shot, Track, TrackKind
from studio.plugins.api import Request
from studio.workflows import landing
from studio.workflows.clips import clips


@pytest.fixture(scope="module")
def plugin():
    return discover(user_dirs=[], entry_points=False).get("diffusers.video")


@pytest.fixture
def engine():
    with Engine(devices=["cpu"], cpu_threads=None) as engine:
        yield engine


def request(plugin, model, frames, **params):
    params.setdefault("steps", 1)
    return Request(
        prompt="a lighthouse",
        params=plugin.Params(model=str(model), **params),
        width=32,
        height=32,
        duration=frames / 24,
        fps=24,
    )


def test_clip_is_written_as_mp4_that_decodes_back_and_becomes_a_take(
    engine, plugin, tiny_wan_t2v, tmp_path
):
    # 16 fps model into a 24 fps project: the file must still hold exactly 20 frames at 24.
    job = engine.submit(plugin, request(plugin, tiny_wan_t2v, 20), media_dir=tmp_path / "media")
    assert job.wait(120) and job.state is JobState.DONE, job.error
    info = probe(job.path)
    assert (info.kind, info.codec, info.frames, info.fps) == ("video", "h264", 20, 24)
    assert (info.width, info.height) == (32, 32)
    with av.open(str(job.path)) as container:
        stream = container.streams.video[0]
        decoded = list(container.decode(stream))
        assert stream.codec_context.pix_fmt == "yuv420p"
    assert len(decoded) == 20
    assert read_provenance(job.path).params["model"] == str(tiny_wan_t2v)

    project = Project(tracks=[Track("V1", TrackKind.VIDEO, "V1")], shots=[Shot("s1", None)])
    project.tracks[0].clips = [Clip("c1", None, 0, 20, shot_id="s1")]
    project.reindex()
    doc = Document(project, tmp_path)
    job.target = landing.Target(shot_id="s1")
    (asset,) = landing.land(doc, job)
    # What the landing knew from the job, without probing, is what the file holds.
    assert (asset.kind, asset.frames, asset.fps, asset.width, asset.height) == (
        MediaKind.VIDEO,
        info.frames,
        info.fps,
        info.width,
        info.height,
    )
    assert asset.provenance["generator"] == "diffusers.video"
    assert clips.shot_slot(project, "s1")[1].asset_id == asset.id
    assert project.shots[0].takes == [asset.id] and project.shots[0].picked == asset.id
    assert doc.undo() and clips.shot_slot(project, "s1")[1].asset_id is None


def test_cancel_takes_effect_within_one_step_and_the_model_stays_usable(
    engine, plugin, tiny_wan_i2v
):
    def cancel_after_first_step(event):
        if event.kind is EventKind.PROGRESS and "step" in event.message:
            event.job.cancel()

    unsubscribe = engine.subscribe(cancel_after_first_step)
    job = engine.submit(plugin, request(plugin, tiny_wan_i2v, 9, steps=8, segment_frames=5))
    assert job.wait(120)
    unsubscribe()
    assert job.state is JobState.CANCELLED
    assert job.steps_after_cancel == 0 and job.fraction == pytest.approx(1 / 16)

    again = engine.submit(plugin, request(plugin, tiny_wan_i2v, 5))
    assert again.wait(120) and again.state is JobState.DONE, again.error
    assert again.output.frames.shape == (5, 32, 32, 3)
