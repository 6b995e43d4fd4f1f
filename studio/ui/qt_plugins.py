"""The plugin manager: every discovered generator, why a broken one failed, enable/disable."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from studio.engine.discovery import BROKEN, DISABLED, LOADED, PluginRecord, Registry
from studio.errors import UserError

COLUMNS = ("On", "ID", "Name", "Version", "Kind", "Accepts", "Source", "Status", "Error")
STATUS_COLOUR = {BROKEN: "#e06c60", DISABLED: "#888888", LOADED: "#7fbf7f"}
RECORD = Qt.ItemDataRole.UserRole


class PluginManager(QDialog):
    """Toggling a plugin saves it through the registry at once; there is nothing to apply."""

    toggled = Signal(str, bool)  # generator id, enabled

    def __init__(self, registry: Registry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Plugins")
        self.resize(1000, 420)
        self.registry = registry
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLUMNS.index("Error"), QHeaderView.ResizeMode.Stretch)
        self.details = QPlainTextEdit(readOnly=True)
        self.details.setMinimumHeight(90)  # a broken plugin's whole error, readable
        self.details.setPlaceholderText("Select a plugin to see where it came from and any error.")
        self.note = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.fill()
        self.table.itemChanged.connect(self._item_changed)
        self.table.itemSelectionChanged.connect(self._show_details)
        if self.records and self.records[0].status == BROKEN:
            self.table.selectRow(0)  # what needs the user, with its whole error below

    @property
    def records(self) -> list[PluginRecord]:
        """Broken plugins first (they need the user), then by id."""
        return sorted(self.registry, key=lambda r: (r.status != BROKEN, r.id))

    def fill(self) -> None:
        self.table.blockSignals(True)  # filling is not the user toggling anything
        self.table.setRowCount(0)
        for index, record in enumerate(self.records):
            self.table.insertRow(index)
            self._fill_row(index, record)
        self.table.blockSignals(False)
        broken = sum(r.status == BROKEN for r in self.records)
        self.note.setText(
            f"{len(self.records)} plugins, {broken} broken. Changes are saved at once; "
            "a broken plugin is fixed by fixing or removing its files."
        )

    def row_of(self, generator_id: str) -> int:
        """The table row of the working plugin with this id (a duplicate comes after it)."""
        wanted = self.registry.record(generator_id)
        return next(i for i, record in enumerate(self.records) if record is wanted)

    def set_enabled(self, row: int, enabled: bool) -> None:
        """What ticking the box does; the manager's tests call it like a click."""
        self.table.item(row, 0).setCheckState(
            Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked
        )

    def _fill_row(self, index: int, record: PluginRecord) -> None:
        working = record.status != BROKEN  # a manifest plugin works until its import fails
        check = QTableWidgetItem()
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled
        if working:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        check.setFlags(flags)
        enabled = record.status == LOADED
        check.setCheckState(Qt.CheckState.Checked if enabled else Qt.CheckState.Unchecked)
        check.setData(RECORD, index)
        check.setToolTip("Enabled" if working else "Broken plugins cannot be enabled")
        source_kind, _, source_where = record.source.partition(": ")
        cells = (
            record.id,
            record.name,
            record.version,
            record.output,
            ", ".join(record.accepts) or ("—" if working else ""),
            f"{source_kind}: {_short(source_where)}",
            record.status,
            record.error,
        )
        self.table.setItem(index, 0, check)
        for column, text in enumerate(cells, start=1):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip(record.source if COLUMNS[column] == "Source" else text)
            if COLUMNS[column] in ("Status", "Error"):
                item.setForeground(QBrush(QColor(STATUS_COLOUR.get(record.status, "#cccccc"))))
            self.table.setItem(index, column, item)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 0:
            return
        index = item.data(RECORD)
        record = self.records[index]
        enabled = item.checkState() == Qt.CheckState.Checked
        if enabled == (record.status == LOADED):
            return
        try:
            self.registry.set_enabled(record.id, enabled)
        except (UserError, OSError) as exc:
            self.note.setText(f"Could not change {record.id}: {exc}")
        self.table.blockSignals(True)
        self._fill_row(index, record)  # show what the registry now says, saved or not
        self.table.blockSignals(False)
        self._show_details()
        self.toggled.emit(record.id, record.status == LOADED)

    def _show_details(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.details.clear()
            return
        record = self.records[rows[0].row()]
        lines = [f"{record.id} — {record.status}", f"from {record.source}"]
        if record.error:
            lines.append(record.error)
        self.details.setPlainText("\n".join(lines))


def _short(where: str) -> str:
    """The last folder or file name of a path; entry points ("dist 1.0") stay as they are."""
    return where.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1] if "/" in where else where
