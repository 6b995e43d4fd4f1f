"""Style presets are data with user overrides; aspect presets give model-friendly sizes."""

from __future__ import annotations

import json
from fractions import Fraction

import pytest

from studio.model.aspect import ASPECTS, nearest_aspect
from studio.workflows import styles


def test_the_shipped_presets_load_and_wrap_a_prompt():
    loaded = styles.load_styles()
    assert {"pencil-storyboard", "cinematic-still", "anime-keyframe"} <= set(loaded)
    assert len(loaded) >= 7 and next(iter(loaded)) == "none"
    prompt, negative = loaded["cinematic-still"].apply(" a lighthouse ", "Text, blurry")
    assert prompt.startswith("cinematic film still of a lighthouse,")
    assert negative.startswith("Text, blurry, cartoon") and negative.lower().count("text") == 1


def test_user_presets_override_by_id_and_broken_ones_are_skipped(tmp_path, caplog):
    shipped, user = tmp_path / "shipped", tmp_path / "user"
    shipped.mkdir(), user.mkdir()

    def write(path, **data):
        path.write_text(json.dumps(data), encoding="utf-8")

    write(shipped / "ink.json", id="ink", name="Ink", prompt="{prompt}")
    write(user / "mine.json", id="ink", name="My ink", prompt="ink {prompt}")
    write(user / "slotless.json", name="No slot", prompt="a cat")
    (user / "broken.json").write_text("{not json")
    loaded = styles.load_styles([shipped, user])
    assert loaded["ink"].name == "My ink" and set(loaded) == {"none", "ink"}
    assert "broken.json" in caplog.text and "no {prompt} slot" in caplog.text


def test_a_user_preset_is_saved_where_it_is_loaded_from(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path))
    styles.save_user_style(styles.Style("dusk", "Dusk", "{prompt} at dusk", "noon"))
    assert styles.load_styles()["dusk"].apply("a pier") == ("a pier at dusk", "noon")


@pytest.mark.parametrize("aspect", ASPECTS.values(), ids=list(ASPECTS))
def test_aspect_sizes_are_multiples_near_the_ratio_and_area(aspect):
    width, height = aspect.size(512 * 512, 64)
    assert width % 64 == 0 and height % 64 == 0
    assert abs(Fraction(width, height) / aspect.ratio - 1) < 0.12
    assert 0.8 < width * height / (512 * 512) < 1.2


def test_the_nearest_aspect_of_common_frame_sizes():
    assert nearest_aspect(1920, 1080).id == "16:9"
    assert nearest_aspect(1080, 1920).id == "9:16"
    assert nearest_aspect(1998, 1080).id == "1.85:1"
    assert nearest_aspect(1440, 1080).id == "4:3"
