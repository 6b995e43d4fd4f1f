"""Docking the Score panel in the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from studio.ui.qt_app_context import AppContext
from studio.ui.score.qt_panel import ScorePanel


def install_score(context: AppContext) -> ScorePanel:
    """Add the Score dock; it follows every document the window shows."""
    panel = ScorePanel(context.generation)
    # Beside the media and the other panels, above the timeline: scoring a cut needs the
    # cut in view (tabbed with the timeline, it hid it).
    dock = context.docks.add("Score", panel, Qt.DockWidgetArea.TopDockWidgetArea, tab_with="Media")
    # A tab brought to the front is "shown" to Qt already: the dock says when it is seen.
    dock.visibilityChanged.connect(lambda seen: seen and QTimer.singleShot(0, panel.views_if_seen))
    panel.watch_window(context.host)
    context.follow(panel)
    return panel
