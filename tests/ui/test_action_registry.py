"""The one registry of menus and actions: ids once, menus in their order, groups with
separators between them, enabling asked of each action; and the main window's menus as the
user sees them (every item, shortcut and order the tests and hands rely on)."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from studio.ui.qt_action_registry import ActionRegistry, ActionSpec, MenuSpec
from studio.ui.qt_app import create_app
from tests.ui_window import shown_window


@pytest.fixture
def bar(qtbot):
    create_app()
    host = QMainWindow()
    qtbot.addWidget(host)
    return host


def texts(menu) -> list[str]:
    return ["----" if a.isSeparator() else a.text() for a in menu.actions()]


def titles(registry_bar) -> list[str]:
    return [a.text() for a in registry_bar.menuBar().actions() if a.isVisible()]


def test_menus_take_their_declared_place_and_show_once_something_is_in_them(bar):
    registry = ActionRegistry(bar.menuBar(), bar)
    registry.declare(MenuSpec("help", "&Help", order=90))
    registry.declare(MenuSpec("file", "&File", order=10))
    registry.declare(MenuSpec("generate", "&Generate", order=60))
    registry.add(ActionSpec("about", "&About", "help"))
    registry.add(ActionSpec("quit", "&Quit", "file"))
    assert titles(bar) == ["&File", "&Help"]  # Generate is empty: hidden
    registry.add(ActionSpec("generate", "&Generate…", "generate"))
    assert titles(bar) == ["&File", "&Generate", "&Help"]
    assert registry.menu("generate").actions() == [registry["generate"]]


def test_actions_are_shown_by_group_then_order_with_separators_between_groups(bar):
    registry = ActionRegistry(bar.menuBar(), bar, [MenuSpec("file", "&File", ("a", "b", "c"))])
    registry.add(ActionSpec("quit", "Quit", "file", "c"))
    registry.add(ActionSpec("new", "New", "file", "a"))
    registry.add(ActionSpec("save", "Save", "file", "a", order=5))
    registry.add(ActionSpec("open", "Open", "file", "a"))  # same order as New: after it
    registry.add(ActionSpec("render", "Render", "file", "b"))
    assert texts(registry.menu("file")) == ["New", "Open", "Save", "----", "Render", "----", "Quit"]
    registry.declare(MenuSpec("file/recent", "Recent", parent="file", group="a", order=1))
    assert texts(registry.menu("file")) == [
        "New", "Open", "Recent", "Save", "----", "Render", "----", "Quit",
    ]  # fmt: skip


def test_an_id_is_registered_once_and_a_group_must_be_declared(bar):
    registry = ActionRegistry(bar.menuBar(), bar, [MenuSpec("edit", "&Edit")])
    registry.add(ActionSpec("undo", "&Undo", "edit", shortcuts=("Ctrl+Z",)))
    with pytest.raises(ValueError, match="twice"):
        registry.add(ActionSpec("undo", "Undo again", "edit"))
    with pytest.raises(ValueError, match="twice"):
        registry.declare(MenuSpec("edit", "&Edit"))
    with pytest.raises(ValueError, match="no group"):
        registry.add(ActionSpec("cut", "Cu&t", "edit", "clipboard"))
    assert "undo" in registry and "cut" not in registry
    assert registry["undo"].objectName() == "action_undo"
    assert [k.toString() for k in registry["undo"].shortcuts()] == ["Ctrl+Z"]


def test_enabled_when_is_asked_on_refresh(bar):
    registry = ActionRegistry(bar.menuBar(), bar, [MenuSpec("edit", "&Edit")])
    state = {"open": False}
    undo = registry.add(ActionSpec("undo", "&Undo", "edit", enabled_when=lambda: state["open"]))
    always = registry.add(ActionSpec("new", "&New", "edit"))
    assert not undo.isEnabled() and always.isEnabled()
    state["open"] = True
    registry.refresh()
    assert undo.isEnabled() and always.isEnabled()


# The main window with every panel installed: what the menus show, in order.
MENUS = {
    "&File": [
        "&New Project…", "&Open Project…", "&Save", "Save &As…", "Open &Recent",
        "&Import Media…", "----", "&Render…", "Import &OTIO as New Project…", "&Export OTIO…",
        "----", "&Quit",
    ],
    "&Edit": [
        "&Undo", "&Redo", "Cu&t", "&Copy", "&Paste at Playhead", "&Delete", "Ripple De&lete",
        "Delete Without Linked Clips", "Ripple Delete Without Linked Clips", "&Link Clips",
        "U&nlink Clips", "Select &All", "Deselect",
    ],
    "&Timeline": [
        "&Split at Playhead", "Add &Marker", "Select Tool", "Razor Tool", "Sna&pping",
        "Zoom &In", "Zoom &Out", "Zoom to &Fit", "Project &Settings…", "Add &Video Track",
        "Add A&udio Track",
    ],
    "&Playback": [
        "&Play / Pause", "Play &Backward (J)", "&Stop (K)", "Play &Forward (L)", "Go to &Start",
        "Go to &End", "Previous Frame", "Next Frame", "Back One Second", "Ahead One Second",
        "----", "Use &Proxies for Heavy Video",
    ],
    "&View": [
        "Media", "Viewer", "Timeline", "Jobs", "Storyboard", "Cast && Places", "Clips", "Score",
        "Script", "----", "&Reset Layout",
    ],
    "&Generate": ["&Generate…", "&Plugins…", "&Models…", "----", "Show &Jobs"],
    "&Taste": [
        "&Suggestions for a New Shot…", "----", "&Pause Learning",
        "Clear This &Project's History…", "Clear My Taste &Profile…", "----",
        "Choose a &CLIP Model Folder…", "Use &Text Only",
    ],
    "&Help": ["&Getting Started", "&About Storyreel"],
}  # fmt: skip

SHORTCUTS = {
    "new": ["Ctrl+N"], "open": ["Ctrl+O"], "save": ["Ctrl+S"], "save_as": ["Ctrl+Shift+S"],
    "import": ["Ctrl+I"], "render": ["Ctrl+M"], "undo": ["Ctrl+Z"],
    "redo": ["Ctrl+Shift+Z", "Ctrl+Y"], "cut": ["Ctrl+X"], "copy": ["Ctrl+C"],
    "paste": ["Ctrl+V"], "delete": ["Del", "Backspace"],
    "ripple_delete": ["Shift+Del", "Shift+Backspace"],
    "delete_alone": ["Alt+Del", "Alt+Backspace"], "ripple_delete_alone": ["Alt+Shift+Del"],
    "link": ["Ctrl+L"], "unlink": ["Ctrl+Shift+L"], "select_all": ["Ctrl+A"],
    "deselect": ["Ctrl+Shift+A"], "split": ["S"], "marker": ["M"], "select_tool": ["V"],
    "razor_tool": ["C"], "snapping": ["N"], "zoom_in": ["+", "=", "Ctrl+="],
    "zoom_out": ["-", "Ctrl+-"], "fit": ["\\", "Ctrl+0"], "play": ["Space"], "backward": ["J"],
    "stop": ["K"], "forward": ["L"], "start": ["Home"], "end": ["End"], "prev_frame": ["Left"],
    "next_frame": ["Right"], "back_second": ["Shift+Left"], "ahead_second": ["Shift+Right"],
    "generate": ["Ctrl+G"],
}  # fmt: skip


@pytest.fixture
def window(qtbot):
    """The main window with every panel installed (no worker process started)."""
    win = shown_window(qtbot)
    yield win
    win.close()


def test_the_main_windows_menus_items_and_shortcuts(window):
    menus = {a.text(): texts(a.menu()) for a in window.menuBar().actions() if a.isVisible()}
    assert menus == MENUS
    registry = window.actions
    keys = {i: [k.toString() for k in registry[i].shortcuts()] for i in registry}
    # Quit is the platform's (none offscreen)
    quit_keys = [QKeySequence(QKeySequence.StandardKey.Quit).toString()]
    assert {i: k for i, k in keys.items() if k} == SHORTCUTS | {"quit": quit_keys}
    every = [k for k in keys.values() for k in k if k]
    assert len(every) == len(set(every)), "two actions share a shortcut"
    declared = {window.actions.menu(m.id) for m in registry.menu_specs()}
    assert {a.menu() for a in window.menuBar().actions()} <= declared


def test_every_menu_item_is_a_registered_action(window):
    registered = {id(window.actions[i]) for i in window.actions}
    submenus = {id(window.actions.menu(m.id).menuAction()) for m in window.actions.menu_specs()}
    for bar_item in window.menuBar().actions():
        for action in bar_item.menu().actions():
            if not action.isSeparator():
                assert id(action) in registered | submenus, action.text()


def test_document_actions_are_enabled_while_a_project_is_open(window, project_folder):
    assert window.session is None
    assert not window.actions["save"].isEnabled() and not window.actions["undo"].isEnabled()
    assert not window.actions["render"].isEnabled()
    assert window.actions["open"].isEnabled() and window.actions["import_otio"].isEnabled()
    assert window.open_project(project_folder)
    assert window.actions["save"].isEnabled() and window.actions["undo"].isEnabled()
    assert window.actions["render"].isEnabled()
