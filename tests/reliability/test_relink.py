"""Relinking media that moved: `storyreel relink`, and the search by name the media bin uses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studio.cli import main
from studio.errors import MediaError
from studio.media import synth
from studio.media.relink import find_by_name, relink_edit
from studio.model.files import PROJECT_FILE, load_project

from .conftest import SIZE, picture


def _moved(doc, tmp_path: Path) -> tuple[str, Path]:
    """Move the project's picture out of media/ and return its asset id and new place."""
    asset = next(iter(doc.project.assets.values()))
    new_home = tmp_path / "archive" / "2026"
    new_home.mkdir(parents=True)
    moved = new_home / Path(asset.path).name
    os.replace(doc.path / asset.path, moved)
    return asset.id, moved


def test_relink_on_the_command_line_brings_the_asset_back_online(saved, tmp_path, capsys):
    asset_id, moved = _moved(saved, tmp_path)
    assert load_project(saved.path).project.assets[asset_id].offline
    assert main(["relink", str(saved.path), asset_id, str(moved)]) == 0
    assert asset_id in capsys.readouterr().out
    asset = load_project(saved.path).project.assets[asset_id]
    assert not asset.offline and Path(asset.path) == moved
    assert main(["render", str(saved.path), "--out", str(tmp_path / "cut.wav"), "--quiet"]) == 0


def test_relink_inside_the_project_stores_a_relative_path(saved, tmp_path):
    asset_id, moved = _moved(saved, tmp_path)
    back = saved.path / "media" / "renamed.png"
    os.replace(moved, back)
    assert main(["relink", str(saved.path), asset_id, str(back)]) == 0
    assert load_project(saved.path).project.assets[asset_id].path == "media/renamed.png"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/dev/zero", "system file"),
        ("nowhere.png", "no such file"),
        ("tone.wav", "audio"),  # a picture asset cannot become a sound
        ("folder", "not a regular file"),
    ],
)
def test_relink_to_something_unusable_is_one_line_and_changes_nothing(
    saved, tmp_path, capsys, target, message
):
    asset_id, _ = _moved(saved, tmp_path)
    synth.write_tone(tmp_path / "tone.wav", 0.5, 48000, 1, 440.0)
    (tmp_path / "folder").mkdir()
    path = target if target.startswith("/") else str(tmp_path / target)
    before = (saved.path / PROJECT_FILE).read_bytes()
    assert main(["relink", str(saved.path), asset_id, path]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err
    assert (saved.path / PROJECT_FILE).read_bytes() == before


def test_relink_of_an_unknown_asset_is_refused(saved, tmp_path, capsys):
    assert main(["relink", str(saved.path), "a-nope", str(picture(tmp_path / "x.png"))]) == 1
    assert "no asset a-nope" in capsys.readouterr().err


def test_a_video_too_short_for_its_clips_is_refused(with_video, tmp_path, capsys):
    asset = next(iter(with_video.project.assets.values()))
    short = synth.write_test_video(tmp_path / "short.mp4", 2, 24, SIZE)  # the clip needs 6
    assert main(["relink", str(with_video.path), asset.id, str(short)]) == 1
    assert "past the end" in capsys.readouterr().err


def test_relink_is_one_undo_step(saved, tmp_path):
    asset_id, moved = _moved(saved, tmp_path)
    doc = load_project(saved.path)
    asset = doc.project.assets[asset_id]
    assert doc.apply(relink_edit(doc.path, asset, moved))
    assert not asset.offline and doc.undo_label() == "Relink media"
    assert doc.undo()
    assert asset.offline and asset.path.startswith("media/")


def test_search_by_name_finds_moved_media_in_nested_folders(saved, tmp_path):
    asset_id, moved = _moved(saved, tmp_path)
    decoy = tmp_path / "archive" / ".hidden"
    decoy.mkdir()
    picture(decoy / moved.name)
    project = load_project(saved.path).project
    (found,) = find_by_name(project, tmp_path / "archive")
    assert found.asset.id == asset_id and found.file == moved
    assert find_by_name(project, tmp_path / "archive" / "2026" / "none-here") == []


def test_relink_facts_come_from_the_new_file(saved, tmp_path):
    asset_id, _ = _moved(saved, tmp_path)
    bigger = picture(tmp_path / "bigger.png")
    from PIL import Image

    Image.new("RGB", (128, 72)).save(bigger)
    doc = load_project(saved.path)
    edit = relink_edit(doc.path, doc.project.assets[asset_id], bigger)
    assert doc.apply(edit)
    assert (doc.project.assets[asset_id].width, doc.project.assets[asset_id].height) == (128, 72)


def test_relink_refuses_a_fifo_without_waiting(saved, tmp_path):
    asset_id, _ = _moved(saved, tmp_path)
    os.mkfifo(tmp_path / "pipe.png")
    doc = load_project(saved.path)
    with pytest.raises(MediaError, match="not a regular file"):
        relink_edit(doc.path, doc.project.assets[asset_id], tmp_path / "pipe.png")
