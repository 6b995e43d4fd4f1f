"""Docks the clips panel in the main window (an entry of studio.ui.qt_panels)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.ui.clips.qt_panel import ClipsPanel
from studio.ui.qt_app_context import AppContext


def install_clips(context: AppContext) -> ClipsPanel:
    panel = ClipsPanel(context.generation, context.pictures, context.work)
    context.docks.add("Clips", panel, Qt.DockWidgetArea.TopDockWidgetArea, tab_with="Media")
    context.follow(panel)
    return panel
