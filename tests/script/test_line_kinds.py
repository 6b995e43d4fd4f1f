"""The highlighter's line rules (no Qt) agree with the parser on text built from the lines
whose kind depends on their neighbours: headings, transitions, cues, blank lines."""

from hypothesis import given, settings
from hypothesis import strategies as st

from studio.screenplay import parse
from studio.workflows.script.line_kinds import Kind, classify

LINES = st.sampled_from(
    ["", "", "  ", "INT. HOUSE - DAY", ".KITCHEN", "EXT. B #2#", "CUT TO:", "CUT TO:  "]
    + ["MIRA", "(beat)", "She waits.", "# Act", "= A synopsis.", "===", "> THE END <", "~La"]
)


def highlighted(text: str) -> list[Kind]:
    lines = text.split("\n")
    out, state = [], -1
    for n, line in enumerate(lines):
        got = classify(state, line, lambda k, n=n: lines[n + k] if n + k < len(lines) else None)
        out.append(got.kind)
        state = got.state
    return out


def parsed(text: str) -> list[Kind]:
    script = parse(text)
    want = [Kind.BLANK] * script.line_count
    for element in script.elements:
        for n in range(element.start_line, element.end_line):
            want[n] = Kind[element.type.name]
    return want


@settings(max_examples=300, deadline=None)
@given(st.lists(LINES, max_size=12).map("\n".join))
def test_line_kinds_agree_with_the_parser(text):
    got, want = highlighted(text), parsed(text)
    # A line of spaces inside an element is part of it to the parser, blank to the eye.
    assert [g for g, w in zip(got, want, strict=True) if w is not Kind.BLANK] == [
        w for w in want if w is not Kind.BLANK
    ], text
