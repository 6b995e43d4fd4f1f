"""Embeddings: the packaged text model offline, the cache, invalidation, CLIP when configured."""

from __future__ import annotations

import os

import numpy as np
import pytest

from studio.taste.embeddings import CACHE_SUBDIR, EmbeddingCache, embed_assets, sources
from studio.taste.models import ClipModel, text_model


def test_the_packaged_text_model_loads_offline_and_embeds_by_meaning():
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    rows = text_model().embed(
        ["a foggy harbour at dawn", "boats in the mist at sunrise", "a birthday cake"]
    )
    assert rows.shape == (3, 384)
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0, atol=1e-5)
    assert rows[0] @ rows[1] > rows[0] @ rows[2] + 0.2


def test_embeddings_are_cached_in_the_project_cache(project_doc, words):
    project, folder = project_doc.project, project_doc.path
    first = embed_assets(sources(project, folder), folder, words)
    assert len(words.embedded) == len(project.assets)
    assert list((folder / CACHE_SUBDIR).glob("*.npz"))
    words.embedded.clear()
    again = embed_assets(sources(project, folder), folder, words)
    assert words.embedded == []  # every row came from the cache file
    for asset in project.assets:
        assert np.array_equal(first.text(asset), again.text(asset))


def test_changing_a_prompt_recomputes_that_asset_only_and_drops_its_old_row(project_doc, words):
    project, folder = project_doc.project, project_doc.path
    embed_assets(sources(project, folder), folder, words)
    before = EmbeddingCache(folder / CACHE_SUBDIR, words.space)
    old_key_count = len(before._loaded())
    words.embedded.clear()
    project.assets["s1t0"].provenance["prompt"] = "a harbour at dusk, neon lights"
    changed = embed_assets(sources(project, folder), folder, words)
    assert words.embedded == ["a harbour at dusk, neon lights"]
    assert np.array_equal(changed.text("s1t0"), words.embed(["a harbour at dusk, neon lights"])[0])
    after = EmbeddingCache(folder / CACHE_SUBDIR, words.space)._loaded()
    assert len(after) == old_key_count  # the stale row went, the new one came


def test_text_only_without_a_clip_model(project_doc, words):
    result = embed_assets(sources(project_doc.project, project_doc.path), project_doc.path, words)
    assert result.image_space is None and result.clip is None
    assert set(result.vectors) == {words.space}
    assert result.of("music").keys() == {words.space}


def test_a_damaged_cache_file_is_a_cold_cache(project_doc, words):
    folder = project_doc.path
    (folder / CACHE_SUBDIR).mkdir(parents=True)
    (folder / CACHE_SUBDIR / "text_words.npz").write_bytes(b"not a zip")
    result = embed_assets(sources(project_doc.project, folder), folder, words)
    assert len(words.embedded) == len(project_doc.project.assets)
    assert result.text("s1t0") is not None


@pytest.mark.slow
def test_pictures_with_clip_are_cached_and_redone_when_the_file_changes(
    project_doc, words, tiny_clip
):
    from PIL import Image

    project, folder = project_doc.project, project_doc.path
    clip = ClipModel(tiny_clip)
    first = embed_assets(sources(project, folder), folder, words, clip)
    pictures = first.vectors[clip.space]
    assert set(pictures) == {a for a in project.assets if a != "music"}  # audio has none
    assert np.allclose(np.linalg.norm(pictures["s1t0"]), 1.0, atol=1e-5)

    calls = []
    original = clip.embed_images
    clip.embed_images = lambda images: calls.append(len(images)) or original(images)
    embed_assets(sources(project, folder), folder, words, clip)
    assert calls == []  # cached by the files' content
    Image.new("RGB", (16, 16), (0, 255, 0)).save(folder / "media" / "s1t0.png")
    changed = embed_assets(sources(project, folder), folder, words, clip)
    assert calls == [1]
    assert not np.allclose(changed.vectors[clip.space]["s1t0"], pictures["s1t0"])
    query = clip.embed_texts(["a green frame"])
    assert query.shape == (1, pictures["s1t0"].shape[0])
