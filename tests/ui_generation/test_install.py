"""install_generation on the real main window: dock, menu, lazy engine, placing a take, close."""

from __future__ import annotations

import pytest

from studio.model.files import create_project
from studio.ui.qt_generation import install_generation
from studio.ui.qt_jobs import JobsDock
from studio.ui.qt_plugins import PluginManager


@pytest.fixture
def window(qtbot, tmp_path):
    from studio.ui.qt_app import create_app
    from studio.ui.qt_main_window import MainWindow

    create_app()
    window = MainWindow()
    window.ask_before_closing = False
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.set_document(create_project(tmp_path / "Gen"))
    yield window
    window.close()


def _menu(window, title):
    return next(a.menu() for a in window.menuBar().actions() if a.text() == title)


def test_install_adds_the_dock_and_menu_once(window, builtin_registry):
    hub = install_generation(window.context, builtin_registry)
    assert install_generation(window.context) is hub
    assert isinstance(window.docks["Jobs"].widget(), JobsDock)
    texts = [a.text() for a in _menu(window, "&Generate").actions() if a.text()]
    assert texts == ["&Generate…", "&Plugins…", "&Models…", "Show &Jobs"]
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.count("&Generate") == 1
    assert titles.index("&View") < titles.index("&Generate") < titles.index("&Help")


def test_the_engine_starts_on_first_use_and_lists_plugins(window, qtbot):
    hub = install_generation(window.context)
    assert hub.engine is None  # nothing discovered or started with the window
    with qtbot.waitSignal(hub.engine_ready, timeout=15000):
        hub.plugins_action.trigger()
    assert isinstance(hub.plugin_manager, PluginManager) and hub.plugin_manager.isVisible()
    ids = {
        hub.plugin_manager.table.item(r, 1).text()
        for r in range(hub.plugin_manager.table.rowCount())
    }
    assert {"builtin.title-card", "builtin.temp-score"} <= ids


def test_a_generated_take_is_placed_at_the_playhead_in_one_undo_step(
    window, builtin_registry, qtbot
):
    hub = install_generation(window.context, builtin_registry)
    session = window.session
    session.set_playhead(48)
    hub.open_generate_dialog("builtin.title-card")
    dialog = hub.generate_dialog
    qtbot.waitUntil(lambda: dialog.form is not None)  # its plugin imported off the GUI thread
    assert dialog.generator().id == "builtin.title-card"
    dialog.prompt.setPlainText("INT. OBSERVATORY - NIGHT")
    dialog.width_spin.setValue(320)
    dialog.height_spin.setValue(180)
    dialog.duration.setValue(2.0)
    dialog.form.editor("style").setCurrentText("slate")
    with qtbot.waitSignal(hub.placed, timeout=15000) as placed:
        dialog.generate_button.click()
        session.set_playhead(200)  # the take goes where the playhead was at Generate
    (clip_id,) = placed.args[0]
    clip = session.project.clip(clip_id)
    assert (clip.start, clip.duration) == (48, 48)  # two seconds at 24 fps
    asset = session.project.assets[clip.asset_id]
    assert asset.provenance["generator"] == "builtin.title-card"
    assert asset.provenance["params"]["style"] == "slate"
    assert asset.path.startswith("media/")
    row = next(iter(hub.jobs.rows.values()))
    assert row.place_button is not None and row.open_button is not None

    session.undo()
    assert session.project.clip(clip_id) is None and not session.project.assets


def test_bad_parameters_keep_the_dialog_open(window, builtin_registry, qtbot):
    hub = install_generation(window.context, builtin_registry)
    hub.open_generate_dialog("builtin.temp-score")
    dialog = hub.generate_dialog
    qtbot.waitUntil(lambda: dialog.form is not None)
    dialog.form.editors["tempo"].spin.setValue(500)
    assert not dialog.generate_button.isEnabled()
    assert dialog.generate() is None
    assert dialog.isVisible() and "not valid" in dialog.error.text()
    assert hub.jobs.rows == {}


def test_closing_the_window_shuts_the_engine_down(window, builtin_registry, qtbot):
    hub = install_generation(window.context, builtin_registry)
    hub.when_ready(lambda engine: None)
    engine = hub.engine
    assert engine is not None
    window.close()
    qtbot.waitUntil(lambda: hub.closing is not None)
    hub.closing.join(10)
    assert not hub.closing.is_alive() and hub.engine is None
    with pytest.raises(RuntimeError, match="closed"):
        engine.submit("builtin.title-card")
