"""A combo of the style presets (shipped and the user's), by id."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from studio.workflows.styles import NO_STYLE, Style, load_styles


class StyleCombo(QComboBox):
    def __init__(self, default_id: str = NO_STYLE.id, parent=None) -> None:
        super().__init__(parent)
        self.styles = load_styles()
        for style in self.styles.values():
            self.addItem(style.name, style.id)
            self.setItemData(self.count() - 1, style.prompt, role=3)  # Qt.ToolTipRole
        self.setCurrentIndex(max(self.findData(default_id), 0))

    def style(self) -> Style:
        return self.styles.get(self.currentData(), NO_STYLE)
