"""Driving the editor like a user: points on the timeline, drags and drops as Qt delivers them."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from studio.ui.mime import ASSET_MIME, encode_assets


def row_of(window, name: str) -> int:
    return next(i for i, t in enumerate(window.session.project.tracks) if t.name == name)


def track(window, name: str):
    return window.session.project.tracks[row_of(window, name)]


def point(window, name: str, frame: float) -> QPoint:
    """The canvas point at `frame` in the middle of track `name`'s row."""
    geo = window.timeline.geo
    row = row_of(window, name)
    return QPoint(round(geo.frame_to_x(frame)), geo.row_top(row) + geo.heights[row] // 2)


def send_drop(widget, mime: QMimeData, pos: QPoint) -> QDropEvent:
    """Drag enter, move and drop at `pos`, as a drag from another widget or app delivers them."""
    action = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    QApplication.sendEvent(widget, QDragEnterEvent(QPointF(pos), action, mime, buttons, mods))
    QApplication.sendEvent(widget, QDragMoveEvent(QPointF(pos), action, mime, buttons, mods))
    drop = QDropEvent(QPointF(pos), action, mime, buttons, mods)
    QApplication.sendEvent(widget, drop)
    return drop


def asset_mime(asset_ids: list[str]) -> QMimeData:
    mime = QMimeData()
    mime.setData(ASSET_MIME, encode_assets(asset_ids))
    return mime


def file_mime(paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag(widget, start: QPoint, end: QPoint, steps: int = 8, modifiers=None) -> None:
    """Press, move in steps, release: a mouse drag as a hand makes it."""
    from PySide6.QtTest import QTest

    mods = modifiers or Qt.KeyboardModifier.NoModifier
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, mods, start)
    for i in range(1, steps + 1):
        QTest.mouseMove(widget, start + (end - start) * (i / steps))
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, mods, end)


def clip_named(window, name: str):
    return next(c for c in window.session.project.all_clips() if c.name == name)


def status(window) -> str:
    return window.statusBar().currentMessage()
