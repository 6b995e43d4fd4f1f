"""A project whose autosave/ or media/ is a link out of its folder never writes there (issue 17).

The attack: `Thief.storyreel/autosave` links to `Victim.storyreel`, so the thief's autosave
would overwrite the victim's project.json and its next save would delete it.
"""

from __future__ import annotations

import os

import pytest
from PIL import Image as PILImage

from studio.cli import main
from studio.engine import Engine
from studio.engine.jobs import JobState
from studio.errors import ProjectError
from studio.model.edits import AddMarker
from studio.model.files import (
    autosave_project,
    create_project,
    load_project,
    recovery_available,
    save_project,
)
from studio.plugins.api import Generator, Image, Kind, Request


def thief_and_victim(tmp_path, linked: str):
    victim = create_project(tmp_path / "Victim")
    victim.apply(AddMarker(5, "the victim's work"))
    save_project(victim)
    thief = create_project(tmp_path / "Thief")
    target = thief.path / linked
    target.rmdir()
    target.symlink_to(victim.path, target_is_directory=True)
    thief.apply(AddMarker(1, "an edit"))
    return thief, victim.path / "project.json"


def test_autosave_through_a_link_is_refused(tmp_path):
    thief, victim_file = thief_and_victim(tmp_path, "autosave")
    before = victim_file.read_bytes()
    with pytest.raises(ProjectError, match="outside the project folder"):
        autosave_project(thief)
    with pytest.raises(ProjectError, match="autosave is a link to .*Victim.storyreel"):
        save_project(thief)
    assert victim_file.read_bytes() == before
    assert load_project(victim_file.parent).project.markers[0].name == "the victim's work"


def test_another_projects_file_is_not_offered_as_recovery(tmp_path):
    thief, victim_file = thief_and_victim(tmp_path, "autosave")
    os.utime(victim_file)  # newer than the thief's own project.json
    assert not recovery_available(thief.path)


def test_the_command_line_refuses_in_one_line(tmp_path, capsys):
    thief, victim_file = thief_and_victim(tmp_path, "autosave")
    before = victim_file.read_bytes()
    script = tmp_path / "draft.fountain"
    script.write_text("INT. ROOM - DAY\n\nA lamp is lit.\n")
    capsys.readouterr()
    assert main(["script", "breakdown", str(thief.path), "--file", str(script)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "outside the project folder" in err[0]
    assert victim_file.read_bytes() == before


def test_a_project_whose_media_links_out_saves_nothing_and_lands_no_take(tmp_path):
    thief, victim_file = thief_and_victim(tmp_path, "media")
    outside = victim_file.parent
    before = sorted(p.name for p in outside.iterdir())
    with pytest.raises(ProjectError, match="media is a link"):
        save_project(thief)

    class Card(Generator):
        id = "test.card"
        name = "Card"
        output = Kind.IMAGE

        def generate(self, request, ctx):
            return Image(PILImage.new("RGB", (8, 8)))

    with Engine(devices=["cpu"]) as engine:
        job = engine.submit(Card, Request(), media_dir=thief.path / "media")
        assert job.wait(30)
    assert job.state is JobState.FAILED
    assert "outside the project folder" in job.error
    assert sorted(p.name for p in outside.iterdir()) == before


def test_links_inside_the_project_are_fine(tmp_path):
    doc = create_project(tmp_path / "Film")
    (doc.path / "autosave").rmdir()
    (doc.path / "spare").mkdir()
    (doc.path / "autosave").symlink_to(doc.path / "spare", target_is_directory=True)
    doc.apply(AddMarker(1, "kept"))
    assert autosave_project(doc) == doc.path / "autosave" / "project.json"
    save_project(doc)
    assert load_project(doc.path).project.markers[0].name == "kept"


def test_import_copies_nothing_through_a_media_link(tmp_path, capsys):
    thief, victim_file = thief_and_victim(tmp_path, "media")
    before = sorted(p.name for p in victim_file.parent.iterdir())
    card = tmp_path / "card.png"
    PILImage.new("RGB", (8, 8)).save(card)
    capsys.readouterr()
    assert main(["import", str(thief.path), str(card)]) == 1
    assert "outside the project folder" in capsys.readouterr().err
    assert sorted(p.name for p in victim_file.parent.iterdir()) == before


def test_generate_lands_no_take_through_a_media_link(tmp_path, capsys):
    thief, victim_file = thief_and_victim(tmp_path, "media")
    before = sorted(p.name for p in victim_file.parent.iterdir())
    out = tmp_path / "card.png"
    args = ["generate", "builtin.title-card", "--prompt", "ACT ONE", "--size", "64x36"]
    capsys.readouterr()
    assert main([*args, "--out", str(out), "--project", str(thief.path), "--at", "0"]) == 1
    assert "outside the project folder" in capsys.readouterr().err
    assert sorted(p.name for p in victim_file.parent.iterdir()) == before
