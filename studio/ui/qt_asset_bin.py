"""The asset bin: imported and generated media with thumbnails, search, drag and provenance."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from studio.model import Change, MediaKind
from studio.ui.asset_text import provenance_lines, summary
from studio.ui.mime import ASSET_MIME, encode_assets
from studio.ui.qt_media_pictures import MediaPictures
from studio.ui.qt_session import EditSession

ICON_HEIGHT = 48
ASSET_ID = Qt.ItemDataRole.UserRole


class AssetList(QListWidget):
    """Drags carry asset ids, which the timeline turns into clips."""

    def mimeTypes(self) -> list[str]:
        return [ASSET_MIME]

    def mimeData(self, items) -> QMimeData:
        mime = QMimeData()
        mime.setData(ASSET_MIME, encode_assets([item.data(ASSET_ID) for item in items]))
        return mime


class AssetBin(QWidget):
    def __init__(self, pictures: MediaPictures, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("assetBin")
        self.session: EditSession | None = None
        self.pictures = pictures
        self.search = QLineEdit(placeholderText="Search media…", clearButtonEnabled=True)
        self.list = AssetList()
        self.list.setIconSize(QSize(ICON_HEIGHT * 16 // 9, ICON_HEIGHT))
        self.list.setDragEnabled(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.details = QLabel(wordWrap=True, textInteractionFlags=Qt.TextSelectableByMouse)
        self.details.setMinimumHeight(48)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        self.search.textChanged.connect(self.filter)
        self.list.currentItemChanged.connect(self._show_details)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.itemDoubleClicked.connect(lambda item: self.show_provenance(item.data(ASSET_ID)))
        pictures.ready.connect(self._fill_icons)
        self._sound_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MediaVolume)

    def set_session(self, session: EditSession) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._changed)
        self.session = session
        session.changed.connect(self._changed)
        self.rebuild()

    def _changed(self, change: Change) -> None:
        if change.assets or change.cause == "load":
            self.rebuild()

    def rebuild(self) -> None:
        current = self.list.currentItem().data(ASSET_ID) if self.list.currentItem() else None
        self.list.clear()
        project = self.session.project
        fps = project.settings.fps
        for asset in sorted(project.assets.values(), key=lambda a: a.name.lower()):
            item = QListWidgetItem(f"{asset.name}\n{summary(asset, fps)}")
            item.setData(ASSET_ID, asset.id)
            item.setToolTip("\n".join([asset.path, *provenance_lines(asset)]))
            self.list.addItem(item)
            if asset.id == current:
                self.list.setCurrentItem(item)
        self._fill_icons()
        self.filter(self.search.text())

    def _fill_icons(self) -> None:
        if self.session is None:
            return
        assets = self.session.project.assets
        for row in range(self.list.count()):
            item = self.list.item(row)
            if not item.icon().isNull():
                continue
            asset = assets.get(item.data(ASSET_ID))
            if asset is None:
                continue
            if asset.kind is MediaKind.AUDIO:
                item.setIcon(self._sound_icon)
                continue
            image = self.pictures.thumbnail(asset, 0.0, ICON_HEIGHT)
            if image is not None:
                item.setIcon(QIcon(image))

    def filter(self, text: str) -> None:
        needle = text.strip().lower()
        for row in range(self.list.count()):
            item = self.list.item(row)
            item.setHidden(bool(needle) and needle not in item.text().lower())

    def visible_names(self) -> list[str]:
        return [
            self.list.item(r).text().split("\n")[0]
            for r in range(self.list.count())
            if not self.list.item(r).isHidden()
        ]

    def _show_details(self, item: QListWidgetItem | None, _previous=None) -> None:
        asset = self.session.project.assets.get(item.data(ASSET_ID)) if item else None
        if asset is None:
            self.details.clear()
            return
        lines = [f"<b>{asset.name}</b> — {summary(asset, self.session.project.settings.fps)}"]
        lines += provenance_lines(asset)
        self.details.setText("<br>".join(lines))

    def _context_menu(self, pos) -> None:
        item = self.list.itemAt(pos)
        if item is None:
            return
        menu = QMenu(self)
        menu.addAction("Show provenance…", lambda: self.show_provenance(item.data(ASSET_ID)))
        menu.exec(self.list.viewport().mapToGlobal(pos))

    def show_provenance(self, asset_id: str) -> None:
        asset = self.session.project.assets.get(asset_id)
        if asset is None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Information, f"Provenance — {asset.name}", "", parent=self
        )
        box.setText("\n".join([asset.path, *provenance_lines(asset)]))
        box.open()
