"""The Fountain parser on every element of the spec, its tricky cases and source lines."""

from pathlib import Path

import pytest

from studio.screenplay import ElementType as T
from studio.screenplay import parse

SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "sample"


def kinds(text):
    return [(e.type, e.text) for e in parse(text).elements]


@pytest.mark.parametrize(
    "line",
    [
        "INT. HOUSE - DAY",
        "EXT. BEACH - NIGHT",
        "EST. CITY - DUSK",
        "INT./EXT. CAR - MOVING",
        "INT/EXT CAR - MOVING",
        "I/E HOUSE - DAY",
        "int. lower case - day",
        "EXT BRICK'S POOL - DAY",
    ],
)
def test_scene_headings(line):
    assert kinds(f"{line}\n\nAction.") == [(T.SCENE_HEADING, line), (T.ACTION, "Action.")]


@pytest.mark.parametrize("line", ["INTERIOR DESIGN IS FUN", "EXTRA! EXTRA!", "ESTATE SALE"])
def test_words_that_only_start_like_headings_are_not_headings(line):
    assert parse(f"{line}\n\nMore.").scenes == []


def test_forced_heading_but_not_two_dots():
    assert kinds(".SNIPER SCOPE POV") == [(T.SCENE_HEADING, "SNIPER SCOPE POV")]
    assert kinds("..AND THEN") == [(T.ACTION, "..AND THEN")]
    assert kinds("...") == [(T.ACTION, "...")]


def test_scene_numbers():
    heading = parse("INT. HOUSE - DAY #1A#").elements[0]
    assert (heading.text, heading.scene_number) == ("INT. HOUSE - DAY", "1A")
    assert parse(".FLASHBACK #I-1.A#").elements[0].scene_number == "I-1.A"
    assert parse("INT. ROOM #12 - DAY").elements[0].scene_number == ""


def test_forced_action_keeps_caps_and_indentation():
    assert kinds("!SCANNING THE AISLES...\nWhere is he?") == [
        (T.ACTION, "SCANNING THE AISLES...\nWhere is he?")
    ]
    assert kinds("\tIndented action.\n    More.") == [(T.ACTION, "\tIndented action.\n    More.")]


def test_character_with_extensions_and_dialogue_line_breaks():
    got = kinds("STEEL (V.O.)\nLine one.\nLine two.")
    assert got == [(T.CHARACTER, "STEEL (V.O.)"), (T.DIALOGUE, "Line one.\nLine two.")]
    assert kinds("HANS (on the radio)\nWhat?")[0] == (T.CHARACTER, "HANS (on the radio)")
    assert kinds("BRICK (CONT'D)\nAgain.")[0] == (T.CHARACTER, "BRICK (CONT'D)")


def test_all_caps_line_without_dialogue_is_action():
    assert kinds("BANG!\n\nHe falls.") == [(T.ACTION, "BANG!"), (T.ACTION, "He falls.")]


def test_forced_character_may_be_lower_case():
    script = parse("@McCLANE\nYippee ki-yay!")
    assert [e.type for e in script.elements] == [T.CHARACTER, T.DIALOGUE]
    assert script.elements[0].text == "McCLANE" and script.elements[0].forced


def test_parentheticals_between_dialogue():
    assert kinds("BRICK\n(quietly)\nScrew it.\n(beat)\nFine.") == [
        (T.CHARACTER, "BRICK"),
        (T.PARENTHETICAL, "(quietly)"),
        (T.DIALOGUE, "Screw it."),
        (T.PARENTHETICAL, "(beat)"),
        (T.DIALOGUE, "Fine."),
    ]


def test_two_space_line_keeps_dialogue_together():
    assert kinds("DEALER\nTen.\n  \nTwenty.") == [
        (T.CHARACTER, "DEALER"),
        (T.DIALOGUE, "Ten.\n\nTwenty."),
    ]


