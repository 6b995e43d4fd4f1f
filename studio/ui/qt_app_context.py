"""What the main window lends its panels: the typed context each panel's installer receives.

An installer (`studio.ui.qt_panels.INSTALLERS`) is handed an `AppContext` and takes what it
needs from it (the open session, the generation hub, taste, sound, the docks, the action
registry); what it adds for the others (the hub, taste, sound) it sets here. No installer
reads attributes off the window, and none looks a menu up by its title.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from studio.ui.qt_action_registry import ActionRegistry, ActionSpec

if TYPE_CHECKING:  # the panels' modules are imported off the GUI thread, later
    from studio.ui.playback.qt_proxies import ProxyMaker
    from studio.ui.playback.qt_sound import TimelineSound
    from studio.ui.qt_asset_bin import AssetBin
    from studio.ui.qt_generation import GenerationHub
    from studio.ui.qt_media_pictures import MediaPictures
    from studio.ui.qt_session import EditSession
    from studio.ui.qt_transport import Transport
    from studio.ui.qt_viewer import Viewer
    from studio.ui.qt_workers import BackgroundWork
    from studio.ui.taste.qt_controller import TasteController
    from studio.ui.taste.qt_menu import TasteMenu

Area = Qt.DockWidgetArea


class SessionFollower(Protocol):
    def set_session(self, session: EditSession) -> None: ...


class Docks:
    """The window's docked panels by name; each one's toggle is in View ▸ its panels group."""

    def __init__(self, host: QMainWindow, actions: ActionRegistry) -> None:
        self._host = host
        self._actions = actions
        self._docks: dict[str, QDockWidget] = {}

    def add(
        self, name: str, widget: QWidget, area: Area = Area.TopDockWidgetArea, tab_with: str = ""
    ) -> QDockWidget:
        """Dock `widget` as the panel `name` (its layout is remembered); a real panel replacing
        a placeholder keeps its place. `tab_with` tabs it behind that panel, and the media
        bin stays in front (the viewer keeps its room beside them)."""
        dock = self._docks.get(name)
        if dock is not None:
            old = dock.widget()
            dock.setWidget(widget)
            if old is not None:
                old.deleteLater()
        else:
            dock = QDockWidget(name, self._host)
            dock.setObjectName(f"dock_{name.lower().replace(' ', '_')}")
            dock.setWidget(widget)
            self._host.addDockWidget(area, dock)
            slug = re.sub(r"\W+", "_", name.lower())  # "Cast & Places": panel_cast_places
            spec = ActionSpec(f"panel_{slug}", name, menu="view", group="panels")
            self._actions.add(spec, action=dock.toggleViewAction())
            self._docks[name] = dock
        beside = self._docks.get(tab_with)
        if beside is not None and beside is not dock:
            self._host.tabifyDockWidget(beside, dock)
            if "Media" in self._docks:
                self._docks["Media"].raise_()
        return dock

    def __getitem__(self, name: str) -> QDockWidget:
        return self._docks[name]

    def __contains__(self, name: object) -> bool:
        return name in self._docks

    def __iter__(self) -> Iterator[str]:
        return iter(self._docks)

    def __len__(self) -> int:
        return len(self._docks)

    def get(self, name: str) -> QDockWidget | None:
        return self._docks.get(name)

    def values(self) -> list[QDockWidget]:
        return list(self._docks.values())

    def items(self) -> list[tuple[str, QDockWidget]]:
        return list(self._docks.items())


@dataclass(eq=False)
class AppContext:
    """One window's services, handed to each panel's installer."""

    host: QMainWindow  # the Qt parent of docks and dialogs, and what closing is watched on
    actions: ActionRegistry
    docks: Docks
    say: Callable[[str], None]  # a message in the status bar
    open_project: Callable[[Path], bool]  # replaces the open document (asks to save first)
    work: BackgroundWork  # the media pool (thumbnails, proxies, exports)
    pictures: MediaPictures
    viewer: Viewer
    transport: Transport
    asset_bin: AssetBin
    session: EditSession | None = None  # the open document, None before the first
    # Panels that show the open document: each one's set_session(session) is called for
    # every document shown (at start-up one per turn of the event loop).
    followers: list[SessionFollower] = field(default_factory=list)
    generation: GenerationHub | None = None
    taste: TasteController | None = None
    taste_menu: TasteMenu | None = None
    sound: TimelineSound | None = None
    proxies: ProxyMaker | None = None
    # Dialogs kept open once made ("render", "import_report"): shown again, not made again.
    dialogs: dict[str, QWidget] = field(default_factory=dict)

    def follow(self, panel: SessionFollower) -> None:
        """Show every document to `panel` from now on, starting with the open one."""
        self.followers.append(panel)
        if self.session is not None:
            panel.set_session(self.session)
