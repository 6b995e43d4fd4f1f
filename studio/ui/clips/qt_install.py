"""Docks the clips panel in the main window (an entry of studio.ui.qt_panels)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.ui.clips.qt_panel import ClipsPanel


def install_clips(window) -> ClipsPanel:
    panel = ClipsPanel(window.generation, window.pictures, window.work)
    dock = window.add_panel("Clips", panel, Qt.DockWidgetArea.TopDockWidgetArea)
    if "Media" in window.docks and dock is not window.docks["Media"]:
        window.tabifyDockWidget(window.docks["Media"], dock)
        window.docks["Media"].raise_()
    window.session_panels.append(panel)
    if window.session is not None:
        panel.set_session(window.session)
    return panel
