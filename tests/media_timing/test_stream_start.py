"""A video's sound starts where its stream says (start_time), in playback, render and peaks."""

from __future__ import annotations

import os
from fractions import Fraction

import av
import numpy as np
import pytest
import soundfile

from studio.media.mix import Mixer, sound_only
from studio.media.peaks import compute_peaks
from studio.media.render import RenderJob, render
from studio.model import TrackKind

from .conftest import add_asset, make_project, place
from .makers import RATE, write_late_sound


def stream_starts(path) -> tuple[Fraction, Fraction]:
    """(picture, sound) start times in seconds, as the demuxer (and ffprobe) reports them."""
    with av.open(os.fspath(path)) as container:
        video, sound = container.streams.video[0], container.streams.audio[0]
        return video.start_time * video.time_base, sound.start_time * sound.time_base


def onset(audio: np.ndarray) -> int:
    """The first sample that is not silent."""
    return int(np.flatnonzero(np.abs(audio[:, 0]) > 0.1)[0])


@pytest.fixture(scope="module")
def late(tmp_path_factory):
    """Picture from 0 s, sound from 0.478 s: the case of the issue."""
    folder = tmp_path_factory.mktemp("late")
    return write_late_sound(folder / "late.mkv", Fraction(0), Fraction(478, 1000))


def _project_with_sound_of(tmp_path, file, frames=48):
    doc = make_project(tmp_path / "p")
    asset = add_asset(doc, file)
    assert asset.has_audio
    place(doc, TrackKind.AUDIO, asset, 0, frames)
    return doc


def test_the_sound_plays_from_its_stream_start_not_from_the_first_picture(tmp_path, late):
    picture, sound = stream_starts(late)
    assert (picture, sound) == (0, Fraction(478, 1000))
    doc = _project_with_sound_of(tmp_path, late)

    # What playback mixes: the editor's sound-only copy of the timeline.
    heard = Mixer(sound_only(doc.project), doc.path).frames(0, 48)

    assert onset(heard) == round((sound - picture) * RATE) == 22_944
    assert not heard[:22_944].any()


def test_a_rendered_wav_has_the_sound_at_its_stream_start(tmp_path, late):
    doc = _project_with_sound_of(tmp_path, late)

    out = render(RenderJob(doc.project, doc.path), tmp_path / "mix.wav")

    rendered, rate = soundfile.read(out, dtype="float32", always_2d=True)
    assert rate == RATE
    assert onset(rendered) == 22_944


def test_a_rendered_movie_has_the_sound_at_its_stream_start(tmp_path, late):
    doc = _project_with_sound_of(tmp_path, late, frames=24)
    out = render(RenderJob(doc.project, doc.path), tmp_path / "cut.mp4")

    with av.open(os.fspath(out)) as movie:
        stream = movie.streams.audio[0]
        first = stream.start_time or 0
        decoded = np.concatenate([f.to_ndarray() for f in movie.decode(stream)], axis=1).T
    # AAC needs a frame of priming; its start time says where the sound begins.
    start = round(first * stream.time_base * RATE)
    assert abs(start + onset(decoded) - 22_944) <= 64


def test_sound_that_starts_before_the_picture_is_cut_to_the_picture(tmp_path):
    # Picture from 0.25 s, sound from 0: the first quarter second of sound is before frame 0.
    early = write_late_sound(tmp_path / "early.mkv", Fraction(1, 4), Fraction(0), frames=24)
    doc = _project_with_sound_of(tmp_path, early, frames=24)

    heard = Mixer(doc.project, doc.path).frames(0, 24)

    # The tone was 1 s long from 0 s; seen from the picture it ends at 0.75 s.
    assert onset(heard) == 0
    assert np.flatnonzero(np.abs(heard[:, 0]) > 0.1)[-1] == round(0.75 * RATE) - 1


def test_the_waveform_lines_up_with_what_is_heard(tmp_path, late):
    peaks = compute_peaks(late, samples_per_peak=48)
    finest = peaks.levels[0]

    loud = np.flatnonzero(finest.maxs[0] > 0.1)

    assert loud[0] == 22_944 // 48  # 478 buckets of silence, then the tone


def test_the_waveform_of_sound_before_the_picture_is_cut_as_the_mix_is(tmp_path):
    early = write_late_sound(tmp_path / "early.mkv", Fraction(1, 4), Fraction(0), frames=24)

    finest = compute_peaks(early, samples_per_peak=48).levels[0]

    loud = np.flatnonzero(finest.maxs[0] > 0.1)
    assert (loud[0], loud[-1]) == (0, round(0.75 * RATE) // 48 - 1)
