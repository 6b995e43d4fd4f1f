"""`storyreel script scenes|breakdown`, run as users run it: a subprocess with real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from studio.model import Asset, MediaKind, TrackKind
from studio.model.edits import AddAsset, UpdateItem
from studio.model.files import load_project, save_project
from studio.workflows.reel.reel import layout_problems, picture_track

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "resources/sample/sample.fountain"
TRICKY = REPO / "resources/sample/tricky.fountain"


def storyreel(*args):
    return subprocess.run(
        [sys.executable, "-m", "studio.cli", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )


def test_scenes_json_lists_every_scene_with_its_line_and_length():
    done = storyreel("script", "scenes", TRICKY, "--json")
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert [r["heading"] for r in rows[:5]] == [
        "INT. HOUSE - DAY",
        "SNIPER SCOPE POV",
        "INT./EXT. CAR - MOVING",
        "I/E HOUSE - DAY",
        "EST. CITY SKYLINE - DUSK",
    ]
    assert rows[0]["number"] == "1A"  # the script's own scene number
    lines = TRICKY.read_text().split("\n")
    for row in rows:
        assert row["heading"] in lines[row["line"] - 1]  # lines count from 1
        assert row["estimated_seconds"] > 0
    assert set(rows[0]) == {"number", "heading", "line", "estimated_seconds"}


def test_scenes_as_text_and_refusing_a_binary_file(tmp_path):
    done = storyreel("script", "scenes", SAMPLE)
    assert done.returncode == 0, done.stderr
    first = done.stdout.splitlines()[0].split()
    assert first == ["1", "line", "8", "0:07", "EXT.", "HARBOUR", "-", "DAWN"]
    binary = tmp_path / "photo.fountain"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    refused = storyreel("script", "scenes", binary)
    assert refused.returncode == 1
    assert "not a text file" in refused.stderr


def test_breakdown_places_shots_and_a_rerun_keeps_generated_takes(tmp_path):
    assert storyreel("new", tmp_path / "Film").returncode == 0
    folder = tmp_path / "Film.storyreel"
    done = storyreel("script", "breakdown", folder, "--file", SAMPLE)
    assert done.returncode == 0, done.stderr
    doc = load_project(folder)
    project = doc.project
    assert [s.heading for s in project.scenes][0] == "EXT. HARBOUR - DAWN"
    assert len(project.shots) == len(project.scenes) == 4
    board = picture_track(project)  # a track of its own, under the new project's V1 and V2
    assert board.kind is TrackKind.VIDEO and board.name == "Storyboard"
    assert [t.name for t in project.tracks if t.kind is TrackKind.VIDEO][-1] == "Storyboard"
    assert [c.shot_id for c in board.clips] == [s.id for s in project.shots]
    assert layout_problems(project) == []
    assert project.script.text == SAMPLE.read_text()

    # A take generated for the first shot, then the script changes and is broken down again.
    shot = project.shots[0]
    take = Asset("a-take", MediaKind.IMAGE, "take", "media/take.png")
    assert doc.apply(AddAsset(take)).ok
    assert doc.apply(UpdateItem("shots", shot.id, {"takes": ["a-take"], "picked": "a-take"})).ok
    save_project(doc)
    edited = tmp_path / "edited.fountain"
    edited.write_text(SAMPLE.read_text().replace("EXT. SEA - CONTINUOUS", "EXT. OPEN SEA - NIGHT"))
    again = storyreel("script", "breakdown", folder, "--file", edited)
    assert again.returncode == 0, again.stderr
    project = load_project(folder).project
    kept = next(s for s in project.shots if s.id == shot.id)
    assert kept.takes == ["a-take"] and kept.picked == "a-take"
    assert project.scenes[-1].heading == "EXT. OPEN SEA - NIGHT"


def test_breakdown_of_a_project_without_scenes_says_so(tmp_path):
    assert storyreel("new", tmp_path / "Empty").returncode == 0
    refused = storyreel("script", "breakdown", tmp_path / "Empty.storyreel")
    assert refused.returncode == 1
    assert "no scenes to break down" in refused.stderr
