"""The highlighter: every element kind gets its format, and its kinds agree with the parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QFont, QTextCharFormat

from studio.screenplay import ElementType, parse
from studio.ui.script.qt_highlighter import FORMATS, block_kind
from studio.workflows.script.line_kinds import Kind

SAMPLES = Path(__file__).resolve().parents[2] / "resources/sample"

EVERY_KIND = """Title: The Kinds
Author: A. Writer

# Act One

= The keeper finds the lamp dark.

.FORCED HEADING

INT. LAMP ROOM - NIGHT #4#

!FORCED ACTION LINE

Mira climbs. [[check the stairs]] She stops.

@McCLANE
Yippee.

BRICK
(calm)
Shoot.

STEEL ^
Now!

~Willy Wonka, Willy Wonka

> THE END <

CUT TO:

> FLASHBACK

/* an old idea
still buried */

[[A whole note
over two lines]]

===
"""


def kinds(editor) -> list[Kind]:
    out = []
    block = editor.document().firstBlock()
    while block.isValid():
        out.append(block_kind(block))
        block = block.next()
    return out


def format_at(editor, line: int, column: int):
    """The highlighter's format for one character (what paints it)."""
    block = editor.document().findBlockByNumber(line)
    ranges = block.layout().formats()
    for r in ranges:
        if r.start <= column < r.start + r.length:
            return QTextCharFormat(r.format)  # a copy: the ranges' own go with the list
    return None


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.split("\n")) if needle in line)


def test_each_element_kind_is_painted_in_its_format(qtbot, panel):
    from tests.ui_script.conftest import set_script

    set_script(qtbot, panel, EVERY_KIND)
    editor = panel.editor
    expected = {
        "Title: The Kinds": Kind.TITLE,
        "# Act One": Kind.SECTION,
        "= The keeper": Kind.SYNOPSIS,
        ".FORCED HEADING": Kind.SCENE_HEADING,
        "INT. LAMP ROOM": Kind.SCENE_HEADING,
        "!FORCED ACTION": Kind.ACTION,
        "@McCLANE": Kind.CHARACTER,
        "Yippee.": Kind.DIALOGUE,
        "(calm)": Kind.PARENTHETICAL,
        "STEEL ^": Kind.CHARACTER,
        "~Willy": Kind.LYRICS,
        "> THE END <": Kind.CENTERED,
        "CUT TO:": Kind.TRANSITION,
        "> FLASHBACK": Kind.TRANSITION,
        "/* an old idea": Kind.BONEYARD,
        "still buried */": Kind.BONEYARD,
        "[[A whole note": Kind.NOTE,
        "over two lines]]": Kind.NOTE,
        "===": Kind.PAGE_BREAK,
    }
    found = kinds(editor)
    for needle, kind in expected.items():
        line = line_of(EVERY_KIND, needle)
        assert found[line] is kind, needle
        text = EVERY_KIND.split("\n")[line]
        column = len(text) // 2  # mid-line: past any forcing mark
        painted = format_at(editor, line, column)
        role = "boneyard" if kind is Kind.BONEYARD else kind
        want = FORMATS[role if role in FORMATS else kind]
        assert painted is not None and painted.foreground().color() == want.foreground().color(), (
            needle
        )
    heading = format_at(editor, line_of(EVERY_KIND, "INT. LAMP"), 0)
    assert heading.fontWeight() == QFont.Weight.Bold
    assert format_at(editor, line_of(EVERY_KIND, "(calm)"), 1).fontItalic()
    # Forcing marks and the scene number are dimmed, not painted as the element.
    marker = FORMATS["marker"].foreground().color()
    for needle in (".FORCED", "!FORCED", "@McCLANE", "> FLASHBACK"):
        assert format_at(editor, line_of(EVERY_KIND, needle), 0).foreground().color() == marker
    number_line = EVERY_KIND.split("\n")[line_of(EVERY_KIND, "#4#")]
    assert (
        format_at(editor, line_of(EVERY_KIND, "#4#"), number_line.index("#4#") + 1)
        .foreground()
        .color()
        == marker
    )
    dual_line = line_of(EVERY_KIND, "STEEL ^")
    assert format_at(editor, dual_line, len("STEEL ^") - 1).fontUnderline()
    inline = EVERY_KIND.split("\n")[line_of(EVERY_KIND, "[[check")].index("[[check")
    assert format_at(editor, line_of(EVERY_KIND, "[[check"), inline + 3).fontItalic()
    assert format_at(editor, line_of(EVERY_KIND, "/* an old"), 3).fontStrikeOut()
    assert FORMATS[Kind.ACTION].foreground().color() != QColor("#000000")


THIRD_PARTY = Path(__file__).resolve().parents[1] / "data/third_party/fountain"


@pytest.mark.parametrize(
    "path",
    [SAMPLES / "tricky.fountain", SAMPLES / "sample.fountain"]
    + [THIRD_PARTY / "SceneHeaders.fountain", THIRD_PARTY / "Transitions.fountain"],
    ids=lambda p: p.name,
)
def test_highlighted_kinds_agree_with_the_parser(qtbot, panel, path):
    """The colours and the scene list come from the same reading of the spec's tricky cases
    and of the Fountain project's own heading and transition tests."""
    from tests.ui_script.conftest import set_script

    text = path.read_text()
    set_script(qtbot, panel, text)
    script = parse(text)
    want = [Kind.BLANK] * script.line_count
    lines = text.split("\n")
    for n in range(script.title_page.end_line):
        if lines[n].strip():
            want[n] = Kind.TITLE
    buried = set()
    for element in script.elements:
        for n in range(element.start_line, element.end_line):
            if element.type is ElementType.BONEYARD:
                buried.add(n)
            else:
                want[n] = Kind[element.type.name]
    got = kinds(panel.editor)
    assert len(got) == len(want)
    mismatches = [
        (n, lines[n], got[n].name, want[n].name)
        for n in range(len(want))
        if n not in buried and got[n] is not want[n]
    ]
    assert mismatches == []


def test_typing_dialogue_under_a_name_makes_it_a_character_cue(qtbot, panel):
    """A cue depends on the line after it: the line above an edit is looked at again."""
    from tests.ui_script.conftest import set_script

    set_script(qtbot, panel, "INT. HALL - DAY\n\nMIRA\n")
    assert kinds(panel.editor)[2] is Kind.ACTION  # a lone capitalised line is action
    panel.editor.go_to_line(3)
    qtbot.keyClicks(panel.editor, "Father?")
    assert kinds(panel.editor)[2:4] == [Kind.CHARACTER, Kind.DIALOGUE]
