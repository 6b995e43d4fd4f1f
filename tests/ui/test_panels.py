"""The viewer, the asset bin, recovery on open, remembered layout and recent projects."""

from __future__ import annotations

import os
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from studio.model.edits import Rename
from studio.model.files import autosave_project, load_project
from studio.ui.qt_recovery import OPEN_SAVED, RECOVER
from tests.ui.driving import track


def centre_colour(window) -> tuple[int, int, int]:
    image = window.viewer.shown
    colour = image.pixelColor(image.width() // 2, image.height() // 4)
    return colour.red(), colour.green(), colour.blue()


def test_the_viewer_shows_the_topmost_clip_at_the_playhead_and_black_elsewhere(editor, qtbot):
    viewer = editor.viewer
    editor.session.set_playhead(10)
    qtbot.waitUntil(lambda: viewer.shown is not None, timeout=5000)
    red, green, _ = centre_colour(editor)
    assert red > green  # card A is red
    editor.session.set_playhead(100)
    qtbot.waitUntil(
        lambda: viewer.shown is not None and centre_colour(editor)[1] > 120, timeout=5000
    )
    editor.session.set_playhead(400)
    assert viewer.shown is None and viewer.wanted is None  # nothing there: black


def test_the_asset_bin_lists_searches_and_shows_provenance(editor, qtbot):
    bin_ = editor.asset_bin
    assert bin_.visible_names() == ["card-a", "card-b", "tone"]
    bin_.search.setText("CARD-B")
    assert bin_.visible_names() == ["card-b"]
    bin_.search.clear()
    bin_.list.setCurrentRow(0)
    assert "Imported file" in bin_.details.text()
    assert "image" in bin_.list.item(0).text()
    tone = bin_.list.item(2).text()
    assert "audio" in tone and "00:00:01:00" in tone
    qtbot.waitUntil(lambda: not bin_.list.item(0).icon().isNull(), timeout=5000)


def test_generated_assets_show_who_made_them(editor):
    asset = next(iter(editor.session.project.assets.values()))
    asset.provenance = {"generator": "acme.image", "model": "tiny-sd", "seed": 7, "prompt": "dawn"}
    editor.asset_bin.rebuild()
    item = next(
        editor.asset_bin.list.item(r)
        for r in range(editor.asset_bin.list.count())
        if editor.asset_bin.list.item(r).text().startswith(asset.name)
    )
    for text in ("Generator: acme.image", "Model: tiny-sd", "Seed: 7", "Prompt: dawn"):
        assert text in item.toolTip()


def _answer_recovery(button_text: str):
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        next(b for b in box.buttons() if b.text() == button_text).click()

    QTimer.singleShot(0, answer)


def _leave_an_autosave(folder) -> None:
    doc = load_project(folder)
    v1 = next(t for t in doc.project.tracks if t.name == "V1")
    assert doc.apply(Rename(v1.id, "Recovered"))
    saved = autosave_project(doc)
    later = time.time() + 5
    os.utime(saved, (later, later))


def test_a_newer_autosave_is_offered_and_recovered(window, project_folder):
    _leave_an_autosave(project_folder)
    _answer_recovery(RECOVER)
    assert window.open_project(project_folder)
    assert any(t.name == "Recovered" for t in window.session.project.tracks)
    assert window.session.doc.modified
    assert "Recovered" in window.statusBar().currentMessage()


def test_declining_recovery_opens_the_saved_version(window, project_folder):
    _leave_an_autosave(project_folder)
    _answer_recovery(OPEN_SAVED)
    assert window.open_project(project_folder)
    assert track(window, "V1").name == "V1"
    assert not window.session.doc.modified


def test_edits_are_autosaved_after_a_pause_off_the_gui_thread(editor, qtbot, monkeypatch):
    import threading

    from studio.model import files

    writers: list[str] = []
    atomic_write = files.atomic_write
    monkeypatch.setattr(
        files,
        "atomic_write",
        lambda *a: writers.append(threading.current_thread().name) or atomic_write(*a),
    )
    editor.autosaver.delay = 0.0
    editor.session.set_playhead(30)
    editor.timeline.commands.split_at_playhead()
    # Said on the GUI thread once written (a status-bar call from the writer would crash Qt).
    qtbot.waitUntil(lambda: editor.statusBar().currentMessage() == "Autosaved", timeout=3000)
    autosave = editor.session.doc.path / "autosave" / "project.json"
    assert autosave.exists()
    assert writers and all(name.startswith("autosave") for name in writers)
    assert editor.save()  # a save after it: the autosave is not newer, nothing to recover
    assert not files.recovery_available(editor.session.doc.path)


def test_the_window_layout_and_recent_projects_are_remembered(qtbot, editor, project_folder):
    from studio.ui.qt_main_window import MainWindow

    recent = editor.actions.menu("file/recent")
    qtbot.waitUntil(lambda: [a.text() for a in recent.actions()] == [project_folder.name])
    editor.docks["Jobs"].hide()
    editor.close()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert again.docks["Jobs"].isHidden()
    assert not again.docks["Timeline"].isHidden()
    recent = [a.text() for a in again.actions.menu("file/recent").actions()]
    assert recent == [project_folder.name]
    again.reset_layout()
    assert not again.docks["Jobs"].isHidden()


def test_an_old_ui_ini_keeps_its_layout_and_recent_projects(qtbot, ui_home, project_folder):
    """A user's settings from before settings.json: written by QSettings, read by the new file."""
    from PySide6.QtCore import QSettings

    from studio.ui.qt_main_window import LAYOUT_VERSION, MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    first.show()
    first.docks["Jobs"].hide()
    old = QSettings(str(ui_home / "config" / "ui.ini"), QSettings.Format.IniFormat)
    old.setValue("recent", [str(project_folder)])
    old.setValue("window/geometry", first.saveGeometry())
    old.setValue("window/state", first.saveState(LAYOUT_VERSION))
    old.sync()
    again = MainWindow()
    qtbot.addWidget(again)
    again.show()
    assert again.docks["Jobs"].isHidden()
    assert [a.text() for a in again.actions.menu("file/recent").actions()] == [project_folder.name]
    assert (ui_home / "config" / "settings.json").exists()


def test_add_panel_docks_a_named_panel_and_replaces_a_placeholder(window):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    script = QLabel("script")
    dock = window.add_panel("Script", script, Qt.DockWidgetArea.RightDockWidgetArea)
    assert dock.widget() is script and dock.objectName() == "dock_script"
    jobs = QLabel("real job list")
    assert window.add_panel("Jobs", jobs, Qt.DockWidgetArea.LeftDockWidgetArea).widget() is jobs


def test_run_app_shows_the_editor_before_the_panels_install(qtbot, project_folder):
    """The window is up first; the generative panels dock from the event loop and follow
    the document opened after them, as run_app does it."""
    from studio.ui.qt_app import create_app
    from studio.ui.qt_main_window import MainWindow

    create_app()
    win = MainWindow(panels="later")
    win.ask_before_closing = False
    qtbot.addWidget(win)
    win.show()
    assert "Storyboard" not in win.docks and "Script" not in win.docks
    assert win.open_project(project_folder)  # as run_app does: before the panels are in
    # One panel per turn of the event loop, so no input waits for all of them at once.
    qtbot.waitUntil(lambda: {"Jobs", "Script", "Storyboard", "Clips", "Score"} <= set(win.docks))
    for name in ("Storyboard", "Clips", "Score"):
        assert win.docks[name].widget().session is win.session  # they follow the document
    win.install_panels()  # a second call changes nothing
    assert len(win.session_panels) == len(set(map(id, win.session_panels)))


def test_opening_a_project_writes_the_settings_off_the_gui_thread(qtbot, window, project_folder):
    """Remembering the project among the recent ones is a write with an fsync: 15 ms of the
    GUI thread at every project opened."""
    import threading

    writers: list[str] = []
    real = window.settings.update

    def update(change):
        writers.append(threading.current_thread().name)
        return real(change)

    window.settings.update = update
    assert window.open_project(project_folder)
    recent = window.actions.menu("file/recent")
    qtbot.waitUntil(lambda: [a.text() for a in recent.actions()] == [project_folder.name])
    assert writers == ["storyreel-settings"]
