"""Signals: recorded with their context, paused, cleared, and kept in the user's profile."""

from __future__ import annotations

from studio.paths import user_data_dir
from studio.settings import SettingsFile
from studio.taste import signals
from studio.taste.signals import Signal, SignalKind, TasteLog


def test_a_pick_is_recorded_with_its_shot_scene_and_the_takes_it_beat(project_doc, log):
    project = project_doc.project
    assert log.record(signals.pick(project, "s2t1"))
    [kept] = log.project_signals()
    assert kept.kind is SignalKind.PICK
    assert (kept.asset, kept.shot, kept.scene) == ("s2t1", "s2", "sc2")
    assert kept.prompt == "a market street, warm amber tones"
    assert kept.others == ("s2t0",)
    assert kept.other_prompts == ("a market street, cold blue tones",)
    assert kept.generator == "test.gen" and kept.project == "Film"
    assert (project_doc.path / "taste.jsonl").exists()
    assert "taste" not in (project_doc.path / "project.json").read_text()


def test_every_kind_of_signal_round_trips(project_doc, log):
    project = project_doc.project
    made = [
        signals.pick(project, "s1t0"),
        signals.discard(project, "s1t1"),
        signals.favourite(project, "s3t0"),
        signals.regenerate(project, "s2"),
        signals.style_preset_used(project, "noir", "s3"),
        signals.prompt_edit_accepted(project, "a street", "a street, rain", "s2"),
    ]
    for signal in made:
        log.record(signal)
    assert log.project_signals() == made
    assert [s.kind for s in made] == list(SignalKind)
    assert made[3].others == ("s2t0", "s2t1")  # regenerate: the takes not kept
    assert made[4].preset == "noir" and made[4].prompt == "a rooftop chase"


def test_the_profile_persists_across_projects_and_sessions(project_doc, log, tmp_path):
    log.record(signals.pick(project_doc.project, "s1t0"))
    other = TasteLog(tmp_path / "Other.storyreel")
    other.record(signals.favourite(project_doc.project, "s3t0"))
    reopened = TasteLog(project_doc.path)
    assert [s.asset for s in reopened.profile_signals()] == ["s1t0", "s3t0"]
    assert [s.asset for s in reopened.project_signals()] == ["s1t0"]
    assert (user_data_dir() / "taste" / "profile.jsonl").exists()


def test_pause_records_nothing_and_is_remembered(project_doc, log):
    log.set_paused(True)
    assert not log.record(signals.pick(project_doc.project, "s1t0"))
    assert log.project_signals() == [] and log.profile_signals() == []
    assert SettingsFile().read().taste.paused
    assert TasteLog(project_doc.path).paused
    log.set_paused(False)
    assert log.record(signals.pick(project_doc.project, "s1t0"))


def test_clear_project_and_clear_profile_are_separate(project_doc, log):
    log.record(signals.pick(project_doc.project, "s1t0"))
    log.clear_project()
    assert log.project_signals() == [] and len(log.profile_signals()) == 1
    log.record(signals.pick(project_doc.project, "s2t1"))
    log.clear_profile()
    assert log.profile_signals() == [] and len(log.project_signals()) == 1


def test_a_damaged_line_is_skipped_not_fatal(project_doc, log):
    log.record(signals.pick(project_doc.project, "s1t0"))
    with open(log.project_file, "a", encoding="utf-8") as f:
        f.write('{"kind": "pick", "asset": "s1\n{"kind": "shrug"}\nnot json\n')
    log.record(signals.pick(project_doc.project, "s2t1"))
    assert [s.asset for s in log.project_signals()] == ["s1t0", "s2t1"]


def test_listeners_hear_each_kept_signal(project_doc, log):
    heard: list[Signal] = []
    log.subscribe(heard.append)
    log.record(signals.discard(project_doc.project, "s1t1"))
    assert [s.asset for s in heard] == ["s1t1"]
