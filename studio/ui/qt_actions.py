"""The main window's menus, toolbar and keyboard shortcuts, registered from one table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QToolBar

from studio.model.edits import AddTrack
from studio.model.entities import TrackKind
from studio.ui.qt_action_registry import ActionRegistry, ActionSpec, MenuSpec

Key = QKeySequence.StandardKey

# Every menu of the menu bar, in its order; panels fill Generate and Taste when installed.
MENUS = (
    MenuSpec("file", "&File", ("project", "delivery", "quit"), order=10),
    MenuSpec("file/recent", "Open &Recent", parent="file", group="project"),
    MenuSpec("edit", "&Edit", order=20),
    MenuSpec("timeline", "&Timeline", order=30),
    MenuSpec("playback", "&Playback", ("transport", "proxies"), order=40),
    MenuSpec("view", "&View", ("panels", "layout"), order=50),
    MenuSpec("generate", "&Generate", ("generate", "jobs"), order=60),
    MenuSpec("taste", "&Taste", ("suggest", "learning", "model"), order=70),
    MenuSpec("help", "&Help", order=90),
)


def _session_call(window, fn: Callable) -> Callable[[], None]:
    """Commands act on the open project; with none open they do nothing."""

    def run(*_args) -> None:
        if window.session is not None:
            fn()

    return run


def build_actions(window, registry: ActionRegistry) -> ActionRegistry:
    """Register the editor's own actions (file, edit, timeline, playback, view, help)."""
    tl = window.timeline
    cmd = tl.commands
    tr = window.transport
    s = lambda fn: _session_call(window, fn)  # noqa: E731

    def seek(delta_fn):
        return s(lambda: _seek(window, delta_fn(window.session)))

    one_second = lambda sess: round(sess.project.settings.fps)  # noqa: E731
    for menu in MENUS:
        if not menu.parent:
            registry.declare(menu)
    # name: (menu id, text, shortcuts, slot); each in its menu's first group, in this order
    table = {
        "new": ("file", "&New Project…", [Key.New], window.new_project_dialog),
        "open": ("file", "&Open Project…", [Key.Open], window.open_project_dialog),
        "save": ("file", "&Save", [Key.Save], s(window.save)),
        "save_as": ("file", "Save &As…", [Key.SaveAs], s(window.save_as_dialog)),
        "import": ("file", "&Import Media…", ["Ctrl+I"], s(window.import_dialog)),
        "quit": ("file", "&Quit", [Key.Quit], window.close),
        "undo": ("edit", "&Undo", ["Ctrl+Z"], s(lambda: window.session.undo())),
        "redo": ("edit", "&Redo", ["Ctrl+Shift+Z", "Ctrl+Y"], s(lambda: window.session.redo())),
        "cut": ("edit", "Cu&t", ["Ctrl+X"], s(cmd.cut)),
        "copy": ("edit", "&Copy", ["Ctrl+C"], s(cmd.copy)),
        "paste": ("edit", "&Paste at Playhead", ["Ctrl+V"], s(cmd.paste)),
        "delete": ("edit", "&Delete", ["Delete", "Backspace"], s(cmd.delete)),
        "ripple_delete": (
            "edit", "Ripple De&lete", ["Shift+Delete", "Shift+Backspace"],
            s(lambda: cmd.delete(ripple=True)),
        ),  # fmt: skip
        "delete_alone": (
            "edit", "Delete Without Linked Clips", ["Alt+Delete", "Alt+Backspace"],
            s(lambda: cmd.delete(linked=False)),
        ),
        "ripple_delete_alone": (
            "edit", "Ripple Delete Without Linked Clips", ["Alt+Shift+Delete"],
            s(lambda: cmd.delete(ripple=True, linked=False)),
        ),
        "link": ("edit", "&Link Clips", ["Ctrl+L"], s(cmd.link)),
        "unlink": ("edit", "U&nlink Clips", ["Ctrl+Shift+L"], s(cmd.unlink)),
        "select_all": ("edit", "Select &All", ["Ctrl+A"], s(cmd.select_all)),
        "deselect": ("edit", "Deselect", ["Ctrl+Shift+A"], s(lambda: window.session.select([]))),
        "split": ("timeline", "&Split at Playhead", ["S"], s(cmd.split_at_playhead)),
        "marker": ("timeline", "Add &Marker", ["M"], s(cmd.add_marker)),
        "select_tool": ("timeline", "Select Tool", ["V"], lambda: window.set_tool("select")),
        "razor_tool": ("timeline", "Razor Tool", ["C"], lambda: window.set_tool("razor")),
        "snapping": (
            "timeline", "Sna&pping", ["N"],
            s(lambda: window.session.set_snapping(window.actions["snapping"].isChecked())),
        ),  # fmt: skip
        "zoom_in": ("timeline", "Zoom &In", ["+", "=", "Ctrl+="], s(tl.zoom_in)),
        "zoom_out": ("timeline", "Zoom &Out", ["-", "Ctrl+-"], s(tl.zoom_out)),
        "fit": ("timeline", "Zoom to &Fit", ["\\", "Ctrl+0"], s(tl.fit)),
        "project_settings": (
            "timeline", "Project &Settings…", [], s(window.project_settings_dialog),
        ),
        "add_video_track": (
            "timeline", "Add &Video Track", [],
            s(lambda: window.session.apply(AddTrack(TrackKind.VIDEO, index=0))),
        ),  # fmt: skip
        "add_audio_track": (
            "timeline", "Add A&udio Track", [],
            s(lambda: window.session.apply(AddTrack(TrackKind.AUDIO))),
        ),  # fmt: skip
        "play": ("playback", "&Play / Pause", ["Space"], s(tr.toggle)),
        "backward": ("playback", "Play &Backward (J)", ["J"], s(tr.backward)),
        "stop": ("playback", "&Stop (K)", ["K"], s(tr.stop)),
        "forward": ("playback", "Play &Forward (L)", ["L"], s(tr.forward)),
        "start": ("playback", "Go to &Start", ["Home"], seek(lambda ss: -ss.playhead)),
        "end": (
            "playback", "Go to &End", ["End"],
            seek(lambda ss: ss.project.duration - ss.playhead),
        ),  # fmt: skip
        "prev_frame": ("playback", "Previous Frame", ["Left"], seek(lambda ss: -1)),
        "next_frame": ("playback", "Next Frame", ["Right"], seek(lambda ss: 1)),
        "back_second": (
            "playback", "Back One Second", ["Shift+Left"], seek(lambda ss: -one_second(ss)),
        ),
        "ahead_second": ("playback", "Ahead One Second", ["Shift+Right"], seek(one_second)),
    }  # fmt: skip
    has_session = lambda: window.session is not None  # noqa: E731
    always = {"new", "open", "quit", "select_tool", "razor_tool"}
    for name, (menu_id, text, keys, slot) in table.items():
        spec = ActionSpec(
            name,
            text,
            menu=menu_id,
            group="quit" if name == "quit" else _first_group(menu_id),
            shortcuts=tuple(keys),
            checkable=name in ("select_tool", "razor_tool", "snapping"),
            checked=name in ("select_tool", "snapping"),
            enabled_when=None if name in always else has_session,
        )
        registry.add(spec, slot)
        if name == "save_as":  # Open Recent comes next (filled by the window)
            registry.declare(next(m for m in MENUS if m.id == "file/recent"))
    registry.add(
        ActionSpec("reset_layout", "&Reset Layout", menu="view", group="layout"),
        window.reset_layout,
    )
    registry.add(
        ActionSpec("getting_started", "&Getting Started", menu="help"),
        lambda: _getting_started(window),
    )
    registry.add(ActionSpec("about", "&About Storyreel", menu="help"), window.about)
    return registry


def _first_group(menu_id: str) -> str:
    return next(m.groups[0] for m in MENUS if m.id == menu_id)


def _getting_started(window) -> None:
    from studio.ui.qt_help import show_getting_started  # on use: not at start-up

    show_getting_started(window.context)


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


def build_toolbar(window: QMainWindow, actions: ActionRegistry) -> QToolBar:
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
