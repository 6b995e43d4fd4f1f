"""The main window's menus, toolbar and keyboard shortcuts, built from one table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar

from studio.model.edits import AddTrack
from studio.model.entities import TrackKind

Key = QKeySequence.StandardKey


def _session_call(window, fn: Callable) -> Callable[[], None]:
    """Commands act on the open project; with none open they do nothing."""

    def run(*_args) -> None:
        if window.session is not None:
            fn()

    return run


def build_actions(window) -> dict[str, QAction]:
    tl = window.timeline
    cmd = tl.commands
    tr = window.transport
    s = lambda fn: _session_call(window, fn)  # noqa: E731

    def seek(delta_fn):
        return s(lambda: _seek(window, delta_fn(window.session)))

    one_second = lambda sess: round(sess.project.settings.fps)  # noqa: E731
    # name: (menu, text, shortcuts, slot)
    table = {
        "new": ("&File", "&New Project…", [Key.New], window.new_project_dialog),
        "open": ("&File", "&Open Project…", [Key.Open], window.open_project_dialog),
        "save": ("&File", "&Save", [Key.Save], s(window.save)),
        "save_as": ("&File", "Save &As…", [Key.SaveAs], s(window.save_as_dialog)),
        "import": ("&File", "&Import Media…", ["Ctrl+I"], s(window.import_dialog)),
        "quit": ("&File", "&Quit", [Key.Quit], window.close),
        "undo": ("&Edit", "&Undo", ["Ctrl+Z"], s(lambda: window.session.undo())),
        "redo": ("&Edit", "&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], s(lambda: window.session.redo())),
        "cut": ("&Edit", "Cu&t", ["Ctrl+X"], s(cmd.cut)),
        "copy": ("&Edit", "&Copy", ["Ctrl+C"], s(cmd.copy)),
        "paste": ("&Edit", "&Paste at Playhead", ["Ctrl+V"], s(cmd.paste)),
        "delete": ("&Edit", "&Delete", ["Delete", "Backspace"], s(cmd.delete)),
        "ripple_delete": (
            "&Edit", "Ripple De&lete", ["Shift+Delete", "Shift+Backspace"],
            s(lambda: cmd.delete(ripple=True)),
        ),  # fmt: skip
        "delete_alone": (
            "&Edit", "Delete Without Linked Clips", ["Alt+Delete", "Alt+Backspace"],
            s(lambda: cmd.delete(linked=False)),
        ),
        "ripple_delete_alone": (
            "&Edit", "Ripple Delete Without Linked Clips", ["Alt+Shift+Delete"],
            s(lambda: cmd.delete(ripple=True, linked=False)),
        ),
        "link": ("&Edit", "&Link Clips", ["Ctrl+L"], s(cmd.link)),
        "unlink": ("&Edit", "U&nlink Clips", ["Ctrl+Shift+L"], s(cmd.unlink)),
        "select_all": ("&Edit", "Select &All", ["Ctrl+A"], s(cmd.select_all)),
        "deselect": ("&Edit", "Deselect", ["Ctrl+Shift+A"], s(lambda: window.session.select([]))),
        "split": ("&Timeline", "&Split at Playhead", ["S"], s(cmd.split_at_playhead)),
        "marker": ("&Timeline", "Add &Marker", ["M"], s(cmd.add_marker)),
        "select_tool": ("&Timeline", "Select Tool", ["V"], lambda: window.set_tool("select")),
        "razor_tool": ("&Timeline", "Razor Tool", ["C"], lambda: window.set_tool("razor")),
        "snapping": (
            "&Timeline", "Sna&pping", ["N"],
            s(lambda: window.session.set_snapping(window.actions["snapping"].isChecked())),
        ),  # fmt: skip
        "zoom_in": ("&Timeline", "Zoom &In", ["+", "=", "Ctrl+="], s(tl.zoom_in)),
        "zoom_out": ("&Timeline", "Zoom &Out", ["-", "Ctrl+-"], s(tl.zoom_out)),
        "fit": ("&Timeline", "Zoom to &Fit", ["\\", "Ctrl+0"], s(tl.fit)),
        "project_settings": (
            "&Timeline", "Project &Settings…", [], s(window.project_settings_dialog),
        ),
        "add_video_track": (
            "&Timeline", "Add &Video Track", [],
            s(lambda: window.session.apply(AddTrack(TrackKind.VIDEO, index=0))),
        ),  # fmt: skip
        "add_audio_track": (
            "&Timeline", "Add A&udio Track", [],
            s(lambda: window.session.apply(AddTrack(TrackKind.AUDIO))),
        ),  # fmt: skip
        "play": ("&Playback", "&Play / Pause", ["Space"], s(tr.toggle)),
        "backward": ("&Playback", "Play &Backward (J)", ["J"], s(tr.backward)),
        "stop": ("&Playback", "&Stop (K)", ["K"], s(tr.stop)),
        "forward": ("&Playback", "Play &Forward (L)", ["L"], s(tr.forward)),
        "start": ("&Playback", "Go to &Start", ["Home"], seek(lambda ss: -ss.playhead)),
        "end": (
            "&Playback", "Go to &End", ["End"],
            seek(lambda ss: ss.project.duration - ss.playhead),
        ),  # fmt: skip
        "prev_frame": ("&Playback", "Previous Frame", ["Left"], seek(lambda ss: -1)),
        "next_frame": ("&Playback", "Next Frame", ["Right"], seek(lambda ss: 1)),
        "back_second": (
            "&Playback", "Back One Second", ["Shift+Left"], seek(lambda ss: -one_second(ss)),
        ),
        "ahead_second": ("&Playback", "Ahead One Second", ["Shift+Right"], seek(one_second)),
    }  # fmt: skip
    actions: dict[str, QAction] = {}
    menus: dict[str, QMenu] = {}
    bar = window.menuBar()
    for name, (menu_name, text, keys, slot) in table.items():
        action = QAction(text, window)
        action.setObjectName(f"action_{name}")
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.triggered.connect(slot)
        if menu_name not in menus:
            menus[menu_name] = bar.addMenu(menu_name)
        menus[menu_name].addAction(action)
        actions[name] = action
        if name == "save_as":
            window.recent_menu = menus[menu_name].addMenu("Open &Recent")
    for name in ("select_tool", "razor_tool", "snapping"):
        actions[name].setCheckable(True)
    actions["select_tool"].setChecked(True)
    actions["snapping"].setChecked(True)
    window.view_menu = bar.addMenu("&View")
    help_menu = bar.addMenu("&Help")
    help_menu.addAction("&Getting Started", lambda: _getting_started(window))
    help_menu.addAction("&About Storyreel", window.about)
    return actions


def _getting_started(window) -> None:
    from studio.ui.qt_help import show_getting_started  # on use: not at start-up

    show_getting_started(window)


def _seek(window, delta: int) -> None:
    session = window.session
    window.transport.stop()
    session.set_playhead(session.playhead + delta)
    window.timeline.ensure_visible(session.playhead)


# Short toolbar labels; the menus keep the full names.
TOOLBAR_TEXT = {
    "select_tool": "Select (V)",
    "razor_tool": "Razor (C)",
    "snapping": "Snap (N)",
    "split": "Split (S)",
    "marker": "Marker (M)",
    "zoom_out": "−",
    "fit": "Fit",
    "zoom_in": "+",
    "backward": "◀ J",
    "play": "▶ / ❚❚",
    "forward": "L ▶",
}


def build_toolbar(window: QMainWindow, actions: dict[str, QAction]) -> QToolBar:
    for name, text in TOOLBAR_TEXT.items():
        actions[name].setIconText(text)
    bar = QToolBar("Tools", window)
    bar.setObjectName("toolbar_main")
    for name in ("open", "save", None, "undo", "redo", None, "select_tool", "razor_tool",
                 "snapping", None, "split", "marker", None, "zoom_out", "fit", "zoom_in",
                 None, "backward", "play", "forward"):  # fmt: skip
        if name is None:
            bar.addSeparator()
        else:
            bar.addAction(actions[name])
    return bar
