"""The Models window: each panel's recommended models and the others found here, with
their size, GPU memory, licence and state; download, cancel, remove and add."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.engine.models.inventory import INSTALLED, hub_cache_dir
from studio.engine.models.listing import ModelRow, model_rows
from studio.plugins.model_source import hub_offline
from studio.ui.models.qt_download import DownloadRunner

PANEL_TITLES = {
    "image": "Storyboard (images)",
    "video": "Clips (video)",
    "music": "Score (music)",
    "text": "Script (text)",
    "voices": "Voices (speech)",
    "embeddings": "Semantic search (embeddings)",
    "": "Other",
}
COLUMNS = ("Model", "State", "Download", "GPU memory", "Licence")
ERROR_STYLE = "color: #e06c60;"


def size_text(n: int) -> str:
    if n <= 0:
        return "–"
    if n >= 1e9:
        return f"{n / 1e9:.1f} GB"
    return f"{n / 1e6:.0f} MB" if n >= 1e6 else f"{n / 1e3:.0f} kB"


class ModelsWindow(QDialog):
    """Non-modal; one per main window (`open_models_window` finds it). Closing it only
    hides it: a download goes on, and the window reopens with its progress."""

    models_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("storyreel-models")
        self.setWindowTitle("Models")
        self.resize(1100, 600)
        self.runner: DownloadRunner | None = None
        self.rows: dict[str, ModelRow] = {}
        intro = QLabel(
            "The models each panel can use. Downloads go to the Hugging Face cache "
            f"({hub_cache_dir()}); nothing is downloaded unless you ask here."
        )
        intro.setWordWrap(True)
        self.offline = QLabel("HF_HUB_OFFLINE is set: downloads are off until it is unset.")
        self.offline.setStyleSheet(ERROR_STYLE)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.currentItemChanged.connect(self._selection_changed)
        self.download_button = QPushButton("Download")
        self.download_button.clicked.connect(self.download_selected)
        self.cancel_button = QPushButton("Cancel Download")
        self.cancel_button.clicked.connect(self.cancel_download)
        self.remove_button = QPushButton("Remove")
        self.remove_button.clicked.connect(self.remove_selected)
        add_folder = QPushButton("Add Folder…")
        add_folder.clicked.connect(self.add_folder)
        add_file = QPushButton("Add .safetensors…")
        add_file.clicked.connect(self.add_file)
        add_repo = QPushButton("Add Repo Id…")
        add_repo.clicked.connect(self.add_repo)
        machine = QPushButton("This Machine…")
        machine.setToolTip("The GPU torch can use, and a model per panel that fits it")
        machine.clicked.connect(self.show_machine)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.download_button, self.cancel_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (add_folder, add_file, add_repo, machine):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.offline)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.refresh()

    # -- the list ------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.selected_name()
        self.offline.setVisible(hub_offline())
        self.tree.clear()
        self.rows = {}
        panels: dict[str, QTreeWidgetItem] = {}
        for row in model_rows():
            self.rows[row.name] = row
            parent = panels.get(row.panel)
            if parent is None:
                parent = panels[row.panel] = QTreeWidgetItem(
                    [PANEL_TITLES.get(row.panel, row.panel)]
                )
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                self.tree.addTopLevelItem(parent)
            title = row.title if row.title == row.name else f"{row.title} — {row.name}"
            state = "downloading…" if self._downloading(row.name) else row.state
            gpu = size_text(row.gpu_memory_bytes) if row.gpu_memory_bytes else "CPU"
            size = size_text(row.download_bytes) if row.recommended else size_text(row.size_on_disk)
            licence = row.licence + (" (gated)" if row.gated else "") if row.licence else "–"
            item = QTreeWidgetItem([title, state, size, gpu if row.recommended else "–", licence])
            item.setData(0, Qt.ItemDataRole.UserRole, row.name)
            item.setToolTip(0, row.path or row.name)
            if row.problem and row.state != "not installed":
                item.setToolTip(1, row.problem)
            parent.addChild(item)
            if row.name == selected:
                self.tree.setCurrentItem(item)
        self.tree.expandAll()
        self._selection_changed()

    def item_for(self, name: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            parent = self.tree.topLevelItem(i)
            for j in range(parent.childCount()):
                if parent.child(j).data(0, Qt.ItemDataRole.UserRole) == name:
                    return parent.child(j)
        return None

    def select(self, name: str) -> None:
        item = self.item_for(name)
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    def selected_name(self) -> str | None:
        item = self.tree.currentItem() if hasattr(self, "tree") else None
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def _selection_changed(self, *_args) -> None:
        row = self.rows.get(self.selected_name() or "")
        busy = self.runner is not None
        hub_model = row is not None and row.source == "hub"
        self.download_button.setEnabled(
            hub_model and not busy and not hub_offline() and row.state != INSTALLED
        )
        self.download_button.setText(
            "Resume Download"
            if row is not None and row.state == "partly downloaded"
            else "Download"
        )
        self.cancel_button.setEnabled(busy)
        removable = row is not None and not row.packaged and not self._downloading(row.name)
        self.remove_button.setEnabled(
            removable and (row.state != "not installed" or not row.recommended)
        )
        self.detail.setText(_detail(row) if row is not None else "")

    def _downloading(self, name: str) -> bool:
        return self.runner is not None and self.runner.repo_id == name

    # -- download ------------------------------------------------------------------------
    def download_selected(self) -> None:
        name = self.selected_name()
        if name:
            self.download(name)

    def download(self, repo_id: str) -> None:
        if self.runner is not None:
            self.status.setText(f"{self.runner.repo_id} is downloading; one at a time")
            return
        self.status.setStyleSheet("")
        self.status.setText(f"Downloading {repo_id}…")
        self.progress.setValue(0)
        self.progress.show()
        self.runner = DownloadRunner(repo_id, self)
        self.runner.progress.connect(self._progress)
        self.runner.finished.connect(self._finished)
        self.runner.failed.connect(self._failed)
        self.runner.cancelled.connect(self._cancelled)
        self.runner.start()
        self.refresh()

    def cancel_download(self) -> None:
        if self.runner is not None:
            self.status.setText(f"Stopping {self.runner.repo_id}…")
            self.runner.cancel()

    def _progress(self, p) -> None:
        if p.stage == "listing":
            self.status.setText(f"{p.repo_id}: asking the Hub for its files…")
            return
        self.progress.setValue(int(p.fraction * 1000))
        verb = "checking" if p.stage == "verifying" else "file"
        self.status.setText(
            f"{p.repo_id}: {size_text(p.bytes_done)} of {size_text(p.bytes_total)}, "
            f"{verb} {min(p.files_done + 1, p.files_total)} of {p.files_total}"
            + (f": {p.current}" if p.current else "")
        )

    def _finished(self, snapshot: str) -> None:
        name = self._end()
        self.status.setText(f"{name} is installed ({snapshot})")
        self.models_changed.emit()

    def _failed(self, message: str) -> None:
        self._end()
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(message)

    def _cancelled(self) -> None:
        name = self._end()
        self.status.setText(f"{name}: stopped; Resume Download goes on from where it stopped")

    def _end(self) -> str:
        name = self.runner.repo_id if self.runner is not None else ""
        self.runner = None
        self.progress.hide()
        self.refresh()
        return name

    # -- add and remove ------------------------------------------------------------------
    def add_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a model folder")
        if folder:
            self.add(folder)

    def add_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Add a single-file model", "", "safetensors (*.safetensors)"
        )
        if path:
            self.add(path)

    def add_repo(self) -> None:
        repo, ok = QInputDialog.getText(self, "Add a Hub model", "Repo id (owner/name):")
        if ok and repo.strip():
            self.add(repo.strip())

    def add(self, name: str) -> None:
        from studio.engine.models.added import add_model
        from studio.errors import UserError

        try:
            kept = add_model(name)
        except UserError as exc:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(str(exc))
            return
        self.status.setStyleSheet("")
        self.status.setText(f"Added {kept}")
        self.refresh()
        self.select(kept)
        self.models_changed.emit()

    def remove_selected(self) -> None:
        from studio.engine.models.listing import remove_model
        from studio.errors import UserError

        name = self.selected_name()
        if not name or self._downloading(name):
            return
        try:
            done = remove_model(name)
        except UserError as exc:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(str(exc))
            return
        self.status.setStyleSheet("")
        self.status.setText(done[0].upper() + done[1:])
        self.refresh()
        self.models_changed.emit()

    def show_machine(self) -> None:
        from studio.ui.models.qt_welcome import WelcomeDialog

        dialog = WelcomeDialog(self.parentWidget() or self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()


def _detail(row: ModelRow) -> str:
    parts = []
    if row.note:
        parts.append(row.note)
    if row.gated:
        parts.append("gated: accept its licence on huggingface.co and log in (`hf auth login`)")
    if row.problem and row.state != "not installed":
        parts.append(row.problem)
    if row.path:
        parts.append(str(Path(row.path)))
    return " · ".join(parts)


def open_models_window(parent: QWidget | None = None, select: str | None = None) -> ModelsWindow:
    """Show the Models window of `parent`'s main window (made on first use)."""
    top = parent.window() if parent is not None else None
    window = top.findChild(ModelsWindow, "storyreel-models") if top is not None else None
    if window is None:
        window = ModelsWindow(top)
    window.refresh()
    if select and select not in window.rows:
        window.add(select)  # a panel's repo id that is not here: listed, ready to download
    if select:
        window.select(select)
    window.show()
    window.raise_()
    window.activateWindow()
    return window
