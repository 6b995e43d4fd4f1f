"""The editor on crafted projects: one clear refusal (no traceback, no empty window), and
no recovery question for an autosave that would not load."""

from __future__ import annotations

import json
import os
import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.model.files import PROJECT_FILE, autosave_file
from tests.ui_window import shown_window

from .conftest import read_data


@pytest.fixture
def boxes():
    """The text of every modal box that opens during the test; each is closed at once."""
    seen: list[str] = []
    watching = [True]

    def look() -> None:
        if not watching[0]:
            return
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.reject() if box.escapeButton() is None else box.escapeButton().click()
        QTimer.singleShot(20, look)

    QTimer.singleShot(0, look)
    yield seen
    watching[0] = False


def test_a_200000_deep_project_is_refused_in_one_line(saved, qtbot, boxes):
    window = shown_window(qtbot, size=(900, 600))
    (saved.path / PROJECT_FILE).write_bytes(b"[" * 200_000 + b"]" * 200_000)
    assert not window.open_project(saved.path)
    assert len(boxes) == 1 and "nests too deeply" in boxes[0] and "\n" not in boxes[0]


def test_a_zero_frame_size_never_reaches_the_viewer(saved, qtbot, boxes):
    window = shown_window(qtbot, size=(900, 600))
    data = read_data(saved.path)
    data["settings"]["width"] = data["settings"]["height"] = 0
    (saved.path / PROJECT_FILE).write_text(json.dumps(data))
    assert not window.open_project(saved.path)
    qtbot.wait(50)  # a paint of the viewer, had the project got through
    assert len(boxes) == 1 and "settings.width" in boxes[0]


def test_an_autosave_that_would_not_load_is_not_offered(saved, qtbot, boxes):
    window = shown_window(qtbot, size=(900, 600))
    data = read_data(saved.path)
    data["settings"]["sample_rate"] = 0
    auto = autosave_file(saved.path)
    auto.parent.mkdir(exist_ok=True)
    auto.write_text(json.dumps(data))
    later = time.time() + 5
    os.utime(auto, (later, later))
    assert window.open_project(saved.path)
    assert boxes == []  # no recovery question, no error: the saved project opened
    assert window.session.project.settings.sample_rate == 48000
    said = window.statusBar().currentMessage()
    assert "a newer autosave was not offered" in said and "sample_rate" in said  # not silent
    assert auto.exists()  # and it is left as it was
