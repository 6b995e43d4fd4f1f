"""The Cast & Places panel: the story graph's elements as cards, one element's details (its
description, aliases, references, the strip of every shot it is in), and the graph drawn.

Every change is one edit through `session.apply`; reading pictures, cropping and the
continuity check run off the GUI thread (BackgroundWork)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from studio.errors import UserError
from studio.model import Change, ElementKind
from studio.model.files import media_path
from studio.ui.cast.qt_graph import COLOURS, StoryGraphView
from studio.ui.qt_workers import BackgroundWork
from studio.workflows.cast import edits, jobs
from studio.workflows.storyboard.fusion import fuse_shot

ID = Qt.ItemDataRole.UserRole
CARD = 72  # card picture height
THUMB = 56  # strip picture height
CROP_HEIGHT = 360  # the frame shown to crop from


def _strip(height: int) -> QListWidget:
    strip = QListWidget()
    strip.setViewMode(QListView.ViewMode.IconMode)
    strip.setFlow(QListView.Flow.LeftToRight)
    strip.setWrapping(False)
    strip.setMovement(QListView.Movement.Static)
    strip.setIconSize(QSize(height * 16 // 9, height))
    strip.setGridSize(QSize(height * 16 // 9 + 16, height + 34))
    strip.setFixedHeight(height + 54)
    strip.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    return strip


class CastPanel(QWidget):
    def __init__(self, pictures, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("castPanel")
        self.pictures = pictures
        self.session = None
        self.work = BackgroundWork("media", workers=2, parent=self)
        self.drift: dict[str, dict[str, float]] = {}  # element id → shot id → drift
        self._stale = False  # the document changed while the panel was hidden

        self.cards = QListWidget()
        self.cards.setViewMode(QListView.ViewMode.IconMode)
        self.cards.setResizeMode(QListView.ResizeMode.Adjust)
        self.cards.setMovement(QListView.Movement.Static)
        self.cards.setIconSize(QSize(CARD * 4 // 3, CARD))
        self.cards.setGridSize(QSize(CARD * 4 // 3 + 40, CARD + 50))
        self.cards.setWordWrap(True)
        self.add_button = QPushButton("Add Prop…")
        self.remove_button = QPushButton("Remove")

        self.title = QLabel()
        self.title.setStyleSheet("font-size: 14px; font-weight: bold;")
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("What it looks like, in words a model knows")
        self.description.setFixedHeight(60)
        self.describe_button = QPushButton("Apply Description")
        self.describe_button.setToolTip(
            "Fuse the prompts of its shots again and mark their takes out of date "
            "(nothing is regenerated)"
        )
        self.aliases = QLineEdit(placeholderText="Other names, comma separated")
        self.references = _strip(THUMB)
        self.add_ref_button = QPushButton("Add Picture…")
        self.main_ref_button = QPushButton("Make Main")
        self.drop_ref_button = QPushButton("Remove")
        self.appearances = _strip(THUMB)
        self.use_frame_button = QPushButton("Use This Frame as a Reference")
        self.crop_button = QPushButton("Crop a Reference…")
        self.crop_dialog = None
        self.check_button = QPushButton("Check Continuity")
        self.note = QLabel(wordWrap=True)
        self.note.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
        self.prompt = QLabel(wordWrap=True)
        self.prompt.setStyleSheet("font-size: 11px;")
        self.prompt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.graph = StoryGraphView()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.cards, 1)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        left_layout.addLayout(row)

        details = QWidget()
        d = QVBoxLayout(details)
        d.addWidget(self.title)
        d.addWidget(self.description)
        row = QHBoxLayout()
        row.addWidget(self.aliases, 1)
        row.addWidget(self.describe_button)
        d.addLayout(row)
        d.addWidget(QLabel("References (the first is the main one)"))
        d.addWidget(self.references)
        row = QHBoxLayout()
        for button in (self.add_ref_button, self.main_ref_button, self.drop_ref_button):
            row.addWidget(button)
        row.addStretch(1)
        d.addLayout(row)
        d.addWidget(QLabel("Every shot it is in"))
        d.addWidget(self.appearances)
        row = QHBoxLayout()
        row.addWidget(self.use_frame_button)
        row.addWidget(self.crop_button)
        row.addWidget(self.check_button)
        row.addStretch(1)
        d.addLayout(row)
        d.addWidget(self.prompt)
        d.addWidget(self.note)
        d.addStretch(1)

        # Scrolled, so the panel asks for little room: docked above the timeline, its
        # minimum height would otherwise squeeze the timeline.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(details)
        self.tabs = QTabWidget()
        self.tabs.addTab(scroll, "Element")
        self.tabs.addTab(self.graph, "Graph")
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.tabs)
        split.setStretchFactor(1, 1)
        split.setSizes([280, 620])
        self.empty = QLabel("Open a project, then break its script down to meet its cast.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.empty)
        layout.addWidget(split, 1)
        self._split = split

        self.cards.currentItemChanged.connect(lambda *_: self._show_current())
        self.graph.element_clicked.connect(self.select_element)
        self.add_button.clicked.connect(self._ask_prop)
        self.remove_button.clicked.connect(self.remove_element)
        self.describe_button.clicked.connect(self.apply_description)
        self.aliases.editingFinished.connect(self.apply_aliases)
        self.add_ref_button.clicked.connect(self._ask_picture)
        self.main_ref_button.clicked.connect(self.make_main)
        self.drop_ref_button.clicked.connect(self.drop_reference)
        self.use_frame_button.clicked.connect(self.use_frame)
        self.crop_button.clicked.connect(self.crop_frame)
        self.check_button.clicked.connect(self.check_continuity)
        self.appearances.currentItemChanged.connect(lambda *_: self._show_prompt())
        pictures.ready.connect(self._fill_icons)
        self._show_enabled()

    # -- the session -----------------------------------------------------------------------
    def set_session(self, session) -> None:
        if self.session is not None:
            self.session.changed.disconnect(self._changed)
        self.session = session
        session.changed.connect(self._changed)
        self.drift = {}
        if session.project.scenes and not session.project.elements:
            # A project broken down before the story graph: build it from its script.
            from studio.workflows.cast.graph import SyncElements

            session.apply(SyncElements(), quiet=True)
        if self.isVisible():
            self._rebuild()
        else:  # behind another tab at start-up: built when first seen
            self._stale = True
            self.cards.clear()
        self._show_enabled()

    @property
    def project(self):
        return self.session.project

    def _show_enabled(self) -> None:
        self.empty.setVisible(self.session is None)
        self._split.setVisible(self.session is not None)

    def _changed(self, change: Change) -> None:
        if (
            change.items.get("elements")
            or change.items.get("shots")
            or change.assets
            or change.cause == "load"
        ):
            if self.isVisible():
                self._rebuild()
            else:  # behind another tab: redrawn when seen, not on every import or edit
                self._stale = True

    def showEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if self._stale and self.session is not None:
            self._rebuild()

    def current(self):
        item = self.cards.currentItem()
        if item is None or self.session is None:
            return None
        return self.project.item("elements", item.data(ID))

    def select_element(self, element_id: str) -> None:
        for row in range(self.cards.count()):
            if self.cards.item(row).data(ID) == element_id:
                self.cards.setCurrentRow(row)
                return

    def _rebuild(self) -> None:
        self._stale = False
        keep = self.cards.currentItem().data(ID) if self.cards.currentItem() else None
        self.cards.blockSignals(True)
        self.cards.clear()
        for element in self.project.elements:
            refs = len(element.references)
            item = QListWidgetItem(
                f"{element.name}\n{element.kind.value} · {len(element.shots)} shot(s)"
                + (f" · {refs} ref" if refs else "")
            )
            item.setData(ID, element.id)
            item.setToolTip(element.description or "No description yet")
            self.cards.addItem(item)
            if element.id == keep:
                self.cards.setCurrentItem(item)
        if self.cards.currentItem() is None and self.cards.count():
            self.cards.setCurrentRow(0)
        self.cards.blockSignals(False)
        self._fill_icons()
        self._show_current()

    def _fill_icons(self) -> None:
        if self.session is None:
            return
        for row in range(self.cards.count()):
            item = self.cards.item(row)
            element = self.project.item("elements", item.data(ID))
            if element is not None:
                item.setIcon(self._picture(element.references[:1], CARD, COLOURS[element.kind]))
        for strip in (self.references, self.appearances):
            for row in range(strip.count()):
                item = strip.item(row)
                if item.icon().isNull():
                    asset_id = item.data(ID + 1)
                    picture = self._picture([asset_id] if asset_id else [], THUMB, None)
                    if not picture.isNull():
                        item.setIcon(picture)

    def _picture(self, asset_ids: list[str], height: int, colour: QColor | None) -> QIcon:
        asset = self.project.assets.get(asset_ids[0]) if asset_ids else None
        picture = self.pictures.thumbnail(asset, 0.0, height) if asset is not None else None
        if picture is not None:
            return QIcon(picture)
        if colour is None:
            return QIcon()
        blank = QPixmap(height * 4 // 3, height)
        blank.fill(colour.darker(160))
        return QIcon(blank)

    # -- one element -----------------------------------------------------------------------
    def _show_current(self) -> None:
        element = self.current()
        for widget in (
            self.description, self.describe_button, self.aliases, self.add_ref_button,
            self.main_ref_button, self.drop_ref_button, self.use_frame_button,
            self.crop_button, self.check_button, self.remove_button,
        ):  # fmt: skip
            widget.setEnabled(element is not None)
        self.references.clear()
        self.appearances.clear()
        self.graph.show_project(self.project if self.session else None, element and element.id)
        if element is None:
            self.title.setText("")
            self.prompt.setText("")
            self.note.setText("")
            return
        self.title.setText(f"{element.name}  ·  {element.kind.value}")
        self.title.setStyleSheet(
            f"font-size: 14px; font-weight: bold; color: {COLOURS[element.kind].name()};"
        )
        if self.description.toPlainText() != element.description:
            self.description.setPlainText(element.description)
        self.aliases.setText(", ".join(element.aliases))
        for n, asset_id in enumerate(element.references):
            asset = self.project.assets.get(asset_id)
            item = QListWidgetItem(("Main · " if n == 0 else "") + (asset.name if asset else "?"))
            item.setData(ID, asset_id)
            item.setData(ID + 1, asset_id)
            self.references.addItem(item)
        number = {s.id: n for n, s in enumerate(self.project.shots, start=1)}
        drift = self.drift.get(element.id, {})
        stale = 0
        for shot_id in element.shots:
            shot = self.project.item("shots", shot_id)
            if shot is None:
                continue
            out_of_date = shot.picked is not None and shot.picked in shot.outdated
            stale += out_of_date
            label = f"Shot {number[shot_id]}"
            if shot_id in drift:
                label += f" · drift {drift[shot_id]:.2f}"
            if out_of_date:
                label += "\n⚠ out of date"
            item = QListWidgetItem(label)
            item.setData(ID, shot_id)
            item.setData(ID + 1, shot.picked)
            item.setToolTip(shot.description)
            self.appearances.addItem(item)
        if self.appearances.count():
            self.appearances.setCurrentRow(0)
        notes = []
        if stale:
            notes.append(f"{stale} shot(s) show a take made before the last description")
        if not element.references:
            notes.append("No reference picture yet: pick a shot above and use its frame")
        self.note.setText(" · ".join(notes))
        self._fill_icons()
        self._show_prompt()

    def _show_prompt(self) -> None:
        item = self.appearances.currentItem()
        if item is None or self.session is None:
            self.prompt.setText("")
            return
        try:
            fused = fuse_shot(self.project, item.data(ID), folder=self.session.doc.path)
        except UserError:
            self.prompt.setText("")
            return
        refs = fused.parts.get("references", "none")
        self.prompt.setText(f"<b>Fused prompt</b>: {fused.prompt}<br><b>References</b>: {refs}")

    # -- edits -------------------------------------------------------------------------------
    def _apply(self, make) -> bool:
        try:
            edit = make()
        except UserError as exc:
            self.say(str(exc))
            return False
        return bool(self.session.apply(edit))

    def apply_description(self) -> None:
        element = self.current()
        if element is not None:
            text = self.description.toPlainText()
            if self._apply(lambda: edits.describe(self.project, element.id, text)):
                self.say(f"{element.name} described; the prompts of its shots are fused again")

    def apply_aliases(self) -> None:
        element = self.current()
        if element is None:
            return
        aliases = [a.strip() for a in self.aliases.text().split(",") if a.strip()]
        if aliases != element.aliases:
            self._apply(lambda: edits.set_aliases(self.project, element.id, aliases))

    def _ask_prop(self) -> None:
        name, ok = QInputDialog.getText(
            self, "Add Prop", "The prop's name (as the script says it):"
        )
        if ok and name.strip():
            self.add_prop(name)

    def add_prop(self, name: str, description: str = "") -> None:
        self._apply(lambda: edits.add_element(self.project, ElementKind.PROP, name, description))

    def remove_element(self) -> None:
        element = self.current()
        if element is not None:
            self._apply(lambda: edits.remove_element(self.project, element.id))

    def make_main(self) -> None:
        element, item = self.current(), self.references.currentItem()
        if element is not None and item is not None:
            asset = self.project.assets[item.data(ID)]
            self._apply(lambda: edits.add_reference(self.project, element.id, asset, main=True))

    def drop_reference(self) -> None:
        element, item = self.current(), self.references.currentItem()
        if element is not None and item is not None:
            self._apply(lambda: edits.remove_reference(self.project, element.id, item.data(ID)))

    def use_frame(self) -> None:
        """The chosen shot's picture becomes a reference: an image as it is, a video's first
        frame as a still written into media/ (off the GUI thread)."""
        element, item = self.current(), self.appearances.currentItem()
        asset = self.project.assets.get(item.data(ID + 1) or "") if item is not None else None
        if element is None or asset is None:
            self.say("Choose a shot with a picture to use its frame")
            return
        if asset.kind.value == "image":
            self._apply(lambda: edits.add_reference(self.project, element.id, asset))
            return
        self._reference_from_file(element.id, media_path(self._folder(), asset))

    def crop_frame(self) -> None:
        """Drag over the chosen shot's picture; the part kept becomes a reference."""
        from studio.ui.cast.qt_crop import CropDialog

        element, item = self.current(), self.appearances.currentItem()
        asset = self.project.assets.get(item.data(ID + 1) or "") if item is not None else None
        if element is None or asset is None or not asset.width or not asset.height:
            self.say("Choose a shot with a picture to crop a reference from")
            return
        picture = self.pictures.thumbnail(asset, 0.0, CROP_HEIGHT)
        if picture is None:  # not decoded yet: ask again when it is
            self.pictures.ready.connect(self._crop_when_ready)
            return
        self.crop_dialog = CropDialog(picture, (asset.width, asset.height), self)
        source = media_path(self._folder(), asset)
        self.crop_dialog.accepted.connect(
            lambda: self._reference_from_file(element.id, source, self.crop_dialog.crop())
        )
        self.crop_dialog.open()

    def _crop_when_ready(self) -> None:
        self.pictures.ready.disconnect(self._crop_when_ready)
        self.crop_frame()

    def _ask_picture(self) -> None:
        element = self.current()
        if element is None:
            return
        path, _ = QFileDialog.getOpenFileName(
            self, f"Reference for {element.name}", "", "Pictures (*.png *.jpg *.jpeg *.webp)"
        )
        if path:
            self._reference_from_file(element.id, Path(path))

    def _reference_from_file(self, element_id: str, path: Path, crop=None) -> None:
        self.work.submit(
            jobs.reference_still,
            self.session.doc.path,
            path,
            crop,
            on_done=lambda asset: self._apply(
                lambda: edits.add_reference(self.project, element_id, asset)
            ),
            on_error=lambda exc: self.say(f"Cannot use that picture: {exc}"),
        )

    def check_continuity(self) -> None:
        from studio.settings import SettingsFile

        element = self.current()
        clip = SettingsFile().read().taste.clip_model
        if element is None:
            return
        if not clip:
            self.say("The continuity check needs a CLIP model: Taste ▸ Choose a CLIP Model Folder…")
            return
        self.say(f"Checking {element.name}'s continuity…")
        self.work.submit(
            jobs.continuity_of,
            self.project,
            self.session.doc.path,
            clip,
            element.id,
            on_done=self.show_continuity,
            on_error=lambda exc: self.say(f"The continuity check failed: {exc}"),
        )

    def show_continuity(self, reports) -> None:
        for report in reports:
            self.drift[report.element_id] = {d.shot_id: d.drift for d in report.shots}
            if report.shots:
                worst = report.shots[0]
                self.say(
                    f"{report.name}: furthest from its {report.against} is shot "
                    f"{self._number(worst.shot_id)} (drift {worst.drift:.2f})"
                )
        self._show_current()

    def _number(self, shot_id: str) -> int:
        return next(n for n, s in enumerate(self.project.shots, start=1) if s.id == shot_id)

    def _folder(self) -> Path:
        return self.session.doc.path or Path.cwd()

    def say(self, text: str) -> None:
        if self.session is not None:
            self.session.message.emit(text)
