"""Names a scene gives: places from headings, characters from cues and introductions."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.workflows.cast.names import TIMES, canonical, mentions, place_name, scene_names


@pytest.mark.parametrize(
    "heading, place",
    [
        ("EXT. HARBOUR - DAWN", "HARBOUR"),
        ("INT. LIGHTHOUSE - STAIRWELL - CONTINUOUS", "LIGHTHOUSE - STAIRWELL"),
        ("INT./EXT. CAR - NIGHT", "CAR"),
        ("I/E Kitchen -- day", "KITCHEN"),
        ("EST. CITY", "CITY"),
        ("int. lamp room - moments later", "LAMP ROOM"),
        ("EXT. DAY", ""),
    ],
)
def test_place_names_drop_int_ext_and_time_of_day(heading, place):
    assert place_name(heading) == place


_word = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=8).filter(
    lambda w: w not in TIMES and w not in {"INT", "EXT", "EST", "IE"}
)


@given(
    prefix=st.sampled_from(["INT. ", "EXT. ", "INT./EXT. ", "I/E ", "EST. ", "int. "]),
    place=st.lists(_word, min_size=1, max_size=3),
    times=st.lists(st.sampled_from(sorted(TIMES)), max_size=2),
)
def test_any_heading_keeps_its_place_and_loses_the_rest(prefix, place, times):
    heading = prefix + " - ".join([*place, *times])
    assert place_name(heading) == " - ".join(place)


@given(st.text(max_size=80))
def test_place_name_never_raises_and_is_canonical(heading):
    name = place_name(heading)
    assert name == canonical(name)


def test_scene_names_cues_without_extensions_and_introductions():
    names = scene_names(
        "MIRA (17), oilskin coat too big for her, runs along the quay.\n\n"
        "OLD TOM (70s) mends a net.\n\n"
        "MIRA (V.O.)\nThe lamp!\n\n"
        "KEEPER (CONT'D)\nWho's there?\n"
    )
    assert names.cues == ("MIRA", "KEEPER")
    assert names.introduced == ("MIRA", "OLD TOM")
    assert "runs along the quay" in names.action


def test_mentions_are_whole_words_in_any_case():
    assert mentions("Mira climbs the stair", ["MIRA"])
    assert not mentions("Miranda climbs the stair", ["MIRA"])
    assert mentions("the keeper's lamp", ["KEEPER"])


_sentence = st.sampled_from(
    ["Mira runs.", "The *lamp* is out.", "TOM (70) mends a net.", "Rain, then fog.", "A gull."]
)


@given(
    heading=st.sampled_from(["INT. ROOM - DAY", "EXT. SEA", ".THE DREAM", ""]),
    paragraphs=st.lists(st.lists(_sentence, min_size=1, max_size=3), max_size=4),
)
def test_the_quick_read_of_a_scene_without_cues_matches_the_parser(heading, paragraphs):
    from studio.workflows.cast.names import _parsed_names

    text = "\n\n".join([heading, *(" ".join(p) for p in paragraphs)]).strip("\n")
    quick, parsed = scene_names(text), _parsed_names(text)
    assert quick.cues == parsed.cues == ()
    assert quick.introduced == parsed.introduced
    assert quick.action.split() == parsed.action.split()
