"""Adds taste to the main window (an entry of studio.ui.qt_panels): controller, menu, bin search."""

from __future__ import annotations

from studio.ui.shots.qt_take_strip import TakeStrip
from studio.ui.taste.qt_controller import TasteController
from studio.ui.taste.qt_menu import TasteMenu


def install_taste(window) -> TasteController:
    """`window.taste` is the controller the storyboard and clips panels rank and record with."""
    existing = getattr(window, "taste", None)
    if isinstance(existing, TasteController):
        return existing
    taste = TasteController(getattr(window, "generation", None), window)
    taste.message.connect(window.show_message)
    window.taste = taste
    window.session_panels.append(taste)
    window.taste_menu = TasteMenu(window, taste)
    bar = window.menuBar()
    before = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
    if before is not None:
        bar.insertMenu(before, window.taste_menu)
    else:
        bar.addMenu(window.taste_menu)
    window.asset_bin.set_taste(taste)
    # The storyboard's and clips' take strips list a shot's takes best guess first.
    for strip in window.findChildren(TakeStrip):
        strip.set_ranker(taste.rank, taste.ranking_changed)
    if window.session is not None:
        taste.set_session(window.session)
    return taste
