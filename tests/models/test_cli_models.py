"""`storyreel models list|add|remove|download`, as a user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from studio.cli import main

REPO = Path(__file__).resolve().parents[2]
CONFIG = b'{"architectures": ["LlamaForCausalLM"], "model_type": "llama"}'


def _safetensors(payload: bytes) -> bytes:
    header = json.dumps(
        {"w": {"dtype": "U8", "shape": [len(payload)], "data_offsets": [0, len(payload)]}}
    ).encode()
    return len(header).to_bytes(8, "little") + header + payload


def _text_model(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "config.json").write_bytes(CONFIG)
    (folder / "model.safetensors").write_bytes(_safetensors(b"\0" * 64))
    return folder


def _storyreel(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={**os.environ, **env},
    )


def test_list_shows_each_panels_recommendations_and_what_is_installed(hf_home, capsys):
    assert main(["models", "list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    panels = {r["panel"] for r in rows if r["recommended"]}
    assert panels == {"image", "video", "music", "text", "voices", "embeddings"}
    for row in rows:
        assert row["download_bytes"] > 0 and row["licence"]
        assert row["state"] in ("installed", "not installed", "partly downloaded")
    minilm = next(r for r in rows if r["panel"] == "embeddings")
    assert minilm["state"] == "installed" and minilm["packaged"]
    qwen = next(r for r in rows if r["name"] == "Qwen/Qwen2.5-0.5B-Instruct")
    assert qwen["state"] == "not installed"
    assert main(["models", "list"]) == 0
    assert "Qwen/Qwen2.5-0.5B-Instruct" in capsys.readouterr().out


def test_add_a_folder_lists_it_for_its_panel_and_remove_forgets_it(hf_home, tmp_path, capsys):
    folder = _text_model(tmp_path / "my-llm")
    assert main(["models", "add", str(folder), "--json"]) == 0
    added = json.loads(capsys.readouterr().out)
    assert added["state"] == "installed" and added["generators"] == ["text.llm"]
    main(["models", "list", "--json"])
    row = next(r for r in json.loads(capsys.readouterr().out) if r["name"] == str(folder))
    assert (row["panel"], row["state"], row["source"]) == ("text", "installed", "folder")
    assert main(["models", "remove", str(folder)]) == 0
    assert "forgot" in capsys.readouterr().out
    assert folder.is_dir()  # the user's files stay
    main(["models", "list", "--json"])
    assert str(folder) not in {r["name"] for r in json.loads(capsys.readouterr().out)}


def test_add_refuses_a_pickle_and_nonsense_in_one_line(hf_home, tmp_path, capsys):
    pickle = tmp_path / "model.ckpt"
    pickle.write_bytes(b"x")
    assert main(["models", "add", str(pickle)]) == 1
    assert "must be .safetensors" in capsys.readouterr().err
    assert main(["models", "add", "not a model"]) == 1
    err = capsys.readouterr().err
    assert "neither a file, a folder nor a Hub repo id" in err and err.count("\n") == 1


def test_download_prints_progress_then_the_model_is_installed_and_removable(hub, capsys):
    hub.add_files("org/tiny", {"config.json": CONFIG, "model.safetensors": _safetensors(b"1" * 9)})
    done = _storyreel(
        "models", "download", "org/tiny", "--json",
        env={"HF_HUB_OFFLINE": "0", "TRANSFORMERS_OFFLINE": "0"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    events = [json.loads(line) for line in done.stdout.splitlines()]
    assert events[-1]["stage"] == "installed"
    assert events[-2]["files_done"] == events[-2]["files_total"] == 2
    assert main(["models", "list", "--json"]) == 0
    row = next(r for r in json.loads(capsys.readouterr().out) if r["name"] == "org/tiny")
    assert (row["state"], row["panel"], row["source"]) == ("installed", "text", "hub")
    assert main(["models", "remove", "org/tiny"]) == 0
    assert "deleted org/tiny" in capsys.readouterr().out
    main(["models", "list", "--json"])
    assert "org/tiny" not in {r["name"] for r in json.loads(capsys.readouterr().out)}


def test_download_is_refused_offline_in_one_line(hub):
    hub.add_files("org/tiny", {"config.json": CONFIG})
    done = _storyreel("models", "download", "org/tiny", env={"HF_HUB_OFFLINE": "1"})
    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        "storyreel models: cannot download org/tiny: HF_HUB_OFFLINE is set (unset it to download)"
    ]
    assert hub.requests == []


def test_generate_with_a_model_not_installed_says_how_to_get_it(hf_home, tmp_path, capsys):
    out = tmp_path / "line.txt"
    args = ["generate", "text.llm", "--prompt", "x", "--param", "model=org/absent"]
    assert main([*args, "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]  # after the "seed" line
    assert err == (
        "storyreel generate: org/absent is not installed: download it in the Models window "
        "(Generate > Models…) or with `storyreel models download org/absent`"
    )
    assert not out.exists()
