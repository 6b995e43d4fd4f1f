"""Wires playback into the main window: transport to viewer, background proxies, the menu toggle."""

from __future__ import annotations

from PySide6.QtGui import QAction

from studio.ui.playback.qt_proxies import ProxyMaker
from studio.ui.playback.qt_sound import TimelineSound


def menu_named(window, text: str):
    """The window's menu whose title is `text` ("&File"), made if missing."""
    for action in window.menuBar().actions():
        if action.menu() is not None and action.text() == text:
            return action.menu()
    return window.menuBar().addMenu(text)


def _say_output(viewer, name: str, audible: bool, why: str) -> None:
    """The viewer's status line names what plays the sound (and why nothing does)."""
    if audible:
        viewer.clock_note = f"sound: {name}"
        viewer.setToolTip("Picture follows the sound's clock at normal speed.")
    else:
        viewer.clock_note = f"{name}: silent, timed as if heard"
        viewer.setToolTip(f"No sound is heard ({why}); the picture keeps the sound's time.")
    viewer.update()


class _ProxyFollower:
    """Follows the open document for the proxy maker (a window's `session_panels` entry)."""

    def __init__(self, proxies: ProxyMaker) -> None:
        self.proxies = proxies

    def set_session(self, session) -> None:
        self.proxies.set_document(session.doc)
        session.changed.connect(self.proxies.update)  # imports bring new heavy media


def install_playback(window) -> None:
    viewer, transport = window.viewer, window.transport
    transport.rate_changed.connect(viewer.set_rate)
    sound = TimelineSound(window)
    sound.opened.connect(lambda name, audible, why: _say_output(viewer, name, audible, why))
    sound.problem.connect(window.show_message)
    transport.sound = sound
    window.sound = sound
    window.session_panels.append(sound)
    proxies = ProxyMaker(window.work, window)
    proxies.made.connect(lambda _asset: viewer.reload() if viewer.feed.use_proxies else None)
    proxies.failed.connect(lambda _asset, reason: window.show_message(f"No proxy: {reason}"))
    follower = _ProxyFollower(proxies)
    window.session_panels.append(follower)
    if window.session is not None:  # installed after the first project opened
        sound.set_session(window.session)
        follower.set_session(window.session)
    toggle = QAction("Use &Proxies for Heavy Video", window, checkable=True, checked=True)
    toggle.setObjectName("action_use_proxies")
    toggle.setStatusTip("Play low-resolution copies of tall video, made in the background")
    toggle.toggled.connect(viewer.set_use_proxies)
    toggle.toggled.connect(proxies.set_enabled)
    menu = menu_named(window, "&Playback")
    menu.addSeparator()
    menu.addAction(toggle)
    window.actions["use_proxies"] = toggle
    window.proxies = proxies
