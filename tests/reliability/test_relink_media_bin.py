"""Relink in the media bin: offline media flagged, relinked to a picked file or by a folder
search (in a worker process), as undoable edits; media outside the folder flagged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from studio.model.files import load_project
from studio.ui.qt_app import create_app
from studio.ui.qt_asset_bin import AssetBin
from studio.ui.qt_media_pictures import MediaPictures
from studio.ui.qt_session import EditSession
from studio.ui.qt_workers import BackgroundWork

from .conftest import picture, read_data, write_data


@pytest.fixture
def bin_for(qtbot):
    create_app()
    made = []

    def make(folder: Path) -> AssetBin:
        work = BackgroundWork("media", workers=1)
        media_bin = AssetBin(MediaPictures(work))
        qtbot.addWidget(media_bin)
        media_bin.set_session(EditSession(load_project(folder)))
        made.append((work, media_bin))
        return media_bin

    yield make
    for work, media_bin in made:
        work.shutdown()
        if media_bin._work is not None:
            media_bin._work.shutdown()


def _move_out(doc, to: Path) -> tuple[str, Path]:
    asset = next(iter(doc.project.assets.values()))
    to.mkdir(parents=True, exist_ok=True)
    moved = to / Path(asset.path).name
    os.replace(doc.path / asset.path, moved)
    return asset.id, moved


def test_an_offline_asset_is_flagged_and_relinked_to_a_chosen_file(saved, tmp_path, bin_for, qtbot):
    asset_id, moved = _move_out(saved, tmp_path / "moved")
    media_bin = bin_for(saved.path)
    assert media_bin.offline_ids() == [asset_id]
    assert "1 media offline" in media_bin.warning.text() and not media_bin.warning.isHidden()
    assert "Offline" in media_bin._items[asset_id].toolTip()
    media_bin.relink_to(asset_id, moved)
    asset = media_bin.session.project.assets[asset_id]
    qtbot.waitUntil(lambda: not asset.offline, timeout=30000)
    assert Path(asset.path) == moved
    assert "Relinked 1" in media_bin.status.text()
    assert media_bin.session.doc.undo_label() == "Relink media"
    assert "outside the project folder" in media_bin.warning.text()  # it lives elsewhere now


def test_relinking_to_a_device_is_refused_in_one_line(saved, tmp_path, bin_for, qtbot):
    asset_id, _ = _move_out(saved, tmp_path / "moved")
    media_bin = bin_for(saved.path)
    media_bin.relink_to(asset_id, Path("/dev/zero"))
    qtbot.waitUntil(lambda: "Cannot relink" in media_bin.status.text(), timeout=30000)
    assert "system file" in media_bin.status.text()
    assert media_bin.session.project.assets[asset_id].offline


def test_a_folder_search_relinks_every_offline_asset_found_by_name(saved, tmp_path, bin_for, qtbot):
    asset_id, _ = _move_out(saved, tmp_path / "archive" / "deep" / "er")
    media_bin = bin_for(saved.path)
    media_bin.relink_from_folder(tmp_path / "archive")
    asset = media_bin.session.project.assets[asset_id]
    qtbot.waitUntil(lambda: not asset.offline, timeout=30000)
    assert asset.path.endswith("archive/deep/er/red.png")
    assert media_bin.offline_ids() == []
    assert media_bin.context_menu(asset_id).actions()[-1].isEnabled() is False


def test_media_outside_the_project_folder_is_flagged(saved, tmp_path, bin_for):
    outside = picture(tmp_path / "elsewhere.png")
    data = read_data(saved.path)
    data["assets"][0]["path"] = str(outside)
    write_data(saved.path, data)
    media_bin = bin_for(saved.path)
    assert "1 media file(s) outside the project folder" in media_bin.warning.text()
    asset_id = data["assets"][0]["id"]
    assert "Outside the project folder" in media_bin._items[asset_id].toolTip()


def test_the_relink_menu_asks_for_a_file_and_relinks_to_it(saved, tmp_path, bin_for, qtbot):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog

    asset_id, moved = _move_out(saved, tmp_path / "moved")
    media_bin = bin_for(saved.path)
    action = next(a for a in media_bin.context_menu(asset_id).actions() if a.text() == "Relink…")

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, answer)
            return
        assert "*.png" in ";".join(dialog.nameFilters())
        dialog.selectFile(str(moved))
        dialog.accept()

    QTimer.singleShot(0, answer)
    action.trigger()
    asset = media_bin.session.project.assets[asset_id]
    qtbot.waitUntil(lambda: not asset.offline, timeout=30000)
    assert Path(asset.path) == moved
