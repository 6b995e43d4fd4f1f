"""Docks the storyboard panel in the main window (an entry of studio.ui.qt_panels)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.ui.qt_app_context import AppContext
from studio.ui.storyboard.qt_panel import StoryboardPanel


def install_storyboard(context: AppContext) -> StoryboardPanel:
    panel = StoryboardPanel(context.generation, context.pictures)
    context.docks.add("Storyboard", panel, Qt.DockWidgetArea.TopDockWidgetArea, tab_with="Media")
    context.follow(panel)
    return panel
