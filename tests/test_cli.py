"""The headless command line, run as users run it: a subprocess with real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from studio.media import synth

REPO = Path(__file__).resolve().parents[1]


def storyreel(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        timeout=120,
    )


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    folder = tmp_path_factory.mktemp("media")
    return {
        "card": synth.write_card(folder / "card.png", size=(320, 180), text="One"),
        "clip": synth.write_test_video(folder / "clip.mp4", frames=30, fps=30, with_audio=True),
        "tone": synth.write_tone(folder / "tone.wav", seconds=1.5, sample_rate=48000),
    }


def test_new_import_info_json(tmp_path, media):
    made = storyreel("new", tmp_path / "Film", "--fps", "24", "--size", "1280x720")
    assert made.returncode == 0, made.stderr
    project = tmp_path / "Film.storyreel"
    imported = storyreel("import", project, media["card"], media["clip"], media["tone"])
    assert imported.returncode == 0, imported.stderr
    info = storyreel("info", project, "--json")
    assert info.returncode == 0, info.stderr
    data = json.loads(info.stdout)
    assert data["schema"] == 1 and data["fps"] == "24"
    assert (data["width"], data["height"], data["sample_rate"]) == (1280, 720, 48000)
    clips = {t["name"]: t["clips"] for t in data["tracks"]}
    # The still gets 3 s (72 frames); the 1 s, 30 fps clip is 24 frames at 24 fps.
    assert [(c["start"], c["duration"]) for c in clips["V1"]] == [(0, 72), (72, 24)]
    # The clip's own sound sits under it on A1; the tone follows (1.5 s = 36 frames).
    assert [(c["start"], c["duration"]) for c in clips["A1"]] == [(72, 24), (96, 36)]
    assert data["duration_frames"] == 132
    for track in data["tracks"]:
        for clip in track["clips"]:
            assert set(clip) == {"id", "asset", "start", "duration", "source_in"}
            assert all(isinstance(clip[k], int) for k in ("start", "duration", "source_in"))
    copies = sorted(p.name for p in (project / "media").iterdir())
    assert copies == ["card.png", "clip.mp4", "tone.wav"]


def test_import_at_and_link(tmp_path, media):
    storyreel("new", tmp_path / "P", "--fps", "25")
    project = tmp_path / "P.storyreel"
    done = storyreel("import", project, media["tone"], "--at", "2", "--link")
    assert done.returncode == 0, done.stderr
    data = json.loads(storyreel("info", project, "--json").stdout)
    a1 = next(t for t in data["tracks"] if t["name"] == "A1")
    assert a1["clips"][0]["start"] == 50
    assert not any((project / "media").iterdir())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("info", "nowhere"), "no project folder"),
        (("new", "X", "--fps", "fast"), "not a frame rate"),
        (("new", "X", "--size", "big"), "size must look like"),
        (("new", "X", "--size", "0x100"), "positive even"),
    ],
)
def test_user_mistakes_give_one_line_and_nonzero(tmp_path, args, message):
    done = storyreel(*args, cwd=tmp_path)
    assert done.returncode != 0
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_import_of_unreadable_file_keeps_the_rest(tmp_path, media):
    storyreel("new", tmp_path / "P")
    project = tmp_path / "P.storyreel"
    junk = tmp_path / "junk.mp4"
    junk.write_bytes(b"\x00garbage" * 100)
    done = storyreel("import", project, junk, media["card"])
    assert done.returncode == 1
    assert "junk.mp4" in done.stderr and "Traceback" not in done.stderr
    data = json.loads(storyreel("info", project, "--json").stdout)
    assert sum(len(t["clips"]) for t in data["tracks"]) == 1


def test_damaged_project_is_reported_not_rewritten(tmp_path):
    storyreel("new", tmp_path / "P")
    file = tmp_path / "P.storyreel" / "project.json"
    file.write_text('{"schema": 1, "tracks": [')
    done = storyreel("info", tmp_path / "P.storyreel")
    assert done.returncode == 1 and "not valid JSON" in done.stderr
    assert file.read_text() == '{"schema": 1, "tracks": ['
