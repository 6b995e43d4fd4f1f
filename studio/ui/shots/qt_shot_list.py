"""The shots of a project in story order, each with its picture, description and length."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QDropEvent, QIcon
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem

from studio.model import MediaKind, Project, Shot
from studio.model.time import frames_to_seconds
from studio.ui.qt_media_pictures import MediaPictures

SHOT_ID = Qt.ItemDataRole.UserRole
ICON_HEIGHT = 54


def shot_picture(project: Project, shot: Shot, slot_asset: str | None = None):
    """The asset that pictures a shot: what its slot shows, else its picked take."""
    for asset_id in (slot_asset, shot.picked, *reversed(shot.takes)):
        asset = project.assets.get(asset_id) if asset_id else None
        if asset is not None and asset.kind in (MediaKind.IMAGE, MediaKind.VIDEO):
            return asset
    return None


class ShotList(QListWidget):
    """One row per shot. Dragging a row asks for a move (`move_requested`); the list itself
    changes only when the document does, so it never shows an order the project lacks."""

    shot_selected = Signal(object)  # the shot id, or None
    move_requested = Signal(str, int)  # shot id, new index

    def __init__(self, pictures: MediaPictures, reorderable: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.pictures = pictures
        self.project: Project | None = None
        self._slot_of = lambda shot_id: None
        self.setIconSize(QSize(ICON_HEIGHT * 16 // 9, ICON_HEIGHT))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.setUniformItemSizes(True)
        if reorderable:
            self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
            self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.currentItemChanged.connect(self._current_changed)
        pictures.ready.connect(self.fill_icons)

    def show_project(self, project: Project, slot_of=None) -> None:
        """Rebuild the rows (keeping the current shot); `slot_of(shot_id)` names the asset
        shown on the timeline for a shot, which the row pictures."""
        self.project = project
        if slot_of is not None:
            self._slot_of = slot_of
        current = self.current_shot()
        self.blockSignals(True)
        try:
            self.clear()
            fps = project.settings.fps
            for number, shot in enumerate(project.shots, start=1):
                seconds = float(frames_to_seconds(shot.duration, fps))
                text = f"{number}. {shot.description or 'Untitled shot'}\n{seconds:.1f} s"
                if len(shot.takes) > 1:
                    text += f" · {len(shot.takes)} takes"
                item = QListWidgetItem(text)
                item.setData(SHOT_ID, shot.id)
                item.setToolTip(shot.description)
                self.addItem(item)
                if shot.id == current:
                    self.setCurrentItem(item)
        finally:
            self.blockSignals(False)
        self.fill_icons()
        if current is not None and self.current_shot() != current:
            self.shot_selected.emit(self.current_shot())  # the shot was removed

    def fill_icons(self) -> None:
        if self.project is None:
            return
        for row in range(self.count()):
            item = self.item(row)
            shot = self.project.item("shots", item.data(SHOT_ID))
            asset = shot_picture(self.project, shot, self._slot_of(shot.id)) if shot else None
            if asset is None:
                continue
            picture = self.pictures.thumbnail(asset, 0.0, ICON_HEIGHT)
            if picture is not None:
                item.setIcon(QIcon(picture))

    def current_shot(self) -> str | None:
        item = self.currentItem()
        return item.data(SHOT_ID) if item is not None else None

    def select_shot(self, shot_id: str | None, notify: bool = True) -> None:
        """Make `shot_id` current; `notify=False` when following the timeline's selection."""
        self.blockSignals(not notify)
        try:
            for row in range(self.count()):
                if self.item(row).data(SHOT_ID) == shot_id:
                    self.setCurrentRow(row)
                    return
            self.setCurrentRow(-1)
        finally:
            self.blockSignals(False)

    def _current_changed(self, current, _previous) -> None:
        self.shot_selected.emit(current.data(SHOT_ID) if current is not None else None)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        # Qt would move the row itself; the document decides instead, and we redraw from it.
        shot_id = self.current_shot()
        event.setDropAction(Qt.DropAction.IgnoreAction)
        event.accept()
        if shot_id is None or event.source() is not self:
            return
        self.move_requested.emit(shot_id, self.drop_index(event.position().toPoint()))

    def drop_index(self, point) -> int:
        """The index a shot dropped at `point` takes: the row under it, else the end."""
        target = self.indexAt(point)
        if not target.isValid():
            return self.count() - 1
        row = target.row()
        rect = self.visualRect(target)
        # Dropped on the lower half of a row below the dragged one: it goes after that row.
        if point.y() > rect.center().y() and row < self.currentRow():
            row += 1
        return min(row, self.count() - 1)
