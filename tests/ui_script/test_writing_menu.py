"""The Write menu in a fresh session: the text model dialog opens; Continue goes at the end."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox

from studio.engine import discover
from studio.settings import SettingsFile
from studio.ui.qt_generation import install_generation
from studio.ui.qt_generator_picker import GeneratorPicker
from tests.ui_script.conftest import SAMPLE, set_script


def test_text_model_opens_its_dialog_in_a_fresh_session(qtbot, panel, window, tmp_path):
    registry = discover(
        repo_dir=True, user_dirs=[], entry_points=False,
        settings=SettingsFile(tmp_path / "settings.json"),
    )  # fmt: skip
    install_generation(window.context, registry)
    panel.writer.params = {"max_tokens": 77}
    panel.writer.choose_model()  # what Write ▸ Text Model… does
    qtbot.waitUntil(lambda: panel.findChild(QDialog, "text_model_dialog") is not None)
    dialog = panel.findChild(QDialog, "text_model_dialog")
    assert dialog.isVisible()
    picker = dialog.findChild(GeneratorPicker)  # the one picker, of text generators
    assert picker.generator_id() == "text.llm"
    qtbot.waitUntil(lambda: picker.form is not None, timeout=15000)  # imported off the GUI
    assert picker.params().max_tokens == 77  # the writer's parameters, filled in
    picker.form.set_values({"max_tokens": 99})
    dialog.findChild(QDialogButtonBox).accepted.emit()
    assert panel.writer.params["max_tokens"] == 99 and panel.writer.generator_id == "text.llm"
    assert not dialog.isVisible()


def test_continue_from_a_scene_heading_goes_after_the_scenes_last_line(
    qtbot, panel, window, monkeypatch
):
    set_script(qtbot, panel, SAMPLE.read_text())
    second = panel.navigator.rows[1]
    panel.editor.go_to_line(second.start_line)  # as a click on the scene in the navigator
    started = []
    monkeypatch.setattr(panel.writer, "_start", lambda task, cursor: started.append(cursor))
    panel.writer.continue_scene()
    (cursor,) = started
    block = cursor.block()
    assert cursor.atBlockEnd() and block.text().strip()
    assert second.start_line < block.blockNumber() < second.end_line
    after = block.next()
    while after.isValid() and after.blockNumber() < second.end_line:
        assert not after.text().strip()  # nothing of the scene comes after it
        after = after.next()
