"""Text drawn into pictures stays inside the frame, however long (viewer and render alike)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.media.cards import CARD_GREY, placeholder_picture, title_picture, wrap

LONG = (
    "Mira climbs the iron spiral two steps at a time while the storm throws rain against "
    "the glass and the great lens above her turns, dark, for the first time in forty years"
)


def test_a_long_placeholder_is_wrapped_inside_its_card():
    card = placeholder_picture("2 INT. LIGHTHOUSE - STAIRWELL - CONTINUOUS", LONG, (320, 180))
    assert card.shape == (180, 320, 4) and (card[..., 3] == 255).all()  # opaque
    inner = card[1:-1, 1:-1, :3]
    edges = np.concatenate([inner[:, :6], inner[:, -6:]], axis=1)  # the side margins
    assert (edges == CARD_GREY).all()  # no letter runs off the sides
    assert (inner[:, :, 0] > 200).sum() > 200  # and the text is there


def test_a_long_title_is_wrapped_inside_the_frame():
    title = title_picture(LONG, (320, 180))
    assert (title[:, :3, 3] == 0).all() and (title[:, -3:, 3] == 0).all()
    assert (title[..., 3] > 0).sum() > 200


@settings(max_examples=50, deadline=None)
@given(text=st.text(st.characters(codec="ascii", exclude_categories=("Cc",)), max_size=300))
def test_wrapped_lines_fit_the_width_and_keep_every_word(text):
    from PIL import ImageFont

    font = ImageFont.load_default(size=14)
    lines = wrap(text, font, 120)
    assert all(font.getlength(line) <= 120 for line in lines if " " in line)
    assert "".join("".join(lines).split()) == "".join(text.split())
