"""Semantic search with the packaged text model, its filters, and `storyreel search`."""

from __future__ import annotations

import json

from studio.cli import main
from studio.model import MediaKind
from studio.model.files import save_project
from studio.taste.embeddings import embed_assets, sources
from studio.taste.models import text_model
from studio.taste.search import Filters, search, substring_search


def test_search_by_meaning_finds_what_substrings_miss(project_doc):
    project = project_doc.project
    embeddings = embed_assets(sources(project, project_doc.path), project_doc.path, text_model())
    hits = search(project, embeddings, "boats in a port early in the morning")
    assert hits[0].asset in {"s1t0", "s1t1"}
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert substring_search(project, "boats in a port early in the morning") == []


def test_filters_by_kind_scene_and_generator(project_doc, words):
    project = project_doc.project
    embeddings = embed_assets(sources(project, project_doc.path), project_doc.path, words)
    found = search(project, embeddings, "tones", Filters(scene="2"), model=words)
    assert {h.asset for h in found} == {"s2t0", "s2t1"}
    found = search(
        project, embeddings, "shanty", Filters(frozenset({MediaKind.AUDIO})), model=words
    )
    assert [h.asset for h in found] == ["music"]
    assert search(project, embeddings, "tones", Filters(generator="other.gen"), model=words) == []
    assert search(project, embeddings, "   ", model=words) == []


def test_storyreel_search_prints_json_best_first(project_doc, capsys):
    save_project(project_doc)
    assert main(["search", str(project_doc.path), "a sea song", "--json"]) == 0
    results = json.loads(capsys.readouterr().out)
    assert results[0]["asset"] == "music"
    assert all(set(r) == {"asset", "score"} for r in results)
    assert [r["score"] for r in results] == sorted((r["score"] for r in results), reverse=True)

    assert main(["search", str(project_doc.path), "street", "--scene", "2", "--limit", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "s2t" in lines[0]


def test_storyreel_search_says_what_is_wrong_on_one_line(project_doc, capsys):
    save_project(project_doc)
    assert main(["search", str(project_doc.path), "x", "--scene", "99"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("storyreel search: no scene '99'") and "\n" not in err
