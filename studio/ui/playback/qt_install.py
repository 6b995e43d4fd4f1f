"""Wires playback into the main window: transport to viewer, background proxies, the menu toggle."""

from __future__ import annotations

from studio.ui.playback.qt_proxies import ProxyMaker
from studio.ui.playback.qt_sound import TimelineSound
from studio.ui.qt_action_registry import ActionSpec
from studio.ui.qt_app_context import AppContext


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
    """Follows the open document for the proxy maker (one of the context's followers)."""

    def __init__(self, proxies: ProxyMaker) -> None:
        self.proxies = proxies

    def set_session(self, session) -> None:
        self.proxies.set_document(session.doc)
        session.changed.connect(self.proxies.update)  # imports bring new heavy media


def install_playback(context: AppContext) -> None:
    viewer, transport = context.viewer, context.transport
    transport.rate_changed.connect(viewer.set_rate)
    sound = TimelineSound(context.host)
    sound.opened.connect(lambda name, audible, why: _say_output(viewer, name, audible, why))
    sound.problem.connect(context.say)
    transport.sound = sound
    context.sound = sound
    proxies = ProxyMaker(context.work, context.host)
    proxies.made.connect(lambda _asset: viewer.reload() if viewer.feed.use_proxies else None)
    proxies.failed.connect(lambda _asset, reason: context.say(f"No proxy: {reason}"))
    context.proxies = proxies
    context.follow(sound)
    context.follow(_ProxyFollower(proxies))  # installed after the first project opened
    toggle = context.actions.add(
        ActionSpec(
            "use_proxies",
            "Use &Proxies for Heavy Video",
            menu="playback",
            group="proxies",
            checkable=True,
            checked=True,
            status_tip="Play low-resolution copies of tall video, made in the background",
        )
    )
    toggle.toggled.connect(viewer.set_use_proxies)
    toggle.toggled.connect(proxies.set_enabled)
