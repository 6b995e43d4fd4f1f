"""A kill at any moment of creating a project leaves the old state or the new, never a half
(issue 24): the sample project a first start builds, `storyreel new` and `new --from`.

Each build runs in a child process that is SIGKILLed after a delay; the delays are spread
over the build's measured length, so the kills land all through it.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import time
from pathlib import Path

import pytest

from studio.cli import main
from studio.model.files import create_project, load_project, save_project
from studio.sample_project import SAMPLE_NAME, ensure_sample_project
from studio.sample_record import RECORD, SAMPLE_VERSION

RUNS = 20
# Children are forked from a clean server process (not from pytest, whose threads a fork
# would copy mid-lock), with the code they run already imported.
SERVER = multiprocessing.get_context("forkserver")
PRELOAD = ["studio.cli", "studio.sample_project", "studio.media.otio_io"]


def run_child(target, *args, kill_after: float | None = None) -> tuple[bool, float]:
    """Run `target(*args)` in a child; SIGKILL it after `kill_after` seconds if still running.
    Returns (killed, seconds it ran)."""
    SERVER.set_forkserver_preload(PRELOAD)  # used when this starts the server, else ignored
    child = SERVER.Process(target=target, args=args)
    started = time.monotonic()
    child.start()
    child.join(kill_after if kill_after is not None else 120)
    killed = child.is_alive()
    if killed:
        os.kill(child.pid, signal.SIGKILL)
        child.join()
    elif kill_after is None:
        assert child.exitcode == 0
    return killed, time.monotonic() - started


def spread(length: float, seed: int) -> list[float]:
    """RUNS different delays covering [0, length), in a shuffled order."""
    delays = [
        length * (index + random.Random(seed + index).random()) / RUNS for index in range(RUNS)
    ]
    random.Random(seed).shuffle(delays)
    return delays


def fingerprint(folder: Path) -> tuple[str, dict[str, str]]:
    """A project as its files say it, ids aside (every build draws new ones): the project
    file with each id replaced by its order of appearance, and every other file's digest."""
    text = (folder / "project.json").read_text(encoding="utf-8")
    ids: dict[str, str] = {}
    text = re.sub(r'"[a-z][0-9a-f]{12}"', lambda m: ids.setdefault(m[0], f'"#{len(ids)}"'), text)
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative not in ("project.json", RECORD):
            files[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return text, files


def same_sample(folder: Path, reference: Path) -> bool:
    doc = load_project(folder)
    assert not [a for a in doc.project.assets.values() if a.offline]
    record, expected = (json.loads((f / RECORD).read_text()) for f in (folder, reference))
    assert (record["sample_version"], record["files"]) == (
        expected["sample_version"],
        expected["files"],
    )
    return fingerprint(folder) == fingerprint(reference)


def test_a_killed_first_start_is_indistinguishable_on_the_next(tmp_path):
    run_child(ensure_sample_project, tmp_path / "first")  # starts the server
    reference = tmp_path / "first" / SAMPLE_NAME
    _, length = run_child(ensure_sample_project, tmp_path / "timed")
    assert same_sample(tmp_path / "timed" / SAMPLE_NAME, reference)
    home = tmp_path / "home"
    sample = home / SAMPLE_NAME
    killed = 0
    delays = spread(length, seed=24)
    for run, delay in enumerate(delays):
        landed, took = run_child(ensure_sample_project, home, kill_after=delay)
        killed += landed
        if sample.exists():  # the kill came too late, or the build is whole
            assert same_sample(sample, reference)
            shutil.rmtree(sample)  # so that the next run builds again
        if not landed and took < length:
            length = took  # builds run faster than the timed one: aim the next kills there
        if run + 1 == len(delays) and killed < RUNS // 2 and len(delays) < 3 * RUNS:
            delays += spread(length, seed=run)  # the load changed: more kills, inside it
    assert killed >= RUNS // 2, f"only {killed} kills landed inside a {length:.2f} s build"
    assert ensure_sample_project(home) == sample  # the next start
    assert same_sample(sample, reference)
    assert os.listdir(home) == [SAMPLE_NAME]  # no half-built folder left, nothing set aside


def test_a_killed_new_leaves_no_project_or_a_whole_one(tmp_path):
    run_child(main, ["new", str(tmp_path / "First")])  # starts the server
    # A `new` takes milliseconds, where the machine's load shows: the median of three.
    timings = [
        run_child(main, ["new", str(tmp_path / f"Timed{n}"), "--fps", "25"])[1] for n in range(3)
    ]
    length = sorted(timings)[1]
    expected = load_project(tmp_path / "Timed0.storyreel").project
    killed = 0
    for number, delay in enumerate(spread(length, seed=17)):
        path = tmp_path / f"Film{number}"
        killed += run_child(main, ["new", str(path), "--fps", "25"], kill_after=delay)[0]
        folder = tmp_path / f"Film{number}.storyreel"
        if folder.exists():
            project = load_project(folder).project
            assert (project.settings.fps, len(project.tracks)) == (25, len(expected.tracks))
        else:  # nothing half-made is in the way of trying again
            assert main(["new", str(path), "--fps", "25"]) == 0
            assert load_project(folder).project.settings.fps == 25
    assert killed >= RUNS // 4, f"only {killed} kills landed inside a {length:.3f} s `new`"
    made = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("Film"))
    assert made == sorted(f"Film{n}.storyreel" for n in range(RUNS))
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_a_killed_new_from_otio_leaves_no_project_or_a_whole_one(tmp_path):
    source = create_project(tmp_path / "Source")
    from studio.model.edits import AddMarker

    for frame in range(0, 2000, 10):
        source.apply(AddMarker(frame, f"m{frame}"))
    save_project(source)
    cut = tmp_path / "cut.otio"
    assert main(["export", str(source.path), "--out", str(cut)]) == 0
    _, length = run_child(main, ["new", str(tmp_path / "Timed"), "--from", str(cut)])
    for number, delay in enumerate(spread(length, seed=5)[:10]):
        run_child(
            main, ["new", str(tmp_path / f"Cut{number}"), "--from", str(cut)], kill_after=delay
        )
        folder = tmp_path / f"Cut{number}.storyreel"
        if folder.exists():
            assert len(load_project(folder).project.markers) == 200


