"""Docking the Score panel in the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from studio.ui.score.qt_panel import ScorePanel


def install_score(window) -> ScorePanel:
    """Add the Score dock; it follows every document the window shows."""
    panel = ScorePanel(getattr(window, "generation", None))
    dock = window.add_panel("Score", panel, Qt.DockWidgetArea.BottomDockWidgetArea)
    timeline = window.docks.get("Timeline")
    if timeline is not None and timeline is not dock:
        window.tabifyDockWidget(timeline, dock)  # the timeline stays in front
        timeline.raise_()
    panel.watch_window(window)
    window.session_panels.append(panel)
    if window.session is not None:
        panel.set_session(window.session)
    return panel
