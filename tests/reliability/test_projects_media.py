"""Media paths a crafted project can name: devices, FIFOs, system files, the outside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studio.errors import ProjectError
from studio.model.files import PROJECT_FILE, load_project, save_project
from studio.model.media_files import media_outside, media_problem

from .conftest import read_data, write_data

posix_only = pytest.mark.skipif(os.name != "posix", reason="devices and FIFOs are POSIX")


def _point_asset_at(folder: Path, path: str) -> str:
    data = read_data(folder)
    data["assets"][0]["path"] = path
    write_data(folder, data)
    return data["assets"][0]["id"]


@posix_only
@pytest.mark.parametrize(
    ("path", "reason"),
    [("/dev/zero", "system file"), ("/etc/shadow", "system file"), ("/etc/passwd", "system")],
)
def test_system_files_are_offline_not_media(saved, path, reason):
    asset_id = _point_asset_at(saved.path, path)
    asset = load_project(saved.path).project.assets[asset_id]
    assert asset.offline
    assert reason in media_problem(saved.path, asset)


@posix_only
def test_a_fifo_in_the_media_folder_is_offline(saved):
    os.mkfifo(saved.path / "media" / "pipe.png")
    asset_id = _point_asset_at(saved.path, "media/pipe.png")
    asset = load_project(saved.path).project.assets[asset_id]
    assert asset.offline
    assert "FIFO" in media_problem(saved.path, asset)


@posix_only
def test_a_link_in_the_media_folder_to_a_device_is_offline(saved):
    (saved.path / "media" / "zero.png").symlink_to("/dev/zero")
    asset_id = _point_asset_at(saved.path, "media/zero.png")
    assert load_project(saved.path).project.assets[asset_id].offline


def test_a_folder_named_as_media_is_offline(saved):
    (saved.path / "media" / "dir.png").mkdir()
    asset_id = _point_asset_at(saved.path, "media/dir.png")
    asset = load_project(saved.path).project.assets[asset_id]
    assert asset.offline and "folder" in media_problem(saved.path, asset)


def test_media_outside_the_folder_is_listed_and_inside_is_not(saved, tmp_path):
    project = load_project(saved.path).project
    assert media_outside(project, saved.path) == []
    outside = tmp_path / "elsewhere.png"
    outside.write_bytes((saved.path / next(iter(project.assets.values())).path).read_bytes())
    _point_asset_at(saved.path, str(outside))
    project = load_project(saved.path).project
    assert [a.path for a in media_outside(project, saved.path)] == [str(outside)]
    _point_asset_at(saved.path, "media/../../elsewhere.png")  # relative, but still outside
    project = load_project(saved.path).project
    assert len(media_outside(project, saved.path)) == 1


@posix_only
def test_a_project_file_that_is_a_fifo_is_refused_without_waiting(saved):
    file = saved.path / PROJECT_FILE
    file.unlink()
    os.mkfifo(file)
    with pytest.raises(ProjectError, match="not a regular file"):
        load_project(saved.path)


@posix_only
def test_a_project_file_linked_to_dev_zero_is_refused(saved):
    file = saved.path / PROJECT_FILE
    file.unlink()
    file.symlink_to("/dev/zero")
    with pytest.raises(ProjectError, match="not a regular file"):
        load_project(saved.path)


def test_a_good_project_still_saves_and_loads(saved):
    doc = load_project(saved.path)
    save_project(doc)
    assert not any(a.offline for a in load_project(saved.path).project.assets.values())
