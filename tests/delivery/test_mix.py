"""The audio mix: exact sample ranges, mute and solo, resampling, in-points."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

from studio.media.mix import Mixer
from studio.model.time import frames_to_samples

from .conftest import add_asset, click_wav, make_project, place


def first_loud(audio: np.ndarray, threshold: float = 0.5) -> int:
    return int(np.flatnonzero(np.abs(audio[:, 0]) > threshold)[0])


@pytest.mark.parametrize("fps", [24, Fraction(24000, 1001), Fraction(30000, 1001), 25])
def test_any_frame_range_gets_exactly_its_samples_and_pieces_join_seamlessly(
    tmp_path, signals, fps
):
    doc = make_project(tmp_path / "p", fps=fps)
    place(doc, "A1", add_asset(doc, signals["tone"]), 3, 40)
    mixer = Mixer(doc.project, doc.path)
    whole = mixer.frames(0, 50)
    assert len(whole) == frames_to_samples(50, 48000, Fraction(fps))
    pieces = np.concatenate([mixer.frames(n, n + 1) for n in range(50)])
    assert np.array_equal(pieces, whole)
    assert not whole[: frames_to_samples(3, 48000, Fraction(fps))].any()
    assert np.abs(whole[frames_to_samples(4, 48000, Fraction(fps)) :][:1000]).max() > 0.5


def test_solo_plays_only_solo_tracks_and_mute_silences(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    click = add_asset(doc, click_wav(tmp_path / "click.wav", 4800, 48000))
    place(doc, "A1", add_asset(doc, signals["tone"]), 0, 24)
    place(doc, "A2", click, 0, 24)
    a1, a2 = (t for t in doc.project.tracks if t.kind.value == "audio")
    mixer = Mixer(doc.project, doc.path)
    a2.solo = True
    solo = mixer.frames(0, 24)
    assert np.abs(solo[:4800]).max() == 0 and solo[4800, 0] == pytest.approx(0.9)
    a2.solo, a2.muted = False, True
    assert np.abs(mixer.frames(0, 24)[4800:4900, 0]).max() < 0.81  # the tone alone
    a1.muted = True
    assert not mixer.frames(0, 24).any()


def test_the_in_point_shifts_the_source(tmp_path):
    doc = make_project(tmp_path / "p")
    click = add_asset(doc, click_wav(tmp_path / "click.wav", 24000, 96000))
    place(doc, "A1", click, 0, 48, source_in=6)  # 6 frames = 12000 samples in
    assert first_loud(Mixer(doc.project, doc.path).frames(0, 48)) == 12000


def test_other_sample_rates_are_resampled_in_time(tmp_path):
    doc = make_project(tmp_path / "p")
    click = add_asset(doc, click_wav(tmp_path / "click44.wav", 22050, 44100, rate=44100))
    place(doc, "A1", click, 0, 24)
    mixed = Mixer(doc.project, doc.path).frames(0, 24)
    assert len(mixed) == 48000
    assert abs(first_loud(mixed) - 24000) <= 24  # half a millisecond


def test_mono_sources_play_on_both_channels(tmp_path, signals):
    doc = make_project(tmp_path / "p", sample_rate=44100)
    place(doc, "A1", add_asset(doc, signals["tone44"]), 0, 12)
    mixed = Mixer(doc.project, doc.path).frames(0, 12)
    assert np.array_equal(mixed[:, 0], mixed[:, 1]) and np.abs(mixed).max() > 0.7


def test_clip_gain_and_fades_shape_the_level(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    tone = add_asset(doc, signals["tone"])
    plain = place(doc, "A1", tone, 0, 24)
    quiet = place(doc, "A2", tone, 0, 24)
    quiet.gain_db = -6.0206  # half the amplitude
    doc.project.tracks[-1].muted = True  # hear A1 alone first
    mixer = Mixer(doc.project, doc.path)
    full = np.abs(mixer.frames(0, 24)).max()
    doc.project.tracks[-1].muted = False
    next(t for t in doc.project.tracks if t.name == "A1").muted = True
    half = np.abs(Mixer(doc.project, doc.path).frames(0, 24)).max()
    assert abs(half / full - 0.5) < 0.01
    plain.fade_in = 12  # half a second of fade: the first sample is silent
    next(t for t in doc.project.tracks if t.name == "A1").muted = False
    doc.project.tracks[-1].muted = True
    faded = Mixer(doc.project, doc.path).frames(0, 24)
    assert abs(faded[0]).max() == 0 and np.abs(faded[:100]).max() < 0.01


def test_sound_only_is_a_copy_of_the_audio_tracks_that_edits_do_not_reach():
    from studio.media.mix import sound_only
    from studio.model import Asset, Clip, MediaKind, Project, Track, TrackKind

    tone = Asset("a", MediaKind.AUDIO, "tone", "tone.wav")
    still = Asset("s", MediaKind.IMAGE, "still", "still.png")
    loud = Clip("c1", "a", 10, 48, source_in=5, name="tone", gain_db=-6.0, fade_in=4, fade_out=8)
    project = Project(
        assets={"a": tone, "s": still},
        tracks=[
            Track("v1", TrackKind.VIDEO, "V1", [Clip("c0", "s", 0, 24)]),
            Track("a1", TrackKind.AUDIO, "A1", [loud], muted=True),
        ],
    )
    copy = sound_only(project)
    assert [t.id for t in copy.tracks] == ["a1"] and copy.tracks[0].muted
    assert copy.tracks[0].clips == [loud] and copy.tracks[0].clips[0] is not loud
    assert set(copy.assets) == {"a"}
    loud.start, project.tracks[1].clips[:] = 99, []  # the editor goes on editing
    assert copy.tracks[0].clips[0].start == 10


def test_mixers_sharing_decoded_files_at_different_rates_each_get_their_own(tmp_path):
    from dataclasses import replace

    from studio.media.decode import LRU
    from studio.media.synth import write_tone

    doc = make_project(tmp_path / "p")
    tone = add_asset(doc, write_tone(tmp_path / "tone.wav", seconds=1.0))
    place(doc, "A1", tone, 0, 24)
    shared = LRU(4)
    at_48k = Mixer(doc.project, doc.path, sources=shared).frames(0, 12)
    doc.project.settings = replace(doc.project.settings, sample_rate=44100)
    at_44k = Mixer(doc.project, doc.path, sources=shared).frames(0, 12)
    fresh = Mixer(doc.project, doc.path).frames(0, 12)
    assert len(at_48k) == 24000 and len(at_44k) == 22050
    np.testing.assert_array_equal(at_44k, fresh)  # not the 48 kHz decode played at 44.1
