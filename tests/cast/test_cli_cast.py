"""`storyreel cast list|show|add-ref|describe|continuity` on a broken-down sample project."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from studio.cli import main
from studio.model.files import load_project

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "resources/sample/sample.fountain"


@pytest.fixture
def film(tmp_path, capsys):
    project = tmp_path / "Film.storyreel"
    assert main(["new", str(tmp_path / "Film"), "--size", "320x180"]) == 0
    assert main(["script", "breakdown", str(project), "--file", str(SAMPLE)]) == 0
    capsys.readouterr()
    return project


def run(capsys, *args):
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_and_show_the_cast_and_places(film, capsys):
    code, out, _ = run(capsys, "cast", "list", film, "--json")
    assert code == 0
    rows = {r["name"]: r for r in json.loads(out)}
    assert set(rows) == {"MIRA", "HARBOUR", "LIGHTHOUSE - STAIRWELL", "LAMP ROOM", "SEA"}
    assert [s["number"] for s in rows["MIRA"]["scenes"]] == ["1", "2", "3"]
    assert [s["number"] for s in rows["MIRA"]["shots"]] == [1, 2, 3]
    code, out, _ = run(capsys, "cast", "list", film)
    assert "character MIRA" in " ".join(out.split())

    code, out, _ = run(capsys, "cast", "show", film, "mira", "--json")
    assert code == 0 and json.loads(out)["kind"] == "character"
    code, out, _ = run(capsys, "cast", "show", film, "sea")
    assert "SEA (place" in out and "scene 4: EXT. SEA - CONTINUOUS" in out


def test_add_a_reference_from_a_file_cropped_and_from_an_asset(film, capsys, tmp_path):
    photo = tmp_path / "mira.png"
    Image.new("RGB", (100, 80), (200, 40, 40)).save(photo)
    code, out, _ = run(capsys, "cast", "add-ref", film, "MIRA", photo, "--crop", "10,10,40,60")
    assert code == 0, out
    project = load_project(film).project
    mira = next(e for e in project.elements if e.name == "MIRA")
    (crop,) = mira.references
    asset = project.assets[crop]
    assert (asset.width, asset.height) == (40, 60)
    assert (film / asset.path).is_file()

    code, out, _ = run(capsys, "cast", "add-ref", film, "HARBOUR", crop, "--json")
    assert code == 0
    assert [r["asset"] for r in json.loads(out)["references"]] == [crop]
    code, out, _ = run(capsys, "cast", "add-ref", film, "MIRA", photo, "--main", "--json")
    refs = [r["asset"] for r in json.loads(out)["references"]]
    assert len(refs) == 2 and refs[1] == crop  # the new one is the main one


def test_describe_marks_the_takes_it_changes(film, capsys):
    from studio.model import Asset, MediaKind
    from studio.model.files import save_project
    from studio.workflows.storyboard.storyboard import place_take

    doc = load_project(film)
    shot = doc.project.shots[1]  # the stairwell: Mira climbs
    take = Asset("a-take", MediaKind.IMAGE, "take", "media/take.png", 64, 64)
    (film / "media").mkdir(exist_ok=True)
    Image.new("RGB", (64, 64)).save(film / "media/take.png")
    assert doc.apply(place_take(doc.project, shot.id, take))
    save_project(doc)
    code, out, _ = run(capsys, "cast", "describe", film, "MIRA", "a red raincoat")
    assert code == 0 and "1 shot(s) have takes out of date" in out
    code, out, _ = run(capsys, "cast", "show", film, "MIRA", "--json")
    assert json.loads(out)["outdated_shots"] == [2]
    assert json.loads(out)["description"] == "a red raincoat"


def test_mistakes_are_one_line_on_stderr(film, capsys, tmp_path):
    code, _, err = run(capsys, "cast", "show", film, "NOBODY")
    assert code == 1 and err.strip() == (
        "storyreel cast: no character, place or prop 'NOBODY' in this project"
    )
    photo = tmp_path / "p.png"
    Image.new("RGB", (20, 20)).save(photo)
    code, _, err = run(capsys, "cast", "add-ref", film, "MIRA", photo, "--crop", "10,10,40,40")
    assert code == 1 and "runs past the 20x20 picture" in err and "\n" not in err.strip()
    code, _, err = run(capsys, "cast", "add-ref", film, "MIRA", "nothing.png")
    assert code == 1 and "no picture nothing.png" in err
    code, _, err = run(capsys, "cast", "add-ref", film, "MIRA", photo, "--crop", "a,b")
    assert code == 1 and "LEFT,TOP,WIDTH,HEIGHT" in err
    code, _, err = run(capsys, "cast", "continuity", film)
    assert code == 1 and "needs a CLIP model" in err


def test_an_old_project_gets_its_graph_from_its_script(film, capsys):
    """A project saved before the story graph: the commands build it from the script."""
    data = json.loads((film / "project.json").read_text())
    data.pop("elements")
    (film / "project.json").write_text(json.dumps(data))
    done = subprocess.run(
        [sys.executable, "-m", "studio.cli", "cast", "list", str(film), "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "MIRA" in {r["name"] for r in json.loads(done.stdout)}