def test_a_killed_breakdown_leaves_the_old_project_or_the_new(tmp_path):
    doc = create_project(tmp_path / "Film")
    script = tmp_path / "draft.fountain"
    scenes = [f"INT. ROOM {n} - DAY\n\nA lamp is lit.\n\nThe door opens.\n" for n in range(200)]
    script.write_text("\n".join(scenes))
    args = ["script", "breakdown", str(doc.path), "--file", str(script)]
    pristine = (doc.path / "project.json").read_bytes()
    _, length = run_child(main, args)
    shots = len(load_project(doc.path).project.shots)
    assert shots >= 200
    for delay in spread(length, seed=9):
        (doc.path / "project.json").write_bytes(pristine)
        run_child(main, args, kill_after=delay)
        assert len(load_project(doc.path).project.shots) in (0, shots)


# -- what the next start does with the sample it finds ---------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return ensure_sample_project(tmp_path_factory.mktemp("built"))


@pytest.fixture
def sample(built, tmp_path) -> Path:
    """A sample as this version builds it, in `tmp_path` (copied: a build takes a second)."""
    return Path(shutil.copytree(built, tmp_path / SAMPLE_NAME, symlinks=True))


def test_an_up_to_date_sample_is_kept_as_it_is(tmp_path, sample):
    stamp = (sample / "project.json").stat().st_mtime_ns
    assert ensure_sample_project(tmp_path) == sample
    assert (sample / "project.json").stat().st_mtime_ns == stamp
    assert os.listdir(tmp_path) == [SAMPLE_NAME]


def test_a_sample_the_user_works_in_is_opened_as_it_is(tmp_path, sample):
    doc = load_project(sample)
    from studio.model.edits import AddMarker

    doc.apply(AddMarker(3, "my note"))
    save_project(doc)
    (sample / "media" / "my-take.png").write_bytes((sample / "media" / "shot-01.png").read_bytes())
    assert ensure_sample_project(tmp_path) == sample
    assert [m.name for m in load_project(sample).project.markers][-1] == "my note"
    assert os.listdir(tmp_path) == [SAMPLE_NAME]


