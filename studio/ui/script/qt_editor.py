"""The Fountain text editor: a QPlainTextEdit with its highlighter, whose undo is the project's."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QKeySequence, QTextCursor, QTextFormat
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit

from studio.ui.script.qt_highlighter import FountainHighlighter
from studio.workflows.script.text_diff import changed_span, qt_position

SCENE_BAND = QColor(62, 106, 153, 55)  # the palette's highlight, faint: the scene in focus
MOST_BAND_LINES = 400  # a band over a longer scene marks only its start


def screenplay_font() -> QFont:
    """Courier, as screenplays are typed; the system's fixed font where there is none."""
    for family in ("Courier Prime", "Courier New", "Courier"):
        if QFontDatabase.hasFamily(family):
            font = QFont(family)
            break
    else:
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSize(11)
    font.setStyleHint(QFont.StyleHint.TypeWriter)
    return font


class ScriptEditor(QPlainTextEdit):
    """Undo and redo go to the document's history (`undo_requested`), where every script
    edit lives beside the timeline's, so Ctrl+Z here never diverges from Edit ▸ Undo."""

    undo_requested = Signal()
    redo_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setUndoRedoEnabled(False)
        self.setFont(screenplay_font())
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTabChangesFocus(False)
        self.setPlaceholderText(
            "Write in Fountain:\n\nINT. LIGHTHOUSE - NIGHT\n\nThe lamp is dark.\n\n"
            "MIRA\n(whispering)\nFather?"
        )
        self.highlighter = FountainHighlighter(self.document())

    # -- undo through the project -------------------------------------------------------
    def event(self, event) -> bool:
        # Claim Ctrl+Z before the window's shortcut does, so it also works in a floating dock.
        if event.type() == event.Type.ShortcutOverride and _undo_key(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        which = _undo_key(event)
        if which == "undo":
            self.undo_requested.emit()
        elif which == "redo":
            self.redo_requested.emit()
        else:
            super().keyPressEvent(event)

    # -- positions and text ---------------------------------------------------------------
    def current_line(self) -> int:
        return self.textCursor().blockNumber()

    def go_to_line(self, line: int) -> None:
        """Put the cursor at the start of a line and show it in the middle of the view."""
        block = self.document().findBlockByNumber(max(0, line))
        if not block.isValid():
            block = self.document().lastBlock()
        cursor = QTextCursor(block)
        self.setTextCursor(cursor)
        self.centerCursor()

    def lines_text(self, start: int, end: int) -> str:
        """The text of lines start..end (exclusive)."""
        doc = self.document()
        first = doc.findBlockByNumber(start)
        last = doc.findBlockByNumber(max(start, end - 1))
        if not first.isValid():
            return ""
        if not last.isValid():
            last = doc.lastBlock()
        cursor = QTextCursor(first)
        cursor.setPosition(last.position() + last.length() - 1, QTextCursor.MoveMode.KeepAnchor)
        return cursor.selectedText().replace("\u2029", "\n")

    def replace_text(self, old: str, new: str) -> None:
        """Turn the editor's text `old` into `new` by replacing only what differs, so the
        view, the cursor and the highlighting of the rest stay where they were."""
        start, end, middle = changed_span(old, new)
        cursor = QTextCursor(self.document())
        cursor.setPosition(qt_position(old, start))
        cursor.setPosition(qt_position(old, end), QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(middle)

    def mark_lines(self, start: int, end: int) -> None:
        """Band the lines of the scene in focus; (0, 0) clears it."""
        selections = []
        doc = self.document()
        for line in range(start, min(end, start + MOST_BAND_LINES)):
            block = doc.findBlockByNumber(line)
            if not block.isValid():
                break
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(SCENE_BAND)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        self.setExtraSelections(selections)


def _undo_key(event) -> str | None:
    if event.matches(QKeySequence.StandardKey.Undo):
        return "undo"
    if event.matches(QKeySequence.StandardKey.Redo):
        return "redo"
    return None
