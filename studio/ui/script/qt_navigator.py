"""The scene navigator and the character list beside the editor; a click jumps to the line."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studio.ui.script.analysis import Analysis, SceneRow

Index = QModelIndex | QPersistentModelIndex


def _length(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


class SceneList(QAbstractListModel):
    """The scenes of the latest parse; a model, so thousands of scenes cost one reset."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.rows: list[SceneRow] = []

    def set_rows(self, rows: list[SceneRow]) -> None:
        if rows == self.rows:
            return  # typing inside a scene changes no row: keep the view's scroll and choice
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt's API
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.label}. {row.heading}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.heading}\nline {row.start_line + 1} · about {_length(row.seconds)}"
        if role == Qt.ItemDataRole.UserRole:
            return row.start_line
        return None


class ScriptNavigator(QWidget):
    scene_chosen = Signal(int)  # the line of the scene's heading
    character_chosen = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.scenes = SceneList(self)
        self.scene_view = QListView()
        self.scene_view.setModel(self.scenes)
        self.scene_view.setUniformItemSizes(True)  # lets Qt skip measuring every row
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
        self.scenes.set_rows(analysis.scenes)
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
        self.scene_chosen.emit(index.data(Qt.ItemDataRole.UserRole))

    def mark_scene(self, index: int | None) -> None:
        """Select the scene the editor's cursor is in, without announcing a choice."""
        selection = self.scene_view.selectionModel()
        if index is None or index >= len(self.scenes.rows):
            selection.clearSelection()
            return
        model_index = self.scenes.index(index)
        selection.setCurrentIndex(model_index, selection.SelectionFlag.ClearAndSelect)
        self.scene_view.scrollTo(model_index)
