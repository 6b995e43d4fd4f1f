"""Docking the Script panel into the main window (an entry of `studio.ui.qt_panels.INSTALLERS`)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.ui.qt_app_context import AppContext
from studio.ui.script.qt_panel import ScriptPanel

DOCK_NAME = "Script"


def install_script(context: AppContext) -> ScriptPanel:
    """Add the Script dock beside the media bin; a second call returns the first panel."""
    existing = context.docks.get(DOCK_NAME)
    if existing is not None and isinstance(existing.widget(), ScriptPanel):
        return existing.widget()
    panel = ScriptPanel(context)
    # Tabbed with the bin, as the Jobs dock is: the viewer keeps its room beside them.
    context.docks.add(DOCK_NAME, panel, Qt.DockWidgetArea.TopDockWidgetArea, tab_with="Media")
    context.follow(panel)
    return panel
