"""Imported media get their length in timeline frames by the one rounding rule."""

from __future__ import annotations

from fractions import Fraction

import pytest

from studio.media import synth
from studio.media.probe import probe
from studio.model.time import seconds_to_frames
from studio.workflows.importer import import_files

from .conftest import make_project


@pytest.mark.parametrize(
    ("make", "seconds"),
    [
        (lambda d: synth.write_test_video(d / "pal.mp4", 105, 25, (64, 36)), Fraction(42, 10)),
        (lambda d: synth.write_tone(d / "tone.wav", 4.2, 48_000), Fraction(42, 10)),
        (lambda d: synth.write_tone(d / "short.wav", 4.02, 44_100), Fraction(402, 100)),
    ],
)
def test_an_imported_clip_lasts_its_duration_rounded_to_the_nearest_frame(tmp_path, make, seconds):
    path = make(tmp_path)
    assert probe(path).duration == seconds
    doc = make_project(tmp_path / "p")

    (clip_id,), failed = import_files(doc, [path])

    assert not failed
    length = doc.project.clip(clip_id).duration
    assert length == seconds_to_frames(seconds, Fraction(24))
    assert abs(length - seconds * 24) <= Fraction(1, 2)  # 4.2 s: 101 frames, 4.02 s: 96
