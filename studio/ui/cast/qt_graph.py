"""The story graph drawn: scenes along the top, their shots below, the cast and places at the
bottom, a line from each element to every shot it is in."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView

from studio.model import ElementKind, Project

ELEMENT_ID = 0  # item data key: the element an item stands for
COLOURS = {
    ElementKind.CHARACTER: QColor("#d08a3c"),
    ElementKind.PLACE: QColor("#3c8ad0"),
    ElementKind.PROP: QColor("#6aa84f"),
}
BOX_W, BOX_H, GAP = 120, 28, 14
ROWS = {"scene": 10, "shot": 90, "element": 190}


class StoryGraphView(QGraphicsView):
    """`element_clicked(element_id)` when an element's box is clicked."""

    element_clicked = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.highlighted: str | None = None

    def show_project(self, project: Project, highlighted: str | None = None) -> None:
        self.highlighted = highlighted
        scene = self.scene()
        scene.clear()
        if project is None:
            return
        number = {s.id: n for n, s in enumerate(project.shots, start=1)}
        shot_x: dict[str, float] = {}
        x = 0.0
        for sc in project.scenes:
            shots = [s for s in project.shots if s.scene_id == sc.id]
            width = max(1, len(shots)) * (BOX_W / 2 + GAP) - GAP
            width = max(width, BOX_W)
            self._box(x, ROWS["scene"], width, f"{sc.number} {sc.heading}", QColor("#444"))
            for n, shot in enumerate(shots):
                sx = x + n * (BOX_W / 2 + GAP)
                self._box(sx, ROWS["shot"], BOX_W / 2, f"Shot {number[shot.id]}", QColor("#555"))
                shot_x[shot.id] = sx + BOX_W / 4
                scene.addLine(
                    sx + BOX_W / 4, ROWS["scene"] + BOX_H, sx + BOX_W / 4, ROWS["shot"],
                    QPen(QColor("#777")),
                )  # fmt: skip
            x += width + GAP * 2
        spacing = max(BOX_W + GAP, x / max(1, len(project.elements)))
        for n, element in enumerate(project.elements):
            ex = n * spacing
            colour = COLOURS[element.kind]
            strong = element.id == highlighted
            pen = QPen(colour if strong or highlighted is None else colour.darker(170))
            pen.setWidthF(2.0 if strong else 1.0)
            for shot_id in element.shots:
                if shot_id in shot_x:
                    scene.addLine(
                        ex + BOX_W / 2, ROWS["element"], shot_x[shot_id], ROWS["shot"] + BOX_H, pen
                    )
            box = self._box(ex, ROWS["element"], BOX_W, element.name, colour, bold=strong)
            box.setData(ELEMENT_ID, element.id)
        self.setSceneRect(scene.itemsBoundingRect().adjusted(-10, -10, 10, 10))

    def _box(self, x, y, w, text, colour, bold=False):
        scene = self.scene()
        rect = scene.addRect(QRectF(x, y, w, BOX_H), QPen(colour.lighter(130)), QBrush(colour))
        label = scene.addText(text)
        label.setDefaultTextColor(Qt.GlobalColor.white)
        font = label.font()
        font.setPointSizeF(7.5)
        font.setBold(bold)
        label.setFont(font)
        label.setTextWidth(w)
        label.setParentItem(rect)  # the rect sits at the origin: its children use scene units
        label.setPos(x, y + 2)
        return rect

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        item = self.itemAt(event.position().toPoint())
        while item is not None and item.data(ELEMENT_ID) is None:
            item = item.parentItem()
        if item is not None:
            self.element_clicked.emit(item.data(ELEMENT_ID))
        super().mousePressEvent(event)
