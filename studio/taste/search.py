"""Semantic search over a project's assets: by the meaning of their prompts, and with a
CLIP model by their pictures; filtered by kind, scene and generator."""

from __future__ import annotations

from collections.abc import Sequence

from studio.model import Project
from studio.taste.embeddings import AssetEmbeddings, asset_text
from studio.taste.models import TextModel, text_model
from studio.taste.results import NO_FILTERS, Filters, Hit


def search(
    project: Project,
    embeddings: AssetEmbeddings,
    query: str,
    filters: Filters = NO_FILTERS,
    limit: int = 20,
    model: TextModel | None = None,
) -> list[Hit]:
    """Assets ranked by meaning, best first (see `rank_by_meaning`)."""
    ids = [a.id for a in filters.allowed(project)]
    return rank_by_meaning(ids, embeddings, query, model)[:limit]


def rank_by_meaning(
    asset_ids: Sequence[str],
    embeddings: AssetEmbeddings,
    query: str,
    model: TextModel | None = None,
) -> list[Hit]:
    """`asset_ids` by similarity to `query`, best first. With a CLIP space, an asset with a
    picture scores the mean of its prompt's and its picture's similarity to the query."""
    query = query.strip()
    if not query or not asset_ids:
        return []
    model = model or text_model()
    q_text = model.embed([query])[0]
    q_picture = None
    if embeddings.clip is not None and embeddings.image_space:
        q_picture = embeddings.clip.embed_texts([query])[0]
    pictures = embeddings.vectors.get(embeddings.image_space or "", {})
    hits = []
    for asset in asset_ids:
        scores = []
        vector = embeddings.text(asset)
        if vector is not None:
            scores.append(float(vector @ q_text))
        picture = pictures.get(asset)
        if picture is not None and q_picture is not None:
            scores.append(float(picture @ q_picture))
        if scores:
            hits.append(Hit(asset, sum(scores) / len(scores)))
    hits.sort(key=lambda h: -h.score)
    return hits


def substring_search(
    project: Project, query: str, filters: Filters = NO_FILTERS, limit: int = 20
) -> list[Hit]:
    """Assets whose prompt (or name) contains the query, in project order: the baseline."""
    needle = query.strip().lower()
    if not needle:
        return []
    hits = [Hit(a.id, 1.0) for a in filters.allowed(project) if needle in asset_text(a).lower()]
    return hits[:limit]
