"""The per-generation `allow_download` parameter is gone; what was saved with it still loads."""

from __future__ import annotations

import pytest

from studio.engine.discovery import discover

WITH_MODELS = [
    "diffusers.image",
    "diffusers.video",
    "music.musicgen",
    "audio.stable-audio",
    "speech.tts",
]


@pytest.fixture(scope="module")
def registry():
    return discover(user_dirs=[], entry_points=False)


@pytest.mark.parametrize("generator_id", WITH_MODELS)
def test_old_settings_with_allow_download_still_load_without_it(registry, generator_id):
    params_model = registry.get(generator_id).Params
    assert "allow_download" not in params_model.model_fields
    old = params_model.model_validate({"model": "org/model", "allow_download": True})
    assert old.model == "org/model" and "allow_download" not in old.model_dump()
    with pytest.raises(ValueError):  # other unknown names are still refused
        params_model.model_validate({"model": "org/model", "allow_downlaod": True})


@pytest.mark.parametrize("generator_id", [*WITH_MODELS, "text.llm"])
def test_each_model_field_names_the_generator_whose_models_it_lists(registry, generator_id):
    field = registry.get(generator_id).Params.model_fields["model"]
    assert field.json_schema_extra == {"models_for": generator_id}
