"""File ▸ New Project asks for rate, size and sample rate; Project Settings changes them."""

from __future__ import annotations

from fractions import Fraction

import pytest

from studio.model.files import load_project
from tests.ui_window import shown_window


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))
    window = shown_window(qtbot)
    yield window
    window.close()


def test_new_project_with_a_preset_rate_and_a_custom_size(window, tmp_path):
    window.actions["new"].trigger()
    dialog = window.project_dialog
    dialog.name.setText("Short")
    dialog.folder.setText(str(tmp_path))
    dialog.rate.setCurrentIndex(dialog.rate.findText("23.976 fps"))
    dialog.size_preset.setCurrentIndex(dialog.size_preset.findText("Custom"))
    assert dialog.width_box.isEnabled()
    dialog.width_box.setValue(1000)
    dialog.height_box.setValue(540)
    dialog.sample_rate.setCurrentIndex(dialog.sample_rate.findData(44100))
    dialog._accept()
    settings = window.session.project.settings
    assert (settings.fps, settings.width, settings.height, settings.sample_rate) == (
        Fraction(24000, 1001),
        1000,
        540,
        44100,
    )
    on_disk = load_project(tmp_path / "Short.storyreel").project.settings
    assert on_disk.fps == Fraction(24000, 1001) and on_disk.width == 1000


def test_a_new_project_needs_a_free_name(window, tmp_path):
    (tmp_path / "Taken.storyreel").mkdir()
    window.actions["new"].trigger()
    dialog = window.project_dialog
    dialog.name.setText("Taken")
    dialog.folder.setText(str(tmp_path))
    dialog._accept()
    assert dialog.isVisible() and "already exists" in dialog.error.text()


def test_project_settings_change_the_size_as_one_undo_step_and_lock_the_rate(window, tmp_path):
    window.actions["new"].trigger()
    window.project_dialog.name.setText("Film")
    window.project_dialog.folder.setText(str(tmp_path))
    window.project_dialog._accept()
    from studio.model import Clip
    from studio.model.edits import InsertClip

    video = next(t for t in window.session.project.tracks if t.kind.value == "text")
    assert window.session.apply(InsertClip(video.id, Clip("t", None, 0, 24, text="Title")))
    window.actions["project_settings"].trigger()
    dialog = window.project_dialog
    assert not dialog.rate.isEnabled()  # clips on the timeline: the rate stays
    dialog.size_preset.setCurrentIndex(dialog.size_preset.findText("HD 720p (1280×720)"))
    dialog._accept()
    assert (window.session.project.settings.width, window.session.project.settings.height) == (
        1280,
        720,
    )
    window.session.undo()
    assert window.session.project.settings.width == 1920
