"""The score panel: music generated for a stretch of the cut, fitted to it, placed, mixed down."""

from studio.ui.score.qt_install import install_score

__all__ = ["install_score"]