def test_dual_dialogue_pairs_with_the_speech_before():
    script = parse("BRICK\nScrew retirement.\n\nSTEEL ^\nScrew retirement.")
    assert [(e.type, e.dual) for e in script.elements] == [
        (T.CHARACTER, 1),
        (T.DIALOGUE, 1),
        (T.CHARACTER, 2),
        (T.DIALOGUE, 2),
    ]
    assert script.elements[2].text == "STEEL"


def test_caret_without_a_speech_before_is_an_ordinary_speech():
    script = parse("Action.\n\nSTEEL ^\nHi.")
    assert [e.dual for e in script.elements] == [0, 0, 0]


def test_lyrics_transitions_and_centered():
    assert kinds("~Willy Wonka!\n~The amazing chocolatier!") == [
        (T.LYRICS, "Willy Wonka!\nThe amazing chocolatier!")
    ]
    assert kinds("CUT TO:") == [(T.TRANSITION, "CUT TO:")]
    assert kinds("> Burn to white.") == [(T.TRANSITION, "Burn to white.")]
    assert kinds(">THE END<") == [(T.CENTERED, "THE END")]
    assert kinds("> THE END <\n> again <") == [(T.CENTERED, "THE END\nagain")]


def test_transition_needs_to_stand_alone():
    assert kinds("CUT TO:\nsomething")[0][0] is T.CHARACTER


def test_trailing_spaces_make_a_transition_action():
    """The Fountain project's Transitions test: "CUT TO:  " is not a transition."""
    assert kinds("CUT TO:  ") == [(T.ACTION, "CUT TO:")]
    assert kinds("  CUT TO:") == [(T.TRANSITION, "CUT TO:")]


def test_page_breaks_sections_synopses():
    script = parse("===\n\n# Act one\n\n### Scene part\n\n= He arrives.")
    assert [(e.type, e.text, e.depth) for e in script.elements] == [
        (T.PAGE_BREAK, "", 0),
        (T.SECTION, "Act one", 1),
        (T.SECTION, "Scene part", 3),
        (T.SYNOPSIS, "He arrives.", 0),
    ]


def test_notes_single_and_multi_line_and_inline():
    assert kinds("[[A note]]") == [(T.NOTE, "A note")]
    assert kinds("[[A note\nacross lines]]") == [(T.NOTE, "A note\nacross lines")]
    assert kinds("He waits. [[slow]] Then goes.") == [(T.ACTION, "He waits. [[slow]] Then goes.")]


def test_boneyard_across_lines_hides_a_heading():
    script = parse("INT. A - DAY\n\n/* old draft\n\nINT. B - NIGHT\n*/\n\nEXT. C - DAY")
    assert [s.heading for s in script.scenes] == ["INT. A - DAY", "EXT. C - DAY"]
    bone = next(e for e in script.elements if e.type is T.BONEYARD)
    assert (bone.start_line, bone.end_line) == (2, 6)
    assert "INT. B - NIGHT" in bone.text


def test_inline_boneyard_is_cut_out_of_the_line():
    assert kinds("He /* not */ runs.")[0] == (T.ACTION, "He  runs.")


def test_unclosed_boneyard_hides_the_rest():
    assert parse("INT. A - DAY\n\n/* draft\n\nINT. B - DAY").scenes[0].end_line == 5
    assert len(parse("INT. A - DAY\n\n/* draft\n\nINT. B - DAY").scenes) == 1


def test_title_page_with_multi_line_values():
    script = parse(
        "Title:\n    _**BRICK & STEEL**_\n    _**FULL RETIRED**_\nCredit: Written by\n"
        "Author: Stu Maschwitz\nDraft date: 1/20/2012\nContact:\n\tNext Level\n\t555\n\n"
        "EXT. BRICK'S PATIO - DAY"
    )
    page = script.title_page
    assert page.get("title") == "_**BRICK & STEEL**_\n_**FULL RETIRED**_"
    assert page.get("Draft date") == "1/20/2012"
    assert page.get("Contact") == "Next Level\n555"
    assert page.end_line == 9
    assert script.scenes[0].start_line == 10


