"""The asset bin's filter row: kind, scene and generator, as a studio.taste Filters."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from studio.model import MediaKind, Project
from studio.taste.results import Filters

ANY = None  # the combos' data for "no filter"


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.kind = QComboBox(toolTip="Show one kind of media")
        self.kind.addItem("All kinds", ANY)
        for kind in MediaKind:
            self.kind.addItem(kind.value.capitalize(), kind)
        self.scene = QComboBox(toolTip="Show the takes and clips of one scene")
        self.generator = QComboBox(toolTip="Show what one generator made")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for combo in (self.kind, self.scene, self.generator):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
            row.addWidget(combo, 1)
            combo.currentIndexChanged.connect(self.changed)

    def fill(self, project: Project) -> None:
        """Offer the project's scenes and generators, keeping the current choices."""
        scenes = [(_scene_label(s), s.id) for s in project.scenes]
        made_by = ((a.provenance or {}).get("generator") for a in project.assets.values())
        generators = sorted({str(g) for g in made_by if g})
        _refill(self.scene, "All scenes", scenes)
        _refill(self.generator, "All generators", [(g.rsplit(".", 1)[-1], g) for g in generators])

    def filters(self) -> Filters:
        kind = self.kind.currentData()
        return Filters(
            kinds=frozenset([kind]) if kind is not None else None,
            scene=self.scene.currentData(),
            generator=self.generator.currentData(),
        )

    def active(self) -> bool:
        return any(c.currentData() is not None for c in (self.kind, self.scene, self.generator))


def _scene_label(scene) -> str:
    heading = scene.heading.strip() or scene.id
    return f"{scene.number} {heading}" if scene.number else heading


def _refill(combo: QComboBox, everything: str, entries: list[tuple[str, str]]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)  # refilling is not the user choosing
    combo.clear()
    combo.addItem(everything, ANY)
    for label, data in entries:
        combo.addItem(label, data)
        combo.setItemData(combo.count() - 1, data, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.blockSignals(False)
    if combo.currentData() != current:
        combo.currentIndexChanged.emit(combo.currentIndex())  # its choice was removed
