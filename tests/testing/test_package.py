"""Importing studio.testing stays cheap, and the fixtures build each model once."""

import subprocess
import sys

from studio.testing.fixtures import _built_once


def test_importing_the_builders_loads_no_model_library():
    code = (
        "import sys, studio.testing, studio.testing.fixtures\n"
        "heavy = [m for m in ('torch', 'diffusers', 'transformers') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_built_once_builds_a_name_only_once(tmp_path_factory):
    calls = []

    def build(folder):
        calls.append(folder)
        folder.mkdir(parents=True)
        (folder / "weights").write_text("w")
        return folder

    first = _built_once(tmp_path_factory, "counted", build)
    second = _built_once(tmp_path_factory, "counted", build)
    assert first == second
    assert (first / "weights").read_text() == "w"
    assert len(calls) == 1


def test_a_failed_build_leaves_nothing_to_reuse(tmp_path_factory):
    def broken(folder):
        folder.mkdir(parents=True)
        raise RuntimeError("out of memory")

    try:
        _built_once(tmp_path_factory, "broken", broken)
    except RuntimeError:
        pass
    assert not (tmp_path_factory.getbasetemp() / "tiny-models" / "broken").exists()


def test_fixtures_share_one_folder_per_session(tiny_llama, tmp_path_factory):
    assert tiny_llama == tmp_path_factory.getbasetemp() / "tiny-models" / "llama"
    assert (tiny_llama / "config.json").is_file()


def test_building_and_loading_open_no_network_connection(tmp_path, monkeypatch):
    import socket

    from transformers import CLIPModel

    from studio.testing import build_tiny_clip

    def refuse(*args, **kwargs):
        raise AssertionError(f"network connection attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    folder = build_tiny_clip(tmp_path / "clip")
    assert CLIPModel.from_pretrained(folder).config.vision_config.image_size == 32