def test_a_script_opening_with_fade_in_has_no_title_page():
    script = parse("FADE IN:\n\nINT. HOUSE - DAY")
    assert not script.title_page
    assert kinds("FADE IN: the sun rises\n\nINT. A - DAY")[0][0] is T.ACTION


def test_emphasis_markup_stays_in_the_text():
    assert kinds("He sees *this* and **that**.") == [(T.ACTION, "He sees *this* and **that**.")]


def test_line_endings_and_bom():
    script = parse("\ufeffINT. A - DAY\r\n\r\nAction.\rMore.")
    assert [e.text for e in script.elements] == ["INT. A - DAY", "Action.\nMore."]
    assert (script.elements[1].start_line, script.elements[1].end_line) == (2, 4)


def test_source_line_ranges_cover_each_element():
    text = "INT. A - DAY\n\nMIRA\n(softly)\nHello\nthere.\n\nCUT TO:\n"
    got = [(e.type, e.start_line, e.end_line) for e in parse(text).elements]
    assert got == [
        (T.SCENE_HEADING, 0, 1),
        (T.CHARACTER, 2, 3),
        (T.PARENTHETICAL, 3, 4),
        (T.DIALOGUE, 4, 6),
        (T.TRANSITION, 7, 8),
    ]


def test_heading_directly_followed_by_text_is_action():
    """A heading is a paragraph of one line (the spec; screenplain and the Fountain
    project's SceneHeaders test agree): with text under it, it is action, not a speech."""
    assert kinds("INT. A - DAY\nShe enters.") == [(T.ACTION, "INT. A - DAY\nShe enters.")]
    assert kinds(".KITCHEN\nShe enters.") == [(T.ACTION, ".KITCHEN\nShe enters.")]
    assert kinds("INT. A - DAY\nEXT. B - DAY") == [(T.ACTION, "INT. A - DAY\nEXT. B - DAY")]


def test_heading_needs_a_blank_line_before_it():
    assert kinds("# Act one\nINT. A - DAY") == [
        (T.SECTION, "Act one"),
        (T.ACTION, "INT. A - DAY"),
    ]
    assert parse("# Act one\n\nINT. A - DAY\n\nAction.").scenes[0].heading == "INT. A - DAY"


def test_a_line_of_spaces_after_a_heading_counts_as_blank():
    assert kinds("INT. A - DAY\n  \n\nAction.")[0] == (T.SCENE_HEADING, "INT. A - DAY")


def test_tricky_sample_scene_list():
    script = parse((SAMPLES / "tricky.fountain").read_text())
    assert [(s.heading, s.number) for s in script.scenes] == [
        ("INT. HOUSE - DAY", "1A"),
        ("SNIPER SCOPE POV", ""),
        ("INT./EXT. CAR - MOVING", ""),
        ("I/E HOUSE - DAY", ""),
        ("EST. CITY SKYLINE - DUSK", ""),
        ("int. lowercase - night", ""),
        ("EXT. BEACH - DAY", ""),
    ]
    assert script.characters() == ["STEEL", "McCLANE", "BRICK"]
    assert script.title == "_**THE TRICKY CASES**_\nA test script"


def test_scene_at_a_line_and_scene_ranges():
    script = parse("Before.\n\nINT. A - DAY\n\nOne.\n\nEXT. B - DAY\n\nTwo.")
    assert script.scene_at(0) is None
    assert script.scene_at(4).heading == "INT. A - DAY"
    assert script.scene_at(8).heading == "EXT. B - DAY"
    assert [(s.start_line, s.end_line, s.label) for s in script.scenes] == [
        (2, 6, "1"),
        (6, 9, "2"),
    ]


def test_empty_text_parses_to_nothing():
    assert parse("").elements == [] and parse("\n\n  \n").scenes == []
