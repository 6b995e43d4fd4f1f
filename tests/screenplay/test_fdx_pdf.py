"""Final Draft round trips, PDF export page counts, inline markup and bad input files."""

from pathlib import Path

import pypdf
import pytest

from studio.screenplay import ElementType as T
from studio.screenplay import (
    ScreenplayError,
    load_screenplay,
    parse,
    read_fdx,
    write_fdx,
)
from studio.screenplay.layout import LINES_PER_PAGE, paginate
from studio.screenplay.markup import markup, plain, runs
from studio.screenplay.pdf import write_pdf

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "sample"
NOT_IN_FDX = {T.SECTION, T.BONEYARD}
NOTES = {T.NOTE, T.SYNOPSIS}  # kept, but attached to a paragraph: they may move (below)


def test_fdx_round_trip_of_the_tricky_sample():
    script = load_screenplay(SAMPLES / "tricky.fountain")
    back = read_fdx(write_fdx(script))
    assert [e.content() for e in back.elements if e.type not in NOTES] == [
        e.content() for e in script.elements if e.type not in NOT_IN_FDX | NOTES
    ]
    assert sorted(e.text for e in back.elements if e.type in NOTES) == sorted(
        e.text for e in script.elements if e.type in NOTES
    )
    assert back.title_page.fields == script.title_page.fields
    assert [s.heading for s in back.scenes] == [s.heading for s in script.scenes]


def test_fdx_keeps_notes_and_synopses_where_final_draft_keeps_them():
    """Export writes notes as <ScriptNote>s and a heading's synopsis as its Summary, so a
    round trip through FDX loses none; a note inside text comes back at its end, one at the
    top or under a section with the paragraph after it."""
    script = parse(
        "[[Top note]]\n\nINT. A - DAY\n\n= She finds the key.\n\n[[Check the location.]]\n\n"
        "She waits. [[too long?]] Then goes.\n\nMIRA\nHello. [[louder]]\n\n# Act two\n\n"
        "= The storm.\n\nEXT. B - NIGHT"
    )
    xml = write_fdx(script).decode()
    assert xml.count("<ScriptNote ") == 4 and xml.count("<Summary>") == 2
    back = read_fdx(xml)
    assert [(e.type, e.text) for e in back.elements] == [
        (T.SCENE_HEADING, "INT. A - DAY"),
        (T.NOTE, "Top note"),
        (T.NOTE, "Check the location."),
        (T.SYNOPSIS, "She finds the key."),
        (T.ACTION, "She waits.  Then goes. [[too long?]]"),
        (T.CHARACTER, "MIRA"),
        (T.DIALOGUE, "Hello.  [[louder]]"),
        (T.SCENE_HEADING, "EXT. B - NIGHT"),
        (T.SYNOPSIS, "The storm."),
    ]
    alone = parse("She waits.\n\n= A synopsis of no scene.")
    assert [e.type for e in read_fdx(write_fdx(alone)).elements] == [T.ACTION]
    assert read_fdx(write_fdx(alone)).elements[0].text.endswith("[[A synopsis of no scene.]]")


def test_fdx_writes_styles_dual_dialogue_and_numbers():
    xml = write_fdx(parse("INT. A - DAY #7#\n\nA *b* **c**\n\nX\nHi.\n\nY ^\nHo.")).decode()
    assert '<Paragraph Type="Scene Heading" Number="7">' in xml
    assert '<Text Style="Italic">b</Text>' in xml and '<Text Style="Bold">c</Text>' in xml
    assert xml.count("<DualDialogue>") == 1


def test_fdx_from_final_draft_layout(tmp_path):
    fdx = tmp_path / "draft.fdx"
    fdx.write_text(
        '<?xml version="1.0"?><FinalDraft DocumentType="Script" Version="4"><Content>'
        '<Paragraph Type="Scene Heading"><Text>INT. OFFICE - DAY</Text></Paragraph>'
        '<Paragraph Type="Action"><Text>Rain </Text><Text Style="Bold">hits</Text></Paragraph>'
        '<Paragraph Type="Character"><Text>SAM</Text></Paragraph>'
        '<Paragraph Type="Dialogue"><Text>Hello.</Text></Paragraph>'
        '<Paragraph Type="Scene Heading" StartsNewPage="Yes"><Text>EXT. ROOF</Text></Paragraph>'
        "</Content><TitlePage><Content><Paragraph><Text>Rain Man</Text></Paragraph>"
        "</Content></TitlePage></FinalDraft>"
    )
    script = load_screenplay(fdx)
    assert [e.type for e in script.elements] == [
        T.SCENE_HEADING,
        T.ACTION,
        T.CHARACTER,
        T.DIALOGUE,
        T.PAGE_BREAK,
        T.SCENE_HEADING,
    ]
    assert script.elements[1].text == "Rain **hits**"
    assert script.title == "Rain Man"


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"<html><body/></html>", "not a Final Draft file"), (b"<FinalDraft", "not a Final Draft")],
)
def test_fdx_that_is_not_final_draft(tmp_path, data, message):
    path = tmp_path / "x.fdx"
    path.write_bytes(data)
    with pytest.raises(ScreenplayError, match=message):
        load_screenplay(path)


