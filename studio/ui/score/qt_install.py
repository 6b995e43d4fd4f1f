"""Docking the Score panel in the main window."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer

from studio.ui.score.qt_panel import ScorePanel


def install_score(window) -> ScorePanel:
    """Add the Score dock; it follows every document the window shows."""
    panel = ScorePanel(getattr(window, "generation", None))
    # Beside the media and the other panels, above the timeline: scoring a cut needs the
    # cut in view (tabbed with the timeline, it hid it).
    dock = window.add_panel("Score", panel, Qt.DockWidgetArea.TopDockWidgetArea)
    media = window.docks.get("Media")
    if media is not None and media is not dock:
        window.tabifyDockWidget(media, dock)
        media.raise_()
    # A tab brought to the front is "shown" to Qt already: the dock says when it is seen.
    dock.visibilityChanged.connect(lambda seen: seen and QTimer.singleShot(0, panel.views_if_seen))
    panel.watch_window(window)
    window.session_panels.append(panel)
    if window.session is not None:
        panel.set_session(window.session)
    return panel
