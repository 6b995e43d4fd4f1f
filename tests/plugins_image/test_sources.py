"""Model references are checked before torch loads: bad paths, pickles, repo ids, offline."""

from __future__ import annotations

import pytest

from plugins.diffusers_image.sources import ModelSourceError, resolve_source


def resolve(model: str, **kw):
    return resolve_source(model, allow_pickle=kw.get("pickle", False), allow_download=False)


@pytest.mark.parametrize("model", ["/no/such/model", "./missing-folder", "~/none.safetensors"])
def test_a_missing_path_says_not_found_in_one_line(model):
    with pytest.raises(ModelSourceError, match="model not found") as err:
        resolve(model)
    assert "\n" not in str(err.value)


def test_a_folder_without_model_index_is_not_a_pipeline(tmp_path):
    with pytest.raises(ModelSourceError, match="without model_index.json"):
        resolve(str(tmp_path))


def test_pickle_checkpoints_are_refused_unless_allowed(tiny_pickle_checkpoint):
    with pytest.raises(ModelSourceError, match="pickle checkpoint.*allow_pickle"):
        resolve(str(tiny_pickle_checkpoint))
    assert resolve(str(tiny_pickle_checkpoint), pickle=True).kind == "file"


def test_other_single_files_are_refused(tmp_path):
    weights = tmp_path / "model.gguf"
    weights.write_bytes(b"\0")
    with pytest.raises(ModelSourceError, match="must be .safetensors"):
        resolve(str(weights))


def test_a_repo_id_stays_local_unless_downloads_are_allowed_by_the_caller(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    assert resolve("owner/model").local_files_only
    allowed = resolve_source("owner/model", allow_pickle=False, allow_download=True)
    assert allowed.kind == "repo" and not allowed.local_files_only
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    offline = resolve_source("owner/model", allow_pickle=False, allow_download=True)
    assert offline.local_files_only


def test_text_that_is_no_model_reference_is_refused():
    with pytest.raises(ModelSourceError, match="neither a file, a folder nor"):
        resolve("just some words")