def test_the_empty_sample_an_old_interrupted_start_left_is_rebuilt(tmp_path):
    """What issue 24 saw: the old build wrote an empty project.json first and was killed."""
    create_project(tmp_path / SAMPLE_NAME)
    folder = ensure_sample_project(tmp_path)
    assert len(load_project(folder).project.shots) == 6
    assert os.listdir(tmp_path) == [SAMPLE_NAME]


def test_a_sample_the_user_edited_is_kept_under_another_name(tmp_path, sample):
    folder = sample
    doc = load_project(folder)
    from studio.model.edits import AddMarker

    doc.apply(AddMarker(3, "my note"))
    save_project(doc)
    older = (folder / RECORD).read_text().replace(f'"{SAMPLE_VERSION}-', f'"{SAMPLE_VERSION - 1}-')
    (folder / RECORD).write_text(older)
    ensure_sample_project(tmp_path)
    kept = tmp_path / "Sample (edited).storyreel"
    assert [m.name for m in load_project(kept).project.markers] == ["The lamp is lit", "my note"]
    assert [m.name for m in load_project(folder).project.markers] == ["The lamp is lit"]


def test_new_takes_or_an_autosave_count_as_the_users_work(tmp_path, sample):
    folder = sample
    (folder / "autosave" / "project.json").write_bytes((folder / "project.json").read_bytes())
    (folder / "project.json").write_text("")  # damaged as well
    ensure_sample_project(tmp_path)
    assert (tmp_path / "Sample (edited).storyreel" / "autosave" / "project.json").exists()
    assert len(load_project(folder).project.shots) == 6


def test_an_older_untouched_sample_is_rebuilt_in_place(tmp_path, sample):
    folder = sample
    record = json.loads((folder / RECORD).read_text())
    record["sample_version"] = "1-old"
    (folder / RECORD).write_text(json.dumps(record))
    (folder / "media" / "shot-01.png").unlink()  # and damaged: still nothing of the user's
    ensure_sample_project(tmp_path)
    assert json.loads((folder / RECORD).read_text())["sample_version"] != "1-old"
    assert os.listdir(tmp_path) == [SAMPLE_NAME]
    assert not [a for a in load_project(folder).project.assets.values() if a.offline]


def test_a_sample_built_before_records_is_kept_aside(tmp_path, sample):
    folder = sample
    (folder / RECORD).unlink()  # as the previous version built it
    assert ensure_sample_project(tmp_path) == folder
    assert sorted(os.listdir(tmp_path)) == ["Sample (edited).storyreel", SAMPLE_NAME]
    assert (folder / RECORD).exists()


@pytest.mark.parametrize("name", ["Film", "Film.storyreel"])
def test_new_onto_an_existing_folder_or_file_is_refused(tmp_path, capsys, name):
    (tmp_path / "Film.storyreel").write_text("not a project")
    assert main(["new", str(tmp_path / name)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / "Film.storyreel").read_text() == "not a project"


def test_two_first_starts_at_once_share_one_sample(tmp_path, built):
    children = [SERVER.Process(target=ensure_sample_project, args=(tmp_path,)) for _ in range(2)]
    SERVER.set_forkserver_preload(PRELOAD)
    for child in children:
        child.start()
    for child in children:
        child.join(120)
    assert [child.exitcode for child in children] == [0, 0]
    assert same_sample(tmp_path / SAMPLE_NAME, built)
    assert os.listdir(tmp_path) == [SAMPLE_NAME]


def test_what_killed_builds_and_removals_left_is_swept_by_the_next_build(tmp_path):
    dead = 2**22 + 12345  # above the largest pid Linux hands out: no such process
    for kind in ("building", "removing"):
        leftover = tmp_path / f".{SAMPLE_NAME}.{kind}-{dead}-0a1b2c3d"
        (leftover / "media").mkdir(parents=True)
    running = tmp_path / f".{SAMPLE_NAME}.building-{os.getpid()}-0a1b2c3d"  # a live build
    running.mkdir()
    ensure_sample_project(tmp_path)
    assert sorted(os.listdir(tmp_path)) == sorted([running.name, SAMPLE_NAME])
