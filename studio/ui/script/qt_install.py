"""Docking the Script panel into the main window (an entry of `studio.ui.qt_panels.INSTALLERS`)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.ui.script.qt_panel import ScriptPanel

DOCK_NAME = "Script"


def install_script(window) -> ScriptPanel:
    """Add the Script dock beside the media bin; a second call returns the first panel."""
    existing = window.findChild(ScriptPanel, "script_panel")
    if existing is not None:
        return existing
    panel = ScriptPanel(window)
    window.add_panel(DOCK_NAME, panel, Qt.DockWidgetArea.TopDockWidgetArea)
    media = window.docks.get("Media")
    if media is not None:
        # Tabbed with the bin, as the Jobs dock is: the viewer keeps its room beside them.
        window.tabifyDockWidget(media, window.docks[DOCK_NAME])
        media.raise_()
    window.session_panels.append(panel)
    if window.session is not None:
        panel.set_session(window.session)
    return panel
