"""The reel's journey on the command line, as a user runs it: script → breakdown → frames →
clips → score → move the project → render, with `storyreel` in a subprocess each step."""

from __future__ import annotations

import shutil
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import soundfile

from studio.model import MediaKind, TrackKind
from studio.model.files import load_project, media_path
from studio.model.time import frames_to_samples
from studio.workflows.reel import reel
from tests.reliability.cli_run import checked

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources/sample/sample.fountain"


def storyreel(*args, ok=True):
    return checked(*args, ok=ok, workers="process")


def spans_hold(folder: Path, kind: MediaKind | None):
    """Every shot's span shows `kind` (None: its placeholder) and the rule holds."""
    project = load_project(folder).project
    assert reel.layout_problems(project) == []
    for shot in project.shots:
        clip = reel.span_clip(project, shot.id)
        asset = project.assets.get(clip.asset_id) if clip.asset_id else None
        assert (asset.kind if asset else None) is kind, shot.description
    return project


def test_the_reel_from_script_to_render_on_the_command_line(tmp_path):
    storyreel("new", tmp_path / "Film", "--size", "160x96", "--fps", "24")
    folder = tmp_path / "Film.storyreel"
    storyreel("script", "breakdown", folder, "--file", SAMPLE)
    project = spans_hold(folder, None)
    spans = [reel.span(project, s.id) for s in project.shots]
    assert len(spans) == 4 and spans[0][0] == 0
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))  # end to end

    refused = storyreel("reel", "clips", folder, ok=False)  # nothing to animate yet
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "shots 1, 2, 3, 4 have no storyboard frame to animate" in refused.stderr

    done = storyreel("reel", "frames", folder, "--seed", "7")
    assert done.stdout.count("media/") == 4
    assert "[4/4] shot 4: 100%" in done.stderr  # progress, shot by shot
    project = spans_hold(folder, MediaKind.IMAGE)
    assert [reel.span(project, s.id) for s in project.shots] == spans  # in place, no ripple
    assert all(len(s.takes) == 1 and s.picked == s.takes[0] for s in project.shots)

    storyreel("reel", "frames", folder, "--shots", "2", "--seed", "8")  # another take of 2
    storyreel("reel", "clips", folder, "--seed", "9")
    project = spans_hold(folder, MediaKind.VIDEO)
    assert [reel.span(project, s.id) for s in project.shots] == spans
    second = project.shots[1]
    kinds = [project.assets[t].kind for t in second.takes]
    assert kinds == [MediaKind.IMAGE, MediaKind.IMAGE, MediaKind.VIDEO]
    clip = reel.span_clip(project, second.id)
    inputs = project.assets[clip.asset_id].provenance["inputs"]
    assert inputs[0]["role"] == "first-frame" and inputs[0]["path"].endswith(
        project.assets[second.takes[1]].path.split("/")[-1]
    )  # animated from the picked (newest) frame
    assert "every shot has a clip" in storyreel("reel", "clips", folder).stderr

    storyreel("reel", "score", folder, "--seed", "3")
    project = load_project(folder).project
    (score,) = project.score_ranges
    assert (score.start, score.end, score.follows) == (0, project.duration, "reel")
    (score_clip,) = [c for c in project.all_clips() if c.asset_id == score.picked]
    assert project.track_of(score_clip.id).kind is TrackKind.AUDIO

    # Moved elsewhere, the project keeps every take online: all of it lives in its folder.
    moved = tmp_path / "elsewhere" / "Film.storyreel"
    moved.parent.mkdir()
    shutil.move(folder, moved)
    doc = load_project(moved)
    assert not [a.name for a in doc.project.assets.values() if a.offline]

    out = tmp_path / "cut.mov"
    storyreel("render", moved, "--out", out)
    with av.open(str(out)) as container:
        frames = sum(1 for _ in container.decode(video=0))
    with av.open(str(out)) as container:
        heard = np.concatenate(
            [
                f.to_ndarray().reshape(f.layout.nb_channels, -1).T
                if f.format.is_planar
                else f.to_ndarray().reshape(-1, f.layout.nb_channels)
                for f in container.decode(audio=0)
            ]
        )
    duration = doc.project.duration
    assert frames == duration
    rate = doc.project.settings.sample_rate
    assert len(heard) == frames_to_samples(duration, rate, Fraction(24))
    wav, wav_rate = soundfile.read(media_path(moved, doc.project.assets[score.picked]))
    assert wav_rate == rate and len(wav) == len(heard)  # the score, sample for sample
    scale = 32768.0 if heard.dtype == np.int16 else 1.0
    assert np.abs(heard / scale - wav.reshape(len(wav), -1)[:, : heard.shape[1]]).max() < 2e-4


def test_generate_with_a_project_keeps_the_take_inside_it_and_fits_any_length(tmp_path):
    storyreel("new", tmp_path / "Film", "--size", "160x96")
    folder = tmp_path / "Film.storyreel"
    out = tmp_path / "outside" / "score.wav"
    out.parent.mkdir()
    args = ("--prompt", "foggy", "--duration", "12.4", "--out", out, "--seed", "1")
    storyreel("generate", "builtin.temp-score", *args, "--project", folder, "--at", "1")
    assert soundfile.info(str(out)).frames == round(12.4 * 48000)  # any length: fitted
    project = load_project(folder).project
    (asset,) = project.assets.values()
    assert asset.path.startswith("media/") and (folder / asset.path).is_file()
    assert (folder / asset.path).with_name(Path(asset.path).name + ".provenance.json").is_file()
    (clip,) = project.all_clips()
    assert clip.start == 24 and asset.samples == round(12.4 * 48000)
