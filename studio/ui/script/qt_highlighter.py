"""Fountain syntax highlighting: one QTextCharFormat per element kind, forcing marks dimmed."""

from __future__ import annotations

from PySide6.QtGui import (
    QColor,
    QFont,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
)

from studio.workflows.script.line_kinds import Kind, classify, kind_of_state

# Colours for the dark editor palette (studio.ui.qt_style): structure bright, asides muted.
_STYLE: dict[Kind | str, tuple[str, dict]] = {
    Kind.TITLE: ("#c9b6e4", {"italic": True}),
    Kind.SCENE_HEADING: ("#f2c46d", {"bold": True}),
    Kind.ACTION: ("#dcdcdc", {}),
    Kind.CHARACTER: ("#7fc4ff", {"bold": True}),
    Kind.PARENTHETICAL: ("#9fb4c7", {"italic": True}),
    Kind.DIALOGUE: ("#f4f4f4", {}),
    Kind.LYRICS: ("#e6a8d7", {"italic": True}),
    Kind.TRANSITION: ("#ff9b7a", {"bold": True}),
    Kind.CENTERED: ("#b8e0a0", {}),
    Kind.PAGE_BREAK: ("#6f737a", {}),
    Kind.SECTION: ("#8ad4c0", {"bold": True}),
    Kind.SYNOPSIS: ("#8ad4c0", {"italic": True}),
    Kind.NOTE: ("#d8c35a", {"italic": True}),
    Kind.BONEYARD: ("#6f737a", {"strike": True}),
    "boneyard": ("#6f737a", {"strike": True}),
    "note": ("#d8c35a", {"italic": True}),
    "marker": ("#6f737a", {}),
    "dual": ("#7fc4ff", {"underline": True}),
}


def _format(color: str, bold=False, italic=False, underline=False, strike=False):
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    fmt.setFontUnderline(underline)
    fmt.setFontStrikeOut(strike)
    return fmt


FORMATS: dict[Kind | str, QTextCharFormat] = {
    key: _format(color, **options) for key, (color, options) in _STYLE.items()
}


def block_kind(block: QTextBlock) -> Kind:
    """What the highlighter found a block to be."""
    return kind_of_state(block.userState())


class FountainHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._fixing = False
        document.contentsChange.connect(self._recheck_before)

    @property
    def restyling(self) -> bool:
        """True while we re-highlight a line: Qt reports it as a text change, which it is not."""
        return self._fixing

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        block = self.currentBlock()
        line = classify(self.previousBlockState(), text, lambda k: _following(block, k))
        if line.kind is not Kind.BLANK:
            self.setFormat(0, len(text), FORMATS[line.kind])
        for start, length, role in line.spans:
            self.setFormat(start, length, FORMATS[role])
        self.setCurrentBlockState(line.state)

    def _recheck_before(self, position: int, _removed: int, _added: int) -> None:
        """A line's kind can depend on the lines after it (a cue needs dialogue under it, a
        [[note]] paragraph must end in ]]), but Qt only re-highlights from the change on:
        redo the line before it and the start of its paragraph."""
        if self._fixing:
            return  # our own re-highlighting marks the document changed too
        block = self.document().findBlock(position).previous()
        if not block.isValid():
            return
        self._fixing = True
        try:
            self.rehighlightBlock(block)
            start = _paragraph_start(block)
            if start != block and start.text().lstrip().startswith("[["):
                self.rehighlightBlock(start)
        finally:
            self._fixing = False


def _following(block: QTextBlock, k: int) -> str | None:
    for _ in range(k):
        block = block.next()
        if not block.isValid():
            return None
    return block.text()


def _paragraph_start(block: QTextBlock, most: int = 64) -> QTextBlock:
    for _ in range(most):
        previous = block.previous()
        if not previous.isValid() or not previous.text().strip():
            break
        block = previous
    return block
