"""The asset bin: imported and generated media with thumbnails, search, drag and provenance.

Offline media (missing, or not usable as media) is flagged and can be relinked: to a file
the user picks, or to files of the same name found in a folder. Media outside the project
folder is flagged too: it is not kept with the project.

The search box filters by name at once and, after a pause in typing, ranks by meaning
through the taste controller (when one is installed); "More like this" lists an asset's
neighbours. Either way the results are the bin's own items, reordered, with their score.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QDrag, QIcon, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from studio.model import Change, MediaKind
from studio.model.media_files import media_outside
from studio.taste.results import Hit
from studio.ui.asset_text import provenance_lines, ranked_line, summary
from studio.ui.mime import ASSET_MIME, encode_assets
from studio.ui.qt_media_pictures import MediaPictures
from studio.ui.qt_session import EditSession
from studio.ui.taste.qt_filters import FilterBar

ICON_HEIGHT = 48
ASSET_ID = Qt.ItemDataRole.UserRole
SEMANTIC_DELAY_MS = 350  # a pause in typing this long asks for meaning, not every keystroke
MIN_SCORE = 0.2  # below this cosine a MiniLM match is noise, not meaning
NAME_BONUS = 1.0  # a name that contains the query is what the user typed: it leads


class AssetList(QListWidget):
    """Drags carry asset ids, which the timeline turns into clips."""

    EMPTY_HINT = (
        "No media yet.\nDrop files here or on the timeline, or File ▸ Import Media… (Ctrl+I)"
    )

    def mimeTypes(self) -> list[str]:
        return [ASSET_MIME]

    def mimeData(self, items) -> QMimeData:
        mime = QMimeData()
        mime.setData(ASSET_MIME, encode_assets([item.data(ASSET_ID) for item in items]))
        return mime

    def startDrag(self, actions) -> None:  # noqa: N802 - Qt's name
        """Drag a thumbnail of what is dragged, not a picture of the whole (wide) row."""
        items = self.selectedItems()
        if not items:
            return
        drag = QDrag(self)
        drag.setMimeData(self.mimeData(items))
        picture = items[0].icon().pixmap(self.iconSize())
        if not picture.isNull():
            drag.setPixmap(picture)
            drag.setHotSpot(QPoint(picture.width() // 2, picture.height() // 2))
        self.drag_picture = picture  # what the last drag showed (tests look)
        drag.exec(actions)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if self.count() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(QColor("#8a8f99"))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(
                self.viewport().rect().adjusted(12, 12, -12, -12), flags, self.EMPTY_HINT
            )


class AssetBin(QWidget):
    def __init__(self, pictures: MediaPictures, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("assetBin")
        self.session: EditSession | None = None
        self.pictures = pictures
        self.taste = None  # a TasteController, once installed: searches by meaning
        self.search = QLineEdit(placeholderText="Search media by name or meaning…")
        self.search.setClearButtonEnabled(True)
        self.filter_bar = FilterBar()
        self.status = QLabel()
        self.status.setStyleSheet("color: palette(mid);")
        self.back = QToolButton(text="Show all", autoRaise=True)
        self.back.clicked.connect(self.show_all)
        status_row = QHBoxLayout()
        status_row.setContentsMargins(0, 0, 0, 0)
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.back)
        self.list = AssetList()
        self.list.setIconSize(QSize(ICON_HEIGHT * 16 // 9, ICON_HEIGHT))
        self.list.setDragEnabled(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.warning = QLabel(wordWrap=True)
        self.warning.setObjectName("assetBinWarning")
        self.warning.setVisible(False)
        self.details = QLabel(wordWrap=True, textInteractionFlags=Qt.TextSelectableByMouse)
        self.details.setMinimumHeight(48)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search)
        layout.addWidget(self.filter_bar)
        layout.addLayout(status_row)
        layout.addWidget(self.warning)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.details)
        self._items: dict[str, QListWidgetItem] = {}  # in name order
        self._by_name = True  # the list shows them in that order, without scores
        self._ranked: list[Hit] | None = None  # the last results by meaning, best first
        self._like: str | None = None  # "More like this" shown for this asset
        self._asked = 0  # numbers the searches: an answer to an older one is dropped
        self._semantic_timer = QTimer(self, singleShot=True, interval=SEMANTIC_DELAY_MS)
        self._semantic_timer.timeout.connect(self._ask_meaning)
        self.search.textChanged.connect(self._typed)
        self.filter_bar.changed.connect(lambda: self.filter(self.search.text()))
        self.list.currentItemChanged.connect(self._show_details)
        self.list.customContextMenuRequested.connect(self._context_menu)
        self.list.itemDoubleClicked.connect(lambda item: self.show_provenance(item.data(ASSET_ID)))
        pictures.ready.connect(self._fill_icons)
        self._sound_icon: QIcon | None = None  # made with the first sound in the bin
        self._outside: set[str] = set()  # assets whose files lie outside the project folder
        self._work = None  # BackgroundWork for relinking, made on first use
        self._show_status("")

    def _sound(self) -> QIcon:
        if self._sound_icon is None:
            # Deferred: importing QStyle makes a dozen Python enums, at start-up for nothing.
            from PySide6.QtWidgets import QStyle

            self._sound_icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MediaVolume)
        return self._sound_icon

    def set_session(self, session: EditSession) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._changed)
        self.session = session
        session.changed.connect(self._changed)
        self._like = None
        self._check_outside()
        self.rebuild()

    def set_taste(self, taste) -> None:
        """Search by meaning through `taste` (a TasteController) from now on."""
        self.taste = taste
        taste.ranking_changed.connect(self._ranking_changed)

    def _changed(self, change: Change) -> None:
        if change.assets or change.cause == "load":
            if change.cause == "load":
                self._check_outside()
            self.rebuild()
        elif "scenes" in change.items or "shots" in change.items:
            self.filter_bar.fill(self.session.project)

    def rebuild(self) -> None:
        current = self.list.currentItem().data(ASSET_ID) if self.list.currentItem() else None
        self.list.clear()
        self._items.clear()
        self._by_name = True
        project = self.session.project
        fps = project.settings.fps
        for asset in sorted(project.assets.values(), key=lambda a: a.name.lower()):
            item = QListWidgetItem(f"{asset.name}\n{summary(asset, fps)}")
            item.setData(ASSET_ID, asset.id)
            item.setToolTip("\n".join([*self._flags(asset), asset.path, *provenance_lines(asset)]))
            self.list.addItem(item)
            self._items[asset.id] = item
            if asset.id == current:
                self.list.setCurrentItem(item)
        self._fill_icons()
        self._show_warning()
        self.filter_bar.fill(project)
        if self._like is not None and self._like not in project.assets:
            self._like = None
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
                item.setIcon(self._sound())
                continue
            image = self.pictures.thumbnail(asset, 0.0, ICON_HEIGHT)
            if image is not None:
                item.setIcon(QIcon(image))

    # -- searching -------------------------------------------------------------------------
    def filter(self, text: str) -> None:
        """Name matches at once; the ranking by meaning follows after a pause in typing."""
        if self.session is None:
            return
        if self._like is not None:
            self.more_like_this(self._like)
            return
        self._asked += 1  # whatever was on its way answers an older question now
        self._ranked = None
        shown = {h.asset for h in self._name_order(text)}
        if not self._by_name:  # ranked results moved the items: back to name order
            self._arrange([Hit(a, 0.0) for a in self._items])
        # Hiding in place: an import of hundreds of files rebuilds the bin once per batch.
        for asset_id, item in self._items.items():
            item.setHidden(asset_id not in shown)
        if text.strip() and self.taste is not None:
            self._semantic_timer.start()
            self._show_status("Searching by meaning…")
        else:
            self._semantic_timer.stop()
            self._show_status("")

    def _typed(self, text: str) -> None:
        self._like = None  # typing starts a new search
        self.filter(text)

    def _name_order(self, text: str) -> list[Hit]:
        needle = text.strip().lower()
        allowed = {a.id for a in self.filter_bar.filters().allowed(self.session.project)}
        names = self.session.project.assets
        return [
            Hit(asset_id, 0.0)
            for asset_id in self._items
            if asset_id in allowed and needle in names[asset_id].name.lower()
        ]

    def _ask_meaning(self) -> None:
        if self.taste is None or self.session is None or not self.search.text().strip():
            return
        asked = self._asked
        query = self.search.text()
        self.taste.search(query, self.filter_bar.filters(), lambda hits: self._meant(asked, hits))

    def _meant(self, asked: int, hits: list[Hit]) -> None:
        if asked != self._asked or self.session is None:
            return  # the query or the filters changed since
        by_name = {h.asset for h in self._name_order(self.search.text())}
        scored = {h.asset: h.score for h in hits}
        kept = [
            Hit(a, scored.get(a, 0.0) + (NAME_BONUS if a in by_name else 0.0))
            for a in by_name | {h.asset for h in hits if h.score >= MIN_SCORE}
            if a in self._items
        ]
        kept.sort(key=lambda h: -h.score)
        self._ranked = [Hit(h.asset, scored.get(h.asset, 1.0)) for h in kept]
        self._arrange(self._ranked, scored=True)
        found = len(self._ranked)
        self._show_status(f"{found} result{'s' * (found != 1)} ranked by meaning")

    def more_like_this(self, asset_id: str) -> None:
        """List the assets nearest in meaning (and, with CLIP, in look) to `asset_id`."""
        asset = self.session.project.assets.get(asset_id) if self.session else None
        if asset is None or self.taste is None:
            return
        self._like = asset_id
        self._asked += 1
        allowed = {a.id for a in self.filter_bar.filters().allowed(self.session.project)}
        hits = [h for h in self.taste.more_like_this(asset_id) if h.asset in allowed]
        if not hits and not self.taste.ready:
            self.taste.start()  # the answer comes with ranking_changed
            self._arrange([Hit(asset_id, 1.0)], scored=False)
            self._show_status(f"Finding what is like {asset.name}…", back=True)
            return
        self._ranked = hits
        self._arrange(hits, scored=True, verb="similar")
        self._show_status(f"More like {asset.name}: {len(hits)} similar", back=True)

    def show_all(self) -> None:
        self._like = None
        self.search.clear()
        self.filter("")

    def _ranking_changed(self) -> None:
        if self._like is not None:
            self.more_like_this(self._like)
        elif self._ranked is not None or self._semantic_timer.isActive():
            self._ask_meaning()  # learning may have changed the reasons

    def _arrange(self, shown: list[Hit], scored: bool = False, verb: str = "match") -> None:
        """Show the items of `shown` in its order (each with its score when `scored`), hide
        the rest. The bin's items are moved, never rebuilt: icons and selection stay."""
        project = self.session.project
        fps = project.settings.fps
        order = [h.asset for h in shown]
        self._by_name = not scored and order == list(self._items)
        reasons = self._reasons(order) if scored else {}
        current = self.list.currentItem()
        self.list.blockSignals(True)
        while self.list.count():
            self.list.takeItem(0)
        wanted = set(order)
        for hit in shown:
            item, asset = self._items[hit.asset], project.assets[hit.asset]
            second = ranked_line(asset, fps, hit.score, verb) if scored else summary(asset, fps)
            reason = reasons.get(hit.asset, "")
            item.setText("\n".join([asset.name, second, *([reason] if reason else [])]))
            item.setToolTip("\n".join(_tooltip(asset, reason)))
            self.list.addItem(item)
            item.setHidden(False)  # (an item's hidden flag lives in its list: set it after)
        for asset_id, item in self._items.items():
            if asset_id not in wanted:
                asset = project.assets[asset_id]
                item.setText(f"{asset.name}\n{summary(asset, fps)}")
                self.list.addItem(item)
                item.setHidden(True)
        if current is not None and not current.isHidden():
            self.list.setCurrentItem(current)
        self.list.blockSignals(False)

    def _reasons(self, asset_ids: list[str]) -> dict[str, str]:
        """Why the taste model likes each result ("similar to takes you kept in scene 3")."""
        if self.taste is None:
            return {}
        return {r.asset: r.reason for r in self.taste.rank(asset_ids) if r.reason}

    def _show_status(self, text: str, back: bool = False) -> None:
        self.status.setText(text)
        self.status.setVisible(bool(text))
        self.back.setVisible(back)

    def visible_names(self) -> list[str]:
        """The names shown, top to bottom."""
        return [
            self.list.item(r).text().split("\n")[0]
            for r in range(self.list.count())
            if not self.list.item(r).isHidden()
        ]

    def visible_ids(self) -> list[str]:
        return [
            self.list.item(r).data(ASSET_ID)
            for r in range(self.list.count())
            if not self.list.item(r).isHidden()
        ]

    # -- details ---------------------------------------------------------------------------
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
        self.context_menu(item.data(ASSET_ID)).exec(self.list.viewport().mapToGlobal(pos))

    def context_menu(self, asset_id: str) -> QMenu:
        menu = QMenu(self)
        menu.addAction("Show provenance…", lambda: self.show_provenance(asset_id))
        if self.taste is not None:
            menu.addAction("More like this", lambda: self.more_like_this(asset_id))
        menu.addSeparator()
        menu.addAction("Relink…", lambda: self._choose_relink_file(asset_id))
        folder = menu.addAction("Relink Offline Media from Folder…", self._choose_relink_folder)
        folder.setEnabled(bool(self.offline_ids()))
        return menu

    # -- offline media and relinking -------------------------------------------------------
    def offline_ids(self) -> list[str]:
        return [a.id for a in self.session.project.assets.values() if a.offline]

    def _flags(self, asset) -> list[str]:
        flags = ["Offline: missing or not a media file (right-click to relink)"] * asset.offline
        if asset.id in self._outside:
            flags.append("Outside the project folder: not kept with the project")
        return flags

    def _check_outside(self) -> None:
        doc = self.session.doc
        self._outside = (
            {a.id for a in media_outside(doc.project, doc.path)} if doc.path is not None else set()
        )

    def _show_warning(self) -> None:
        assets = self.session.project.assets
        offline = sum(1 for a in assets.values() if a.offline)
        outside = len(self._outside & assets.keys())
        parts = []
        if offline:
            parts.append(f"{offline} media offline (right-click to relink)")
        if outside:
            parts.append(f"{outside} media file(s) outside the project folder")
        self.warning.setText("⚠ " + "; ".join(parts) if parts else "")
        self.warning.setVisible(bool(parts))

    def _background(self):
        if self._work is None:
            from studio.ui.qt_workers import BackgroundWork

            # The application's shared "media" processes: probing a file never waits here.
            self._work = BackgroundWork("media", parent=self)
        return self._work

    def _choose_relink_file(self, asset_id: str) -> None:
        from PySide6.QtWidgets import QFileDialog

        asset = self.session.project.assets.get(asset_id)
        if asset is None:
            return
        from studio.media.probe import SUPPORTED_EXTENSIONS

        patterns = " ".join(f"*{ext}" for ext in sorted(SUPPORTED_EXTENSIONS.get(asset.kind, ())))
        kinds = f"{asset.kind} files ({patterns});;" if patterns else ""
        start = str(self.session.doc.path or Path.home())
        path, _ = QFileDialog.getOpenFileName(
            self, f"Relink {asset.name} to", start, f"{kinds}All files (*)"
        )
        if path:
            self.relink_to(asset_id, Path(path))

    def _choose_relink_folder(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.session.doc.path or Path.home())
        folder = QFileDialog.getExistingDirectory(self, "Search a folder for offline media", start)
        if folder:
            self.relink_from_folder(Path(folder))

    def relink_to(self, asset_id: str, file: Path) -> None:
        """Point an asset at `file`: probed in a worker, then one undoable edit."""
        from studio.media.relink import relink_edit

        session = self.session
        asset = session.project.assets.get(asset_id)
        if asset is None or session.doc.path is None:
            return
        self._show_status(f"Relinking {asset.name}…")
        self._background().submit(
            relink_edit,
            session.doc.path,
            asset,
            file,
            on_done=lambda edit: self._apply_relinks(session, [edit], [], []),
            on_error=lambda error: self._relink_failed(session, error),
        )

    def relink_from_folder(self, folder: Path) -> None:
        """Relink every offline asset to the file of the same name found under `folder`."""
        from studio.media.relink import relink_from_folder

        session = self.session
        offline = [a for a in session.project.assets.values() if a.offline]
        if not offline or session.doc.path is None:
            self._show_status("No media is offline.")
            return
        self._show_status(f"Searching {folder.name or folder} for {len(offline)} file(s)…")
        self._background().submit(
            relink_from_folder,
            session.doc.path,
            offline,
            folder,
            on_done=lambda found: self._apply_relinks(
                session, found.edits, found.problems, found.missing
            ),
            on_error=lambda error: self._relink_failed(session, error),
        )

    def _apply_relinks(self, session, edits, problems: list[str], missing: list[str]) -> None:
        if session is not self.session:
            return  # another project was opened meanwhile
        done = 0
        for edit in edits:
            result = session.apply(edit, quiet=True)
            if result:
                done += 1
            else:
                problems.append(result.reason)
        self._check_outside()
        self.rebuild()
        parts = [f"Relinked {done} media file(s)"]
        if missing:
            parts.append(f"not found: {', '.join(missing[:3])}" + ("…" if len(missing) > 3 else ""))
        if problems:
            parts.append(problems[0])
        self._show_status("; ".join(parts))

    def _relink_failed(self, session, error: BaseException) -> None:
        if session is self.session:
            self._show_status(f"Cannot relink: {error}")

    def show_provenance(self, asset_id: str) -> None:
        asset = self.session.project.assets.get(asset_id)
        if asset is None:
            return
        from PySide6.QtWidgets import QMessageBox  # its enums cost start-up time: on demand

        box = QMessageBox(
            QMessageBox.Icon.Information, f"Provenance — {asset.name}", "", parent=self
        )
        box.setText("\n".join([asset.path, *provenance_lines(asset)]))
        box.open()


def _tooltip(asset, reason: str) -> list[str]:
    return [asset.path, *provenance_lines(asset), *([f"Ranked: {reason}"] if reason else [])]
