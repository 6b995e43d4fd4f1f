"""The scene navigator and the character list beside the editor; a click jumps to the line."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studio.workflows.script.analysis import Analysis, SceneRow


def _length(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class ScriptNavigator(QWidget):
    """The scene list is a QStringListModel: the view asks a model for its row count once
    per row when it lays out, and a C++ model answers thousands of times in no time."""

    scene_chosen = Signal(int)  # the line of the scene's heading
    character_chosen = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[SceneRow] = []
        self.scenes = QStringListModel(self)
        self.scene_view = QListView()
        self.scene_view.setModel(self.scenes)
        self.scene_view.setUniformItemSizes(True)  # lets Qt skip measuring every row
        self.scene_view.setEditTriggers(QListView.EditTrigger.NoEditTriggers)
        self.scene_view.clicked.connect(self._chosen)
        self.scene_view.activated.connect(self._chosen)
        self._names: list[tuple[str, int]] = []
        self.characters = QListWidget()
        self.characters.itemClicked.connect(
            lambda item: self.character_chosen.emit(item.data(Qt.ItemDataRole.UserRole))
        )
        self.scene_count = QLabel("Scenes")
        self.character_count = QLabel("Characters")
        split = QSplitter(Qt.Orientation.Vertical)
        pairs = ((self.scene_count, self.scene_view), (self.character_count, self.characters))
        for title, view in pairs:
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(title)
            column.addWidget(view)
            split.addWidget(box)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def show_analysis(self, analysis: Analysis) -> None:
        labels = [f"{row.label}. {row.heading}" for row in analysis.scenes]
        if labels != self.scenes.stringList():
            self.scenes.setStringList(labels)  # typing inside a scene changes no label
        self.rows = analysis.scenes
        total = sum(row.seconds for row in analysis.scenes)
        self.scene_count.setText(f"Scenes ({len(analysis.scenes)}, about {_length(total)})")
        names = list(analysis.characters)
        if names != self._names:
            self._names = names
            self.characters.clear()
            for name, count in names:
                item = QListWidgetItem(f"{name}  ·  {count}")
                item.setData(Qt.ItemDataRole.UserRole, name)
                item.setToolTip(f"{name} speaks {count} time(s); click to go to the next")
                self.characters.addItem(item)
        self.character_count.setText(f"Characters ({len(names)})")

    def _chosen(self, index: QModelIndex) -> None:
        if 0 <= index.row() < len(self.rows):
            self.scene_chosen.emit(self.rows[index.row()].start_line)

    def mark_scene(self, index: int | None) -> None:
        """Select the scene the editor's cursor is in, without announcing a choice."""
        selection = self.scene_view.selectionModel()
        if index is None or index >= self.scenes.rowCount():
            selection.clearSelection()
            return
        model_index = self.scenes.index(index)
        selection.setCurrentIndex(model_index, selection.SelectionFlag.ClearAndSelect)
        self.scene_view.scrollTo(model_index)
