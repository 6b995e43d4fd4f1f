"""Docks the Cast & Places panel in the main window (an entry of studio.ui.qt_panels)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.ui.cast.qt_panel import CastPanel


def install_cast(window) -> CastPanel:
    panel = CastPanel(window.pictures)
    dock = window.add_panel("Cast & Places", panel, Qt.DockWidgetArea.TopDockWidgetArea)
    dock.setWindowTitle("Cast && Places")  # a lone & would mark a mnemonic, and not show
    if "Storyboard" in window.docks and dock is not window.docks["Storyboard"]:
        window.tabifyDockWidget(window.docks["Storyboard"], dock)
    if "Media" in window.docks:
        window.docks["Media"].raise_()
    window.session_panels.append(panel)
    if window.session is not None:
        panel.set_session(window.session)
    return panel
