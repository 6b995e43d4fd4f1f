"""The render dialog: a sanitised default path, no render onto a source, a question before
replacing a file or rendering offline media as slates."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.model.files import load_project
from studio.ui.qt_app import create_app
from studio.ui.qt_render_dialog import KEEP, RENDER_ANYWAY, REPLACE, RenderDialog
from studio.ui.qt_session import EditSession


@pytest.fixture
def dialog_for(qtbot):
    create_app()
    dialogs = []

    def make(folder: Path) -> RenderDialog:
        dialog = RenderDialog(EditSession(load_project(folder)))
        qtbot.addWidget(dialog)
        dialogs.append(dialog)
        return dialog

    yield make
    for dialog in dialogs:
        dialog.cancel()


def _answer(button_text: str, asked: list[str]) -> None:
    """Click `button_text` in the next modal question, remembering its text."""

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, answer)


@pytest.mark.parametrize(
    "name", ["../../../../etc/cron.d/evil", "/abs/path", "..", "\x00\n\t", ".hidden", "a" * 500]
)
def test_the_default_output_comes_from_a_sanitised_name(saved, dialog_for, name):
    from .conftest import read_data, write_data

    data = read_data(saved.path)
    data["name"] = name
    write_data(saved.path, data)
    dialog = dialog_for(saved.path)
    out = Path(dialog.path.text())
    assert out.parent == saved.path.parent
    assert out.suffix == ".mp4" and "/" not in out.name and not out.name.startswith(".")
    assert len(out.name) <= 90 and out.stem.isprintable()


def test_a_source_of_the_project_is_refused_without_asking(with_video, dialog_for):
    source = with_video.path / next(iter(with_video.project.assets.values())).path
    before = source.read_bytes()
    dialog = dialog_for(with_video.path)
    dialog.path.setText(str(source))
    dialog.render_button.click()
    assert dialog.run is None
    assert "source of the project" in dialog.status.text()
    assert source.read_bytes() == before


def test_an_existing_file_is_replaced_only_when_the_user_says_so(saved, dialog_for, qtbot):
    out = saved.path.parent / "cut.wav"
    out.write_bytes(b"precious")
    dialog = dialog_for(saved.path)
    dialog.preset.setCurrentIndex(2)  # Audio mixdown (WAV)
    dialog.path.setText(str(out))
    asked: list[str] = []
    _answer(KEEP, asked)
    dialog.render_button.click()
    assert asked and "cut.wav already exists" in asked[0]
    assert dialog.run is None and out.read_bytes() == b"precious"
    _answer(REPLACE, asked)
    dialog.render_button.click()
    assert dialog.run is not None
    with qtbot.waitSignal(dialog.run.finished, timeout=60000):
        pass
    assert out.read_bytes()[:4] == b"RIFF"


def test_offline_media_is_named_and_rendered_only_when_the_user_says_so(saved, dialog_for):
    asset = next(iter(saved.project.assets.values()))
    (saved.path / asset.path).unlink()
    dialog = dialog_for(saved.path)
    dialog.path.setText(str(saved.path.parent / "cut.mp4"))
    asked: list[str] = []
    _answer(KEEP, asked)
    dialog.render_button.click()
    assert asked and asset.id in asked[0] and "offline" in asked[0]
    assert dialog.run is None and "offline" in dialog.status.text()
    assert RENDER_ANYWAY  # the other answer starts the render, as the CLI's --allow-offline
