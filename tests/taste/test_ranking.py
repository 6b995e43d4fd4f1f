"""Ranking: the preference model learns from picks, takes reorder, reasons name the scene."""

from __future__ import annotations

import numpy as np

from studio.taste import signals
from studio.taste.embeddings import embed_assets, sources
from studio.taste.preference import PreferenceModel
from studio.taste.ranking import Ranker
from studio.taste.signals import Signal, SignalKind


def ranker_for(doc, words) -> Ranker:
    embeddings = embed_assets(sources(doc.project, doc.path), doc.path, words)
    return Ranker(embeddings, words.embed, project=doc.project.name)


def test_the_model_separates_what_it_was_shown():
    rng = np.random.default_rng(0)
    taste = rng.normal(size=8)
    model = PreferenceModel()
    for _ in range(40):
        a, b = rng.normal(size=8), rng.normal(size=8)
        winner, loser = (a, b) if taste @ a > taste @ b else (b, a)
        model.add_pair({"s": winner}, {"s": loser})
    model.fit()
    tests = rng.normal(size=(200, 2, 8))
    agree = np.mean(
        [
            (model.score({"s": a}) > model.score({"s": b})) == (taste @ a > taste @ b)
            for a, b in tests
        ]
    )
    assert agree > 0.8


def test_ranking_updates_after_a_pick(project_doc, words):
    project = project_doc.project
    ranker = ranker_for(project_doc, words)
    before = ranker.rank(["s3t1", "s3t0"], project)
    assert [r.asset for r in before] == ["s3t1", "s3t0"]  # nothing learned: order kept
    assert all(r.score == 0 and r.reason == "" for r in before)

    assert ranker.learn(signals.pick(project, "s1t0"))  # warm over cold in scene 1
    after = ranker.rank(["s3t1", "s3t0"], project)
    assert [r.asset for r in after] == ["s3t0", "s3t1"]
    assert after[0].score > after[1].score


def test_the_reason_names_the_scene_of_the_similar_kept_take(project_doc, words):
    project = project_doc.project
    ranker = ranker_for(project_doc, words)
    ranker.learn(signals.pick(project, "s2t1"))
    project.assets["new"] = project.assets["s2t1"]  # the same prompt again, a new take
    ranker.embeddings.vectors[words.space]["new"] = ranker.embeddings.text("s2t1")
    [top] = ranker.rank(["new"], project)
    assert top.reason == "similar to takes you kept in scene 2"


def test_discards_and_regenerates_teach_the_other_way(project_doc, words):
    project = project_doc.project
    ranker = ranker_for(project_doc, words)
    ranker.learn_all([signals.discard(project, "s1t1"), signals.regenerate(project, "s2")])
    ranked = ranker.rank(["s3t1", "s3t0"], project)
    assert [r.asset for r in ranked] == ["s3t0", "s3t1"]
    assert not ranker.learn(signals.style_preset_used(project, "noir", "s1"))


def test_signals_from_another_project_are_learned_from_their_prompts(project_doc, words):
    ranker = ranker_for(project_doc, words)
    foreign = Signal(
        SignalKind.PICK,
        asset="elsewhere",
        prompt="a canyon, warm amber tones",
        others=("x",),
        other_prompts=("a canyon, cold blue tones",),
        project="Other film",
    )
    assert ranker.learn(foreign)
    [top, _] = ranker.rank(["s3t1", "s3t0"], project_doc.project)
    assert top.asset == "s3t0"


def test_more_like_this_puts_the_same_style_first(project_doc, words):
    ranker = ranker_for(project_doc, words)
    hits = ranker.more_like_this("s1t0", candidates=["s2t0", "s2t1", "s1t0"])
    assert [h.asset for h in hits] == ["s2t1", "s2t0"]
