"""Docks the Cast & Places panel in the main window (an entry of studio.ui.qt_panels)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.ui.cast.qt_panel import CastPanel
from studio.ui.qt_app_context import AppContext


def install_cast(context: AppContext) -> CastPanel:
    panel = CastPanel(context.pictures)
    dock = context.docks.add(
        "Cast & Places", panel, Qt.DockWidgetArea.TopDockWidgetArea, tab_with="Storyboard"
    )
    dock.setWindowTitle("Cast && Places")  # a lone & would mark a mnemonic, and not show
    context.follow(panel)
    return panel
