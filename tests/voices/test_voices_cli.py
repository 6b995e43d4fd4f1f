"""`storyreel reel voices` as users run it, the tiny VITS as every voice: refusals in a
subprocess, the voicing itself in this process (the same `main`, without a torch import)."""

from __future__ import annotations

from pathlib import Path

import pytest

from studio.model.edits import TrimClip
from studio.model.files import load_project, save_project
from studio.screenplay.fountain import parse
from studio.workflows.reel import reel
from studio.workflows.script.breakdown import breakdown_edit
from studio.workflows.voices import voices
from studio.workflows.voices.character_voices import set_voice_edit
from studio.workflows.voices.dialogue import LineState, plan_lines
from tests.reliability.cli_run import checked

from .helpers import SCRIPT


def storyreel(*args, ok=True):
    return checked(*args, ok=ok, workers=None)


@pytest.fixture
def film(tmp_path):
    storyreel("new", tmp_path / "Film", "--size", "160x96", "--fps", "24")
    folder = tmp_path / "Film.storyreel"
    (tmp_path / "film.fountain").write_text(SCRIPT, encoding="utf-8")
    return folder


def test_refusals_come_in_one_line_before_anything_runs(film):
    refused = storyreel("reel", "voices", film, ok=False)
    assert "no scenes: break the script down" in refused.stderr
    storyreel("script", "breakdown", film, "--file", film.parent / "film.fountain")
    refused = storyreel("reel", "voices", film, "--scene", "9", ok=False)
    assert "no scene 9 (the scenes are 1, 2)" in refused.stderr


def break_down(folder: Path, script: str) -> None:
    """What `storyreel script breakdown` does, in this process (one subprocess less)."""
    doc = load_project(folder)
    assert doc.apply(breakdown_edit(doc.project, parse(script), None, script_text=script))
    save_project(doc)


def in_process(capsys, *args):
    """`storyreel ARGS` in this process, where torch is loaded already (20 s less a run)."""
    from studio.cli import main

    assert main([str(a) for a in args]) == 0
    return capsys.readouterr()


@pytest.mark.slow
def test_voice_the_script_then_only_what_changed_then_fit_the_shots(film, tiny_vits, capsys):
    break_down(film, SCRIPT)
    doc = load_project(film)
    for n, name in enumerate(["MIRA", "JONAH"]):
        params = {"model": str(tiny_vits), "speaker": n + 1}
        assert doc.apply(set_voice_edit(doc.project, name, "speech.tts", params))
    save_project(doc)

    done = in_process(capsys, "reel", "voices", film, "--seed", "3")
    assert done.out.count("media/") == 6
    assert "[6/6] JONAH: Told you.: " in done.out
    project = load_project(film).project
    assert reel.layout_problems(project) == []
    assert len(voices.dialogue_clips(project)) == 6
    for line in project.lines:  # each take says its line in its character's voice
        provenance = project.assets[line.picked].provenance
        assert provenance["prompt"] == line.text
        assert provenance["params"]["speaker"] == {"MIRA": 1, "JONAH": 2}[line.character]
    break_down(film, SCRIPT.replace("Not yet.", "Not yet, love."))
    doc = load_project(film)
    first = reel.span_clip(doc.project, doc.project.shots[0].id)
    assert doc.apply(TrimClip(first.id, "end", first.start + 12))  # half a second: too short
    save_project(doc)
    project = doc.project
    states = [p.state for p in plan_lines(project)]
    assert states.count(LineState.CHANGED) == 1 and states.count(LineState.CURRENT) == 5

    done = in_process(capsys, "reel", "voices", film, "--seed", "4", "--fit-shots")
    assert done.out.count("media/") == 1 and "Not yet, love." in done.out
    assert "grown to their dialogue" in done.err
    project = load_project(film).project
    assert reel.layout_problems(project) == []
    assert all(p.state is LineState.CURRENT for p in plan_lines(project))
    grown = [reel.span(project, s.id) for s in project.shots]
    assert grown[0][1] - grown[0][0] > 12
    starts = sorted(c.start for c in voices.dialogue_clips(project))
    assert starts[0] == grown[0][0]
