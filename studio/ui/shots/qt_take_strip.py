"""A shot's takes in a row of thumbnails; the one in use is marked, a click asks to use another."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem

from studio.model import MediaKind, Project, Shot
from studio.ui.qt_media_pictures import MediaPictures

TAKE_ID = Qt.ItemDataRole.UserRole
THUMB_HEIGHT = 64


class TakeStrip(QListWidget):
    """`take_clicked(asset_id)` on a click; `current_take()` for actions on the chosen one."""

    take_clicked = Signal(str)

    def __init__(self, pictures: MediaPictures, kinds=(MediaKind.IMAGE,), parent=None) -> None:
        super().__init__(parent)
        self.pictures = pictures
        self.kinds = tuple(kinds)
        self.project: Project | None = None
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(False)
        self.setMovement(QListView.Movement.Static)
        self.setIconSize(QSize(THUMB_HEIGHT * 16 // 9, THUMB_HEIGHT))
        # Without a grid, icon mode packs items by their text width and thumbnails overlap.
        self.setGridSize(QSize(THUMB_HEIGHT * 16 // 9 + 14, THUMB_HEIGHT + 26))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setFixedHeight(THUMB_HEIGHT + 46)
        self.itemClicked.connect(lambda item: self.take_clicked.emit(item.data(TAKE_ID)))
        pictures.ready.connect(self.fill_icons)
        self._rank: Callable[[list[str]], list] | None = None
        self._shown: tuple | None = None

    def set_ranker(self, rank: Callable[[list[str]], list], changed: SignalInstance) -> None:
        """Order takes by the user's learned preference, best first, each with its reason.

        `rank(take_ids)` returns objects with `.asset` and `.reason` (studio.taste.Ranked);
        `changed` fires when the ranking learned something, and the strip is shown again.
        """
        self._rank = rank
        changed.connect(lambda: self._shown is not None and self.show_takes(*self._shown))

    def show_takes(self, project: Project, shot: Shot | None, in_use: str | None) -> None:
        """List the shot's takes of our kinds (best guess first when ranked, else oldest
        first, numbered by age); mark `in_use` with a ✓."""
        self.project = project
        self._shown = (project, shot, in_use)
        current = self.current_take()
        self.clear()
        if shot is None:
            return
        numbered = [
            (number, asset_id)
            for number, asset_id in enumerate(shot.takes, start=1)
            if asset_id in project.assets and project.assets[asset_id].kind in self.kinds
        ]
        reasons: dict[str, str] = {}
        if self._rank is not None and len(numbered) > 1:
            ranked = self._rank([asset_id for _, asset_id in numbered])
            order = {r.asset: place for place, r in enumerate(ranked)}
            reasons = {r.asset: r.reason for r in ranked if r.reason}
            numbered.sort(key=lambda pair: order.get(pair[1], len(order)))
        for number, asset_id in numbered:
            asset = project.assets[asset_id]
            used = asset_id == in_use
            liked = asset_id in reasons and asset_id == numbered[0][1]
            mark = ("✓ " if used else "") + ("★ " if liked else "")
            stale = asset_id in shot.outdated  # made before its cast was described anew
            item = QListWidgetItem(f"{mark}Take {number}" + (" ⚠" if stale else ""))
            item.setData(TAKE_ID, asset_id)
            tip = _describe(asset)
            if stale:
                tip += "\nOut of date: a character or place in it was described anew"
            if asset_id in reasons:
                tip += f"\nSuggested: {reasons[asset_id]}"
            item.setToolTip(tip)
            if used:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.addItem(item)
            if asset_id == (current or in_use):
                self.setCurrentItem(item)
        self.fill_icons()

    def fill_icons(self) -> None:
        if self.project is None:
            return
        for row in range(self.count()):
            item = self.item(row)
            asset = self.project.assets.get(item.data(TAKE_ID))
            if asset is not None and item.icon().isNull():
                picture = self.pictures.thumbnail(asset, 0.0, THUMB_HEIGHT)
                if picture is not None:
                    item.setIcon(QIcon(picture))

    def take_ids(self) -> list[str]:
        return [self.item(row).data(TAKE_ID) for row in range(self.count())]

    def current_take(self) -> str | None:
        item = self.currentItem()
        return item.data(TAKE_ID) if item is not None else None

    def click_take(self, asset_id: str) -> None:
        """What a click on that take does (for keyboard users' Enter, and for tests)."""
        for row in range(self.count()):
            if self.item(row).data(TAKE_ID) == asset_id:
                self.setCurrentRow(row)
                self.take_clicked.emit(asset_id)
                return


def _describe(asset) -> str:
    record = asset.provenance or {}
    lines = [asset.name]
    if record.get("generator"):
        lines.append(f"{record['generator']} · seed {record.get('seed', '?')}")
    if record.get("prompt"):
        lines.append(str(record["prompt"])[:200])
    return "\n".join(lines)
