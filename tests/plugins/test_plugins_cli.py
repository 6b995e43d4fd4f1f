"""`storyreel plugins` and `storyreel generate`, run in-process through studio.cli.main."""

from __future__ import annotations

import json

import av
import numpy as np
import pytest
import soundfile
from PIL import Image as PILImage

from studio.cli import main
from studio.engine import read_provenance


def test_plugins_json_lists_every_plugin_with_the_documented_keys(capsys):
    assert main(["plugins", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    keys = {"id", "name", "output", "accepts", "version", "source", "status", "error"}
    assert all(set(item) == keys for item in listed)
    builtins = {item["id"]: item for item in listed if item["id"].startswith("builtin.")}
    assert builtins["builtin.ken-burns"]["accepts"] == ["image"]
    assert {item["status"] for item in builtins.values()} == {"loaded"}


def test_plugins_table_shows_broken_plugins_and_why(tmp_path, monkeypatch, capsys):
    user = tmp_path / "user-plugins"
    user.mkdir()
    (user / "bad.py").write_text("import nothing_here_at_all\n")
    monkeypatch.setenv("STORYREEL_PLUGIN_PATH", str(user))
    assert main(["plugins"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split() == ["ID", "VERSION", "OUTPUT", "ACCEPTS", "STATUS", "SOURCE"]
    assert "bad: import failed: ModuleNotFoundError: No module named 'nothing_here_at_all'" in out


def test_generate_title_card_writes_a_png_of_the_requested_size(tmp_path, capsys):
    out = tmp_path / "card.png"
    rc = main(
        [
            "generate",
            "builtin.title-card",
            "--prompt",
            "ACT ONE",
            "--size",
            "320x180",
            "--seed",
            "7",
            "--param",
            "style=slate",
            "--out",
            str(out),
        ]
    )
    assert rc == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(out)
    assert "builtin.title-card: 100% done" in captured.err
    assert PILImage.open(out).size == (320, 180)
    provenance = read_provenance(out)
    assert (provenance.seed, provenance.params["style"]) == (7, "slate")


@pytest.mark.parametrize(("duration", "fps", "frames"), [("1.5", "24", 36), ("1", "29.97", 30)])
def test_generate_ken_burns_writes_exactly_the_frames_asked_for(tmp_path, duration, fps, frames):
    still = tmp_path / "still.png"
    PILImage.fromarray(np.full((90, 160, 3), 128, np.uint8)).save(still)
    out = tmp_path / "move.mp4"
    rc = main(
        [
            "generate",
            "builtin.ken-burns",
            "--prompt",
            "",
            "--input",
            str(still),
            "--size",
            "160x90",
            "--duration",
            duration,
            "--fps",
            fps,
            "--out",
            str(out),
        ]
    )
    assert rc == 0
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (160, 90)
        assert sum(1 for _ in container.decode(stream)) == frames


def test_generate_temp_score_writes_exactly_the_duration(tmp_path):
    out = tmp_path / "score.wav"
    rc = main(
        [
            "generate",
            "builtin.temp-score",
            "--prompt",
            "tense corridor",
            "--duration",
            "2.5",
            "--param",
            "tempo=120",
            "--param",
            "key=F#",
            "--out",
            str(out),
        ]
    )
    assert rc == 0
    info = soundfile.info(out)
    assert (info.frames, info.samplerate, info.channels) == (120000, 48000, 2)


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("tempo=500", "--param tempo: Input should be less than or equal to 200 (got '500')"),
        ("tempo=fast", "--param tempo: Input should be a valid number"),
        ("key=H", "--param key: Input should be 'C', 'C#'"),
        ("loudness=3", "--param loudness: unknown parameter (this generator takes mood, tempo"),
        ("tempo", "--param 'tempo': expected NAME=VALUE"),
    ],
)
def test_bad_params_are_refused_in_one_line(tmp_path, capsys, param, message):
    out = tmp_path / "score.wav"
    rc = main(
        ["generate", "builtin.temp-score", "--prompt", "x", "--param", param, "--out", str(out)]
    )
    err = capsys.readouterr().err
    assert rc == 1
    assert err.startswith(f"storyreel generate: {message}")
    assert err.count("\n") == 1
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nobody.home", "--out", "x.png"], "no generator 'nobody.home'"),
        (["builtin.title-card", "--out", "x.wav"], "x.wav: a image output needs one of .png"),
        (
            ["builtin.ken-burns", "--out", "x.mp4"],
            "builtin.ken-burns failed: builtin.ken-burns needs an image input (--input FILE)",
        ),
        (["builtin.title-card", "--size", "big", "--out", "x.png"], "--size must look like"),
        (["builtin.title-card", "--out", "x.png", "--at", "1"], "--project and --at go together"),
    ],
)
def test_failures_exit_non_zero_with_a_reason(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(["generate", *args[:1], "--prompt", "x", *args[1:]]) == 1
    assert message in capsys.readouterr().err


def test_generate_into_a_project_places_the_take_at_the_time_given(tmp_path, capsys):
    project = tmp_path / "Film.storyreel"
    assert main(["new", str(project), "--fps", "25", "--size", "320x180"]) == 0
    out = project / "media" / "act-one.png"
    rc = main(
        [
            "generate",
            "builtin.title-card",
            "--prompt",
            "ACT ONE",
            "--duration",
            "2",
            "--out",
            str(out),
            "--project",
            str(project),
            "--at",
            "1.2",
        ]
    )
    assert rc == 0
    assert PILImage.open(out).size == (320, 180)  # the project's frame size by default
    capsys.readouterr()
    assert main(["info", str(project), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    clips = [c for t in info["tracks"] for c in t["clips"]]
    assert [(c["start"], c["duration"]) for c in clips] == [(30, 50)]
    saved = json.loads((project / "project.json").read_text())
    assert "builtin.title-card" in json.dumps(saved)  # the provenance travels with the asset
