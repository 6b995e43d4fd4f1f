"""Final Draft files other tools wrote, read as their own tests read them.

afterwriting's FDX cases come with the Fountain its converter must produce; screenplain's
examples and test files come as a .fountain and the .fdx screenplain wrote for it, so
reading either must give the same screenplay. Files: tests/data/third_party (SOURCE.md).
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from studio.screenplay import ElementType as T
from studio.screenplay import parse, read_fdx, write_fountain
from studio.screenplay.markup import plain

REPO = Path(__file__).resolve().parents[2]
THIRD_PARTY = REPO / "tests" / "data" / "third_party"
AFTERWRITING = THIRD_PARTY / "afterwriting" / "fdx"
SCREENPLAIN = THIRD_PARTY / "screenplain"


def elements(script) -> list[tuple[T, str]]:
    return [(e.type, e.text) for e in script.elements]


@pytest.mark.parametrize("name", ["header_note", "note", "synopsis"])
def test_afterwriting_fdx_cases(name):
    """finaldraftTest.js: a note or scene summary is not glued into the paragraph's text;
    it becomes the note or synopsis afterwriting's converter writes for it."""
    script = read_fdx((AFTERWRITING / f"{name}.fdx").read_bytes())
    expected = parse((AFTERWRITING / f"{name}.fountain").read_text())
    assert elements(script) == elements(expected)
    assert elements(parse(write_fountain(script))) == elements(expected)


def test_a_scene_heading_with_a_note_and_a_summary_keeps_its_own_text():
    script = read_fdx(
        '<FinalDraft DocumentType="Script"><Content>'
        '<Paragraph Type="Scene Heading">'
        "<SceneProperties><Summary><Paragraph><Text>She finds the key.</Text></Paragraph>"
        "</Summary></SceneProperties>"
        '<ScriptNote ID="1"><Paragraph><Text>Check the </Text><Text>location.</Text>'
        "</Paragraph></ScriptNote><Text>INT. HOUSE - DAY</Text></Paragraph>"
        "</Content></FinalDraft>"
    )
    assert [s.heading for s in script.scenes] == ["INT. HOUSE - DAY"]
    assert elements(script) == [
        (T.SCENE_HEADING, "INT. HOUSE - DAY"),
        (T.NOTE, "Check the location."),
        (T.SYNOPSIS, "She finds the key."),
    ]


def test_a_note_on_a_character_cue_follows_the_speech():
    """A note between a cue and its dialogue would break the speech in two."""
    script = read_fdx(
        '<FinalDraft DocumentType="Script"><Content>'
        '<Paragraph Type="Character"><ScriptNote><Paragraph><Text>louder</Text></Paragraph>'
        "</ScriptNote><Text>MIRA</Text></Paragraph>"
        '<Paragraph Type="Dialogue"><Text>Hello.</Text></Paragraph>'
        '<Paragraph Type="Action"><Text>She waits.</Text></Paragraph>'
        "</Content></FinalDraft>"
    )
    assert elements(script) == [
        (T.CHARACTER, "MIRA"),
        (T.DIALOGUE, "Hello."),
        (T.NOTE, "louder"),
        (T.ACTION, "She waits."),
    ]
    assert elements(parse(write_fountain(script))) == elements(script)


def test_a_shot_is_not_a_scene():
    script = read_fdx(
        '<FinalDraft DocumentType="Script"><Content>'
        '<Paragraph Type="Scene Heading"><Text>EXT. FIELD - DAY</Text></Paragraph>'
        '<Paragraph Type="Shot"><Text>ANGLE ON THE BARN</Text></Paragraph>'
        '<Paragraph Type="Action"><Text>The door swings open.</Text></Paragraph>'
        "</Content></FinalDraft>"
    )
    assert [s.heading for s in script.scenes] == ["EXT. FIELD - DAY"]
    assert (T.ACTION, "ANGLE ON THE BARN") in elements(script)
    assert [s.heading for s in parse(write_fountain(script)).scenes] == ["EXT. FIELD - DAY"]


def test_element_lines_are_lines_of_the_fdx_file():
    """header_note.fdx: the heading's <Paragraph> is on line 4 of the file (0-based 3)."""
    data = (AFTERWRITING / "header_note.fdx").read_bytes()
    script = read_fdx(data)
    heading = script.scenes[0]
    assert data.split(b"\n")[heading.start_line].strip() == b'<Paragraph Type="Scene Heading">'
    assert script.elements[0].end_line == 11  # the line after </Paragraph>
    assert script.line_count == len(data.split(b"\n"))


def test_scenes_command_gives_fdx_lines_for_an_fdx():
    path = SCREENPLAIN / "examples" / "Brick-and-Steel.fdx"
    done = subprocess.run(
        [sys.executable, "-m", "studio.cli", "script", "scenes", str(path), "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    lines = path.read_text().split("\n")
    rows = json.loads(done.stdout)
    assert [(r["heading"], r["line"]) for r in rows[:3]] == [
        ("EXT. BRICK'S PATIO - DAY", 5),
        ("INT. TRAILER HOME - DAY", 82),
        ("EXT. BRICK'S POOL - DAY", 113),
    ]
    assert len(rows) == 8
    for row in rows:
        assert lines[row["line"] - 1].strip() == '<Paragraph Type="Scene Heading">'
        assert lines[row["line"]].strip() == f"<Text>{row['heading']}</Text>"


COMPANIONS = sorted(
    str(p.relative_to(SCREENPLAIN).with_suffix(""))
    for p in SCREENPLAIN.rglob("*.fdx")
    if p.with_suffix(".fountain").exists()
)


def _normal(script) -> list[tuple[T, str]]:
    """The screenplay as both formats can say it: FDX has a paragraph per dialogue line
    and no notes, sections or synopses; spacing inside a line is the writer's."""
    out: list[tuple[T, str]] = []
    for e in script.elements:
        if e.type in (T.NOTE, T.SECTION, T.SYNOPSIS, T.BONEYARD):
            continue
        text = " ".join(plain(e.text).split())
        if out and e.type is T.DIALOGUE and out[-1][0] is T.DIALOGUE:
            out[-1] = (T.DIALOGUE, f"{out[-1][1]} {text}".strip())
        elif text or e.type is T.PAGE_BREAK:
            out.append((e.type, text))
    return out


@pytest.mark.parametrize("name", COMPANIONS)
def test_fdx_reads_as_the_fountain_it_was_written_from(name):
    """screenplain wrote each .fdx from the .fountain beside it: both read the same."""
    ours = read_fdx((SCREENPLAIN / f"{name}.fdx").read_bytes())
    source = parse((SCREENPLAIN / f"{name}.fountain").read_bytes().decode("utf-8-sig"))
    assert _normal(ours) == _normal(source)
    assert [(s.heading, s.number) for s in ours.scenes] == [
        (s.heading, s.number) for s in source.scenes
    ]
