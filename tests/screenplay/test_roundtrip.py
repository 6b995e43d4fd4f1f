"""Round trips: structured screenplays written as Fountain parse back to the same elements."""

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.screenplay import (
    Element,
    Screenplay,
    TitlePage,
    parse,
    read_fdx,
    write_fdx,
    write_fountain,
)
from studio.screenplay import ElementType as T

# Words that tempt the parser: forcing characters, heading prefixes, caps, markup.
WORDS = st.sampled_from(
    [
        "rain",
        "Mira",
        "door",
        "OPENS",
        "the",
        "sea,",
        "it's",
        "wow!",
        "x2",
        "INT.",
        "EXT",
        "I/E",
        "CUT",
        "TO:",
        "!bang",
        "#tag",
        ".dot",
        ">arrow",
        "~tilde",
        "=eq",
        "@at",
        "*soft*",
        "**loud**",
        "_under_",
        "...",
        "SMASH",
    ]
)
UPPER = st.sampled_from(["MIRA", "OLD MAN", "DR. NO", "BOB", "HANS"])


def line(min_words=1):
    return st.lists(WORDS, min_size=min_words, max_size=6).map(" ".join)


def lines(most=3):
    return st.lists(line(), min_size=1, max_size=most).map("\n".join)


def with_blanks(most=3):
    """A line, then lines that may be empty (written as Fountain's two-space line)."""
    rest = st.lists(st.one_of(line(), st.just("")), max_size=most - 1)
    return st.tuples(line(), rest).map(lambda t: "\n".join([t[0], *t[1]]))


heading = st.builds(
    lambda prefix, rest, number: Element(T.SCENE_HEADING, f"{prefix}{rest}", scene_number=number),
    st.sampled_from(["INT. ", "EXT. ", "EST. ", "INT./EXT. ", "I/E ", ""]),
    line(),
    st.sampled_from(["", "1", "2A", "A1.2", "10-B"]),
)
simple = st.one_of(
    st.builds(lambda t: Element(T.ACTION, t), with_blanks()),
    st.builds(lambda t: Element(T.TRANSITION, t), st.one_of(st.just("CUT TO:"), line())),
    st.builds(lambda t: Element(T.CENTERED, t), lines(2)),
    st.builds(lambda t: Element(T.LYRICS, t), lines(2)),
    st.just(Element(T.PAGE_BREAK, "")),
    st.builds(lambda t, d: Element(T.SECTION, t, depth=d), line(), st.integers(1, 3)),
    st.builds(lambda t: Element(T.SYNOPSIS, t), line()),
    st.builds(lambda t: Element(T.NOTE, t), with_blanks(2)),
    st.builds(lambda t: Element(T.BONEYARD, t), lines(2)),
)


@st.composite
def speech(draw, dual=0):
    name = draw(st.one_of(UPPER, st.sampled_from(["McCLANE", "Mira", "!bang", "INT. BOB"])))
    name += draw(st.sampled_from(["", " (V.O.)", " (cont'd)"]))
    out = [Element(T.CHARACTER, name, dual=dual)]
    for _ in range(draw(st.integers(1, 4))):
        if out[-1].type is not T.DIALOGUE and draw(st.booleans()):
            out.append(Element(T.DIALOGUE, draw(with_blanks()), dual=dual))
        else:
            out.append(Element(T.PARENTHETICAL, draw(st.sampled_from(["(beat)", "(quietly)"]))))
            out[-1].dual = dual
    return out


@st.composite
def screenplays(draw):
    elements: list[Element] = []
    for _ in range(draw(st.integers(0, 12))):
        choice = draw(st.sampled_from(["heading", "simple", "speech", "dual"]))
        if choice == "heading":
            elements.append(draw(heading))
        elif choice == "simple":
            elements.append(draw(simple))
        elif choice == "speech":
            elements += draw(speech())
        else:
            elements += draw(speech(dual=1)) + draw(speech(dual=2))
    fields = draw(
        st.lists(
            st.sampled_from(
                [("Title", "THE SEA"), ("Credit", "Written by"), ("Author", "A. Writer")]
                + [("Draft date", "1/2/2026"), ("Contact", "Studio\n123 Street")]
            ),
            unique=True,
            max_size=5,
        )
    )
    if fields:
        fields.sort(key=lambda f: f[0] != "Title")  # a title page opens with a known key
    return Screenplay(elements, TitlePage(fields))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(screenplays())
def test_written_fountain_parses_back_to_the_same_screenplay(script):
    text = write_fountain(script)
    back = parse(text)
    assert [e.content() for e in back.elements] == [e.content() for e in script.elements], text
    assert [(s.heading, s.number) for s in back.scenes] == [
        (s.heading, s.number) for s in script.scenes
    ]
    assert back.title_page.fields == script.title_page.fields


FOUNTAINISH = st.lists(
    st.one_of(
        line(),
        st.sampled_from(["", "  ", "===", "/*", "*/", "[[", "]]", "> x <", "MIRA ^", "(beat)"]),
        st.sampled_from(["INT. A - DAY", ".KITCHEN", "# Act", "CUT TO:", "CUT TO:  "]),
        st.builds(lambda w: w.upper(), line()),
    ),
    max_size=30,
).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(FOUNTAINISH)
def test_any_text_survives_parse_write_parse(text):
    first = parse(text)
    again = parse(write_fountain(first))
    assert [e.content() for e in again.elements] == [e.content() for e in first.elements]


_INLINE_NOTE = re.compile(r" ?\[\[(.*?)\]\]", re.DOTALL)


def _note_texts(elements) -> list[str]:
    """Every note and synopsis, standalone or inline, as FDX can keep it: its lines."""
    texts = [e.text for e in elements if e.type in (T.NOTE, T.SYNOPSIS)]
    texts += [m[1] for e in elements for m in _INLINE_NOTE.finditer(e.text)]
    return sorted("\n".join(s.strip() for s in t.split("\n") if s.strip()) for t in texts)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(screenplays())
def test_fdx_keeps_every_element_and_every_note(script):
    """Through FDX, sections and boneyard go; notes and synopses may move to the paragraph
    they attach to, or into its text; line ends at the ends of a text go; nothing else
    changes. A script of notes alone has no paragraph to keep them."""
    back = read_fdx(write_fdx(script))
    kept = [e for e in script.elements if e.type not in (T.SECTION, T.BONEYARD)]
    plain_back = [
        (e.type, _INLINE_NOTE.sub("", e.text), e.scene_number, e.dual)
        for e in back.elements
        if e.type not in (T.NOTE, T.SYNOPSIS)
    ]
    # Page breaks before nothing, or doubled, have no paragraph to mark in FDX.
    assert [c for c in plain_back if c[0] is not T.PAGE_BREAK] == [
        (e.type, e.text.strip("\n"), e.scene_number, e.dual)
        for e in kept
        if e.type not in (T.NOTE, T.SYNOPSIS, T.PAGE_BREAK)
    ]
    if plain_back:
        assert _note_texts(back.elements) == _note_texts(script.elements)