def _known_script(paragraphs: int) -> str:
    return "\n\n".join(f"Line {n} of the action." for n in range(paragraphs))


def test_pagination_of_a_known_script():
    # One-line paragraphs take a line and a blank: 27 fill a 54-line page (no blank on top).
    assert LINES_PER_PAGE == 54
    assert len(paginate(parse(_known_script(27)))) == 1
    assert len(paginate(parse(_known_script(28)))) == 2
    assert len(paginate(parse(_known_script(100)))) == 4


def test_pdf_has_the_right_page_count_and_numbers(tmp_path):
    text = "Title: KNOWN\nAuthor: Us\n\n" + _known_script(100)
    path = tmp_path / "known.pdf"
    assert write_pdf(parse(text), path) == 5
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 5  # the title page and four script pages
    assert "KNOWN" in reader.pages[0].extract_text()
    assert "Line 0 of the action." in reader.pages[1].extract_text()
    assert "2." not in reader.pages[1].extract_text().split()
    assert reader.pages[2].extract_text().split()[0] in ("2.", "Line")
    assert "2." in reader.pages[2].extract_text()
    font = reader.pages[1]["/Resources"]["/Font"]
    assert any("Courier" in str(f.get_object()["/BaseFont"]) for f in font.values())
    assert reader.pages[0].mediabox.width == 612  # US Letter, 8.5 in


def test_pdf_of_the_samples_opens(tmp_path):
    for name in ("sample.fountain", "tricky.fountain"):
        path = tmp_path / (name + ".pdf")
        pages = write_pdf(load_screenplay(SAMPLES / name), path)
        assert len(pypdf.PdfReader(path).pages) == pages >= 2


def test_pdf_places_dialogue_at_its_indent(tmp_path):
    path = tmp_path / "speech.pdf"
    write_pdf(parse("MIRA\nThe lamp\u2019s out."), path)
    xs = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            xs[text.strip()] = tm[4]

    pypdf.PdfReader(path).pages[0].extract_text(visitor_text=visit)
    assert xs["MIRA"] == pytest.approx(3.7 * 72)
    assert xs["The lamp's out."] == pytest.approx(2.5 * 72)


def test_long_speech_breaks_with_more_and_contd():
    speech = "\n".join(f"Sentence number {n} goes on." for n in range(80))
    pages = paginate(parse(f"MIRA\n{speech}"))
    texts = ["".join(t for line in row for t, _ in line.runs) for row in pages[0].rows]
    assert texts[-1] == "(MORE)"
    first_row = pages[1].rows[0]
    assert "".join(t for t, _ in first_row[0].runs) == "MIRA (CONT'D)"


def test_markup_runs():
    assert runs("a *b* **c** ***d*** _e_") == [
        ("a ", ""),
        ("b", "I"),
        (" ", ""),
        ("c", "B"),
        (" ", ""),
        ("d", "BI"),
        (" ", ""),
        ("e", "U"),
    ]
    assert plain(r"2 \* 3 [[note]] * 4") == "2 * 3  * 4"


@pytest.mark.parametrize(
    ("text", "style"), [("the ", "U"), ("  two words ", "BI"), ("over\ntwo lines", "B"), (" ", "I")]
)
def test_markup_of_a_run_reads_back_as_that_run(text, style):
    """Final Draft splits styled text into runs with spaces at their edges (screenplain's
    Brick-and-Steel.fdx: `<Text Style="Underline">Steel's face FILLS the </Text>`)."""
    assert plain(markup(text, style)) == text
    assert {s for t, s in runs(markup(text, style)) if t.strip()} <= {style}


def test_bad_input_files(tmp_path):
    empty = tmp_path / "empty.fountain"
    empty.write_bytes(b"")
    with pytest.raises(ScreenplayError, match="empty"):
        load_screenplay(empty)
    binary = tmp_path / "photo.fountain"
    binary.write_bytes(bytes(range(256)) * 10)
    with pytest.raises(ScreenplayError, match="not a text file"):
        load_screenplay(binary)
    with pytest.raises(ScreenplayError, match="cannot read"):
        load_screenplay(tmp_path / "missing.fountain")


def test_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    import studio.screenplay.source as source

    monkeypatch.setattr(source, "MAX_BYTES", 1000)
    big = tmp_path / "big.fountain"
    big.write_text("INT. A - DAY\n\n" + "x" * 2000)
    with pytest.raises(ScreenplayError, match="too large"):
        load_screenplay(big)


def test_older_encodings_are_read(tmp_path):
    path = tmp_path / "old.fountain"
    path.write_bytes("INT. CAF\xc9 - DAY\n\nR\xe9sum\xe9.".encode("cp1252"))
    assert load_screenplay(path).scenes[0].heading == "INT. CAFÉ - DAY"


def test_two_thousand_pages_parse_and_paginate():
    body = (SAMPLES / "sample.fountain").read_text().split("FADE IN:", 1)[1]
    script = parse(body * 3200)
    assert len(script.scenes) == 4 * 3200
    assert len(paginate(script)) >= 2000
