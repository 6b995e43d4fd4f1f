"""Dialogue ducks the score: the same gain in playback (short blocks, from any position)
and in render (long blocks), sample for sample, and as deep as the score clip says."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile

from studio.media.ducking import ATTACK, RELEASE, DuckingMap
from studio.media.mix import Mixer, sound_only
from studio.media.playout import Playout
from studio.media.render import RenderJob, render_wav
from studio.model import Asset, Clip, MediaKind, Project, Settings, Track, TrackKind
from studio.model.document import Document
from studio.model.ducking import duck_outline
from studio.model.edits import SetClipFields
from studio.testing.audio_output import ManualClock, ManualOutput

RATE = 48000


def wav(folder: Path, name: str, samples: np.ndarray) -> Asset:
    path = folder / "media" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(path, samples, RATE, subtype="FLOAT")
    return Asset(name, MediaKind.AUDIO, name, f"media/{name}", sample_rate=RATE,
                 samples=len(samples), channels=samples.shape[1])  # fmt: skip


def scored(folder: Path, duck_db: float = -12.0, dialogue_track: str = "Dialogue") -> Project:
    """4 s of a steady score (0.5) ducking under a line of silence from 1 s to 2 s."""
    score = wav(folder, "score.wav", np.full((4 * RATE, 1), 0.5, np.float32))
    line = wav(folder, "line.wav", np.zeros((RATE, 1), np.float32))
    return Project(
        settings=Settings(fps=24, sample_rate=RATE),
        assets={a.id: a for a in (score, line)},
        tracks=[
            Track("a1", TrackKind.AUDIO, "A1", [Clip("cs", score.id, 0, 96, duck_db=duck_db)]),
            Track("d1", TrackKind.AUDIO, dialogue_track, [Clip("cl", line.id, 24, 24)]),
        ],
    )


def played(project: Project, folder: Path, first: int, counts) -> np.ndarray:
    """What the playback path hears: a Mixer of the sound-only copy, through a Playout."""
    output = ManualOutput()
    playout = Playout(RATE, opener=output.opener, now=ManualClock())
    playout.start(Mixer(sound_only(project), folder), first=first)
    for count in counts:
        assert playout.wait_ready()
        output.pull(count)
    playout.stop()
    return output.heard()


def rendered(project: Project, folder: Path) -> np.ndarray:
    out = render_wav(RenderJob(project, folder), folder / "mix.wav")
    return soundfile.read(out, dtype="float32", always_2d=True)[0]


def test_playback_and_render_duck_the_score_identically(tmp_path):
    project = scored(tmp_path)
    mix = rendered(project, tmp_path)
    assert mix.shape == (4 * RATE, 2)
    first = 12_345  # playback from a cursor, in odd blocks
    heard = played(project, tmp_path, first, [960, 961, 4096, 17, 2048] * 12)
    # Render writes 24-bit samples: the same gain, to within one step of them.
    np.testing.assert_allclose(heard, mix[first : first + len(heard)], atol=2**-22)
    assert heard[:, 0].min() < 0.5 * 10 ** (-12 / 20) + 1e-3  # it does reach under the line


def test_the_score_dips_by_its_clips_amount_under_the_line_with_ramps(tmp_path):
    mix = rendered(scored(tmp_path, duck_db=-12.0), tmp_path)[:, 0]
    ducked = 0.5 * 10 ** (-12 / 20)
    attack, release = round(ATTACK * RATE), round(RELEASE * RATE)
    assert mix[: RATE - attack] == pytest.approx(0.5, abs=1e-6)  # before the ramp: untouched
    assert mix[RATE : 2 * RATE] == pytest.approx(ducked, abs=1e-6)  # under the line
    assert mix[2 * RATE + release :] == pytest.approx(0.5, abs=1e-6)  # after the release
    down = mix[RATE - attack : RATE]
    up = mix[2 * RATE : 2 * RATE + release]
    assert np.all(np.diff(down) <= 1e-7) and np.all(np.diff(up) >= -1e-7)  # smooth ramps


def test_no_dialogue_track_or_no_ducking_leaves_the_score_alone(tmp_path):
    assert rendered(scored(tmp_path, duck_db=0.0), tmp_path)[:, 0] == pytest.approx(0.5, abs=1e-6)
    other = scored(tmp_path, dialogue_track="A2")  # a line on an ordinary track ducks nothing
    assert rendered(other, tmp_path)[:, 0] == pytest.approx(0.5, abs=1e-6)
    muted = scored(tmp_path)
    muted.tracks[1].muted = True  # a muted Dialogue track is not heard, so it ducks nothing
    assert rendered(muted, tmp_path)[:, 0] == pytest.approx(0.5, abs=1e-6)


def test_the_ducking_is_adjusted_on_the_score_clip_as_one_undoable_edit(tmp_path):
    doc = Document(scored(tmp_path))
    assert doc.apply(SetClipFields("cs", {"duck_db": -24.0}))
    mix = rendered(doc.project, tmp_path)[:, 0]
    assert mix[RATE + 100] == pytest.approx(0.5 * 10 ** (-24 / 20), abs=1e-6)
    assert not doc.apply(SetClipFields("cs", {"duck_db": 3.0}))  # ducking only lowers
    doc.undo()
    assert doc.project.clip("cs").duck_db == -12.0


def test_the_depth_is_the_same_whatever_the_blocks():
    project = scored(Path("/nonexistent"))
    ducking = DuckingMap(project)
    whole = ducking.depth(0, 4 * RATE)
    pieces = np.concatenate([ducking.depth(s, 1000) for s in range(0, 4 * RATE, 1000)])
    np.testing.assert_array_equal(whole, pieces)
    assert whole.max() == 1.0 and whole[0] == 0.0


def test_the_outline_drawn_on_the_clip_is_the_envelope_applied(tmp_path):
    project = scored(tmp_path)
    score = project.clip("cs")
    outline = duck_outline(project, score)
    assert outline == [(24 - ATTACK * 24, 0.0), (24, 1.0), (48, 1.0), (48 + RELEASE * 24, 0.0)]
    depth = DuckingMap(project).depth(0, 4 * RATE)
    per_frame = RATE // 24
    for frame, expected in outline:
        assert depth[round(frame * per_frame)] == pytest.approx(expected, abs=1e-4)
    score.duck_db = 0.0
    assert duck_outline(project, score) == []
