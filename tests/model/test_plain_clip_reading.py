"""Loading reads most clips by a short path (only the common fields, fewer look-ups); for
any clip data it gives the clip the full check gives, or leaves the clip to it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.model.serialize import FormatError, _clip, _plain_clip

FRAMES = 10_000
values = st.one_of(
    st.none(), st.booleans(), st.integers(-5, FRAMES + 5), st.floats(allow_nan=True),
    st.text(max_size=3), st.just(""), st.lists(st.integers(), max_size=1),
)  # fmt: skip
keys = st.sampled_from(
    ["id", "asset", "start", "duration", "source_in", "name", "fade_in", "gain_db", "shot", "x"]
)


@given(st.dictionaries(keys, values, max_size=8))
def test_the_short_path_agrees_with_the_full_check(data):
    plain = _plain_clip(data, FRAMES)
    if plain is None:
        return  # left to the full check
    assert plain == _clip(data, FRAMES)


@given(
    st.text(min_size=1, max_size=4),
    st.integers(0, FRAMES - 1),
    st.integers(1, 100),
    st.integers(0, 50),
    st.text(max_size=5),
)
def test_a_well_formed_plain_clip_takes_the_short_path(clip_id, start, duration, source_in, name):
    data = {"id": clip_id, "asset": "a1", "start": start, "duration": duration,
            "source_in": source_in, "name": name}  # fmt: skip
    if start + duration > FRAMES:
        with pytest.raises(FormatError):
            _clip(data, FRAMES)
        assert _plain_clip(data, FRAMES) is None
    else:
        assert _plain_clip(data, FRAMES) == _clip(data, FRAMES)


def test_a_clip_with_any_other_field_takes_the_full_path():
    data = {"id": "c1", "asset": None, "start": 0, "duration": 5, "fade_in": 2}
    assert _plain_clip(data, FRAMES) is None
    assert _clip(data, FRAMES).fade_in == 2
