"""Adds taste to the main window (an entry of studio.ui.qt_panels): controller, menu, bin search."""

from __future__ import annotations

from studio.ui.qt_app_context import AppContext
from studio.ui.shots.qt_take_strip import TakeStrip
from studio.ui.taste.qt_controller import TasteController
from studio.ui.taste.qt_menu import TasteMenu


def install_taste(context: AppContext) -> TasteController:
    """`context.taste` is the controller the storyboard and clips panels rank and record with."""
    if context.taste is not None:
        return context.taste
    taste = TasteController(context.generation, context.host)
    taste.message.connect(context.say)
    context.taste = taste
    context.taste_menu = TasteMenu(context, taste)
    context.asset_bin.set_taste(taste)
    # The storyboard's and clips' take strips list a shot's takes best guess first.
    for dock in context.docks.values():
        for strip in dock.findChildren(TakeStrip):
            strip.set_ranker(taste.rank, taste.ranking_changed)
    context.follow(taste)
    return taste
