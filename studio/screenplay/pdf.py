"""Screenplay PDF export with fpdf2: Courier 12 pt, the standard indents, numbered pages.

The title page (when the script has one) is unnumbered; script pages from the second on
carry "N." at the top right, as screenplays do. Courier is a PDF core font, so nothing is
embedded by default; it covers Latin-1, and other characters need `font` (a monospaced TTF).
"""

from __future__ import annotations

from pathlib import Path

from studio.screenplay.elements import Screenplay, TitlePage
from studio.screenplay.layout import (
    LINES_PER_PAGE,
    PAGE_WIDTH,
    TOP_MARGIN,
    Line,
    paginate,
    wrap,
)

POINTS = 72  # per inch
LINE = 12  # points: 6 lines an inch
ASCENT = 9  # points from a line slot's top to Courier's baseline
# Typographic characters that Courier (Latin-1) lacks, and what a typewriter would type.
_TYPEWRITER = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "--",
        "\u2026": "...",
        "\u00a0": " ",
    }
)


def write_pdf(screenplay: Screenplay, path: str | Path, font: str | Path | None = None) -> int:
    """Write the screenplay as a PDF at `path`; returns the number of pages written."""
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="letter")
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0)
    family = "Courier"
    if font is not None:
        family = "ScreenplayFont"
        for style in ("", "B", "I", "BI"):
            pdf.add_font(family, style, str(font))
    title = screenplay.title
    pdf.set_title(title or Path(path).stem)
    writer = _Writer(pdf, family, unicode=font is not None)
    if screenplay.title_page:
        pdf.add_page()
        writer.title_page(screenplay.title_page)
    for page in paginate(screenplay):
        pdf.add_page()
        if page.number > 1:
            label = f"{page.number}."
            writer.line(Line(PAGE_WIDTH - 1.0 - len(label) / 10, ((label, ""),)), -3)
        for slot, row in enumerate(page.rows):
            for line in row:
                writer.line(line, slot)
    pdf.output(str(path))
    return pdf.pages_count


class _Writer:
    def __init__(self, pdf, family: str, unicode: bool) -> None:
        self.pdf = pdf
        self.family = family
        self.unicode = unicode

    def line(self, line: Line, slot: int) -> None:
        """Draw one line in the line slot `slot` counted from the top margin."""
        x = line.x * POINTS
        y = TOP_MARGIN * POINTS + slot * LINE + ASCENT
        for text, style in line.runs:
            if not self.unicode:
                text = text.translate(_TYPEWRITER).encode("latin-1", "replace").decode("latin-1")
            self.pdf.set_font(self.family, style, 12)  # "U" underlines in fpdf2
            self.pdf.text(x, y, text)
            x += len(text) * 7.2  # Courier: every character is 0.6 em

    def title_page(self, page: TitlePage) -> None:
        """Title, credit, author and source centred a third of the way down; contact at
        the bottom left, draft date and the other fields at the bottom right."""
        centred = [page.get(k) for k in ("Title", "Credit", "Author", "Authors", "Source")]
        slot = 18
        for n, value in enumerate(centred):
            if not value:
                continue
            for line in (row for part in value.split("\n") for row in wrap(part, 60)):
                width = sum(len(t) for t, _ in line) / 10
                bold = "B" if n == 0 else ""  # the title
                runs = tuple((t, "".join(c for c in "BIU" if c in s + bold)) for t, s in line)
                self.line(Line((PAGE_WIDTH - width) / 2, runs), slot)
                slot += 1
            slot += 1 if n else 3
        known = {"title", "credit", "author", "authors", "source", "contact"}
        left = page.get("Contact").split("\n") if page.get("Contact") else []
        right = [
            line
            for key, value in page.fields
            if key.casefold() not in known
            for line in value.split("\n")
        ]
        bottom = LINES_PER_PAGE - 1
        for n, text in enumerate(left):
            self.line(Line(1.5, ((text, ""),)), bottom - len(left) + 1 + n)
        for n, text in enumerate(right):
            x = PAGE_WIDTH - 1.0 - len(text) / 10
            self.line(Line(x, ((text, ""),)), bottom - len(right) + 1 + n)
