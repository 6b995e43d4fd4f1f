"""The UI's calls end to end on a real engine's CPU pool; suggestions for a new shot."""

from __future__ import annotations

import pytest

from studio.engine import Engine
from studio.taste import signals
from studio.taste.session import TasteSession
from studio.taste.signals import TasteLog
from studio.taste.suggest import suggest_for_shot


@pytest.fixture
def engine():
    with Engine(cpu_workers=1) as engine:
        yield engine


def test_refresh_rank_pick_and_rank_again(project_doc, engine, monkeypatch, words):
    monkeypatch.setattr("studio.taste.session.text_model", lambda: words)
    monkeypatch.setattr("studio.taste.search.text_model", lambda: words)
    project = project_doc.project
    session = TasteSession(engine, project_doc.path, project.name)
    assert [r.asset for r in session.rank_takes(project, ["s3t1", "s3t0"])] == ["s3t1", "s3t0"]
    session.refresh(project).result(timeout=30)

    session.record(signals.pick(project, "s1t0")).result(timeout=30)
    ranked = session.rank_takes(project, ["s3t1", "s3t0"])
    assert [r.asset for r in ranked] == ["s3t0", "s3t1"]
    hits = session.search(project, "cold blue").result(timeout=30)
    assert {h.asset for h in hits[:3]} == {"s1t1", "s2t0", "s3t1"}

    # A new session on the same project learns the same thing back from the signals.
    again = TasteSession(engine, project_doc.path, project.name)
    again.refresh(project).result(timeout=30)
    assert [r.asset for r in again.rank_takes(project, ["s3t1", "s3t0"])] == ["s3t0", "s3t1"]


def test_paused_recording_learns_nothing(project_doc, engine, monkeypatch, words):
    monkeypatch.setattr("studio.taste.session.text_model", lambda: words)
    project = project_doc.project
    session = TasteSession(engine, project_doc.path, project.name)
    session.refresh(project).result(timeout=30)
    session.log.set_paused(True)
    assert session.record(signals.pick(project, "s1t0")) is None
    assert [r.score for r in session.rank_takes(project, ["s3t1", "s3t0"])] == [0.0, 0.0]


def test_suggestions_come_from_what_was_kept_in_similar_scenes(project_doc, words):
    project = project_doc.project
    log = TasteLog(project_doc.path)
    log.record(signals.pick(project, "s1t0"))  # a harbour, warm
    log.record(signals.style_preset_used(project, "golden hour", "s1"))
    log.record(signals.style_preset_used(project, "noir", "s3"))
    log.record(
        signals.prompt_edit_accepted(project, "a harbour at dawn", "a harbour at dawn, seagulls")
    )
    found = suggest_for_shot(
        "a harbour at dawn with fishing boats", log.project_signals(), words.embed, project
    )
    presets = [s for s in found if s.kind == "preset"]
    additions = [s.text for s in found if s.kind == "addition"]
    assert presets[0].text == "golden hour"
    assert presets[0].reason == "kept in a similar scene (scene 1)"
    # A rooftop chase is little like a harbour: its preset counts for much less.
    assert presets[-1].text == "noir" and presets[-1].score < presets[0].score / 4
    assert "warm amber tones" in additions and "seagulls" in additions
    assert "cold blue tones" not in additions
    assert suggest_for_shot("", log.project_signals(), words.embed, project) == []
