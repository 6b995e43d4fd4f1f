"""Project folders: round trips, migrations, offline media, autosave, damage that loses nothing."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from fractions import Fraction
from pathlib import Path

import pytest

from studio.errors import ProjectError
from studio.model import Asset, Clip, MediaKind, Settings, migrations
from studio.model.edits import AddAsset, AddMarker, InsertClip, Macro, MoveClip
from studio.model.files import (
    Autosaver,
    autosave_file,
    create_project,
    load_project,
    recovery_available,
    save_project,
)
from studio.model.serialize import project_to_data


def populated(tmp_path: Path):
    doc = create_project(
        tmp_path / "Film", Settings(fps=Fraction(24000, 1001), width=1280, height=720)
    )
    media = doc.path / "media" / "card.png"
    media.write_bytes(b"not really a png; presence is what matters here")
    v1 = next(t.id for t in doc.project.tracks if t.name == "V1")
    asset = Asset(
        "a1",
        MediaKind.IMAGE,
        "card",
        "media/card.png",
        1280,
        720,
        provenance={"generator": "builtin.title-card", "seed": 7},
    )
    doc.apply(
        Macro(
            "setup",
            [
                AddAsset(asset),
                InsertClip(v1, Clip("c1", "a1", 0, 48, 0, "Shot 1", shot_id="h1")),
                InsertClip(v1, Clip("c2", "a1", 100, 10, 0, "Shot 2")),
                AddMarker(12, "beat", marker_id="m1"),
            ],
        )
    )
    save_project(doc)
    return doc


def test_create_adds_suffix_and_folders(tmp_path):
    doc = create_project(tmp_path / "Short")
    assert doc.path.name == "Short.storyreel"
    for sub in ("media", "cache", "autosave"):
        assert (doc.path / sub).is_dir()
    data = json.loads((doc.path / "project.json").read_text())
    assert data["schema"] == 1 and data["settings"]["fps"] == "24"


def test_round_trip_is_exact(tmp_path):
    doc = populated(tmp_path)
    again = load_project(doc.path)
    assert project_to_data(again.project) == project_to_data(doc.project)
    assert again.project.settings.fps == Fraction(24000, 1001)
    assert again.project.assets["a1"].provenance["seed"] == 7
    assert not again.modified


def test_missing_media_loads_offline_and_relinks(tmp_path):
    doc = populated(tmp_path)
    (doc.path / "media" / "card.png").rename(tmp_path / "moved.png")
    again = load_project(doc.path)
    assert again.project.assets["a1"].offline
    assert again.project.clip("c1") is not None  # clips stay where they were
    from studio.model.edits import RelinkAsset

    assert again.apply(RelinkAsset("a1", str(tmp_path / "moved.png")))
    save_project(again)
    assert not load_project(doc.path).project.assets["a1"].offline


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b'{"schema": 1, "tracks": [', "not valid JSON"),
        (b"\x89PNG\x00\x00binary", "not valid JSON"),
        (b"[1, 2]", "JSON object"),
        (b'{"tracks": []}', "schema"),
        (b'{"schema": 1, "tracks": [{"id": "t", "kind": "smell"}]}', "malformed"),
        (
            b'{"schema": 1, "tracks": [{"id":"t","kind":"video","clips":[{"id":"c","asset":null,'
            b'"start":1.5,"duration":3}]}]}',
            "integer",
        ),
    ],
)
def test_damaged_file_gives_clear_error_and_is_left_alone(tmp_path, content, message):
    doc = create_project(tmp_path / "Bad")
    file = doc.path / "project.json"
    file.write_bytes(content)
    with pytest.raises(ProjectError, match=message):
        load_project(doc.path)
    assert file.read_bytes() == content


def test_newer_schema_is_refused_not_rewritten(tmp_path):
    doc = create_project(tmp_path / "Future")
    file = doc.path / "project.json"
    data = json.loads(file.read_text())
    data["schema"] = 99
    file.write_text(json.dumps(data))
    before = file.read_bytes()
    with pytest.raises(ProjectError, match="newer Storyreel"):
        load_project(doc.path)
    assert file.read_bytes() == before


def test_migrations_run_in_order(tmp_path, monkeypatch):
    """A schema-1 file opened by a version at schema 3 passes through both upgrades."""
    calls = []

    def one_to_two(data):
        calls.append(1)
        data["settings"]["still_frames"] = 10
        return data

    def two_to_three(data):
        calls.append(2)
        data["name"] = data["name"].upper()
        return data

    doc = create_project(tmp_path / "Old")
    monkeypatch.setitem(migrations.UPGRADES, 1, one_to_two)
    monkeypatch.setitem(migrations.UPGRADES, 2, two_to_three)
    raw = json.loads((doc.path / "project.json").read_text())
    data, found = migrations.migrate(raw, current=3)
    assert found == 1 and calls == [1, 2] and data["schema"] == 3
    assert data["name"] == "OLD" and data["settings"]["still_frames"] == 10


def test_missing_migration_is_reported():
    with pytest.raises(migrations.FormatError, match="no migration from schema 1"):
        migrations.migrate({"schema": 1}, current=2)


def _fail_with(err):
    def fail(*args, **kwargs):
        raise OSError(err, os.strerror(err))

    return fail


@pytest.mark.parametrize(
    ("where", "err", "message"),
    [
        ("fsync", errno.ENOSPC, "disk is full"),
        ("replace", errno.EROFS, "read-only"),
        ("open", errno.EACCES, "permission denied"),
    ],
)
def test_failed_save_keeps_the_old_file(tmp_path, monkeypatch, where, err, message):
    doc = populated(tmp_path)
    file = doc.path / "project.json"
    before = file.read_bytes()
    doc.apply(MoveClip("c2", 200))
    import studio.model.files as files

    if where == "open":
        monkeypatch.setattr("builtins.open", _fail_with(err))
    else:
        monkeypatch.setattr(files.os, where, _fail_with(err))
    with pytest.raises(ProjectError, match=message):
        save_project(doc)
    monkeypatch.undo()
    assert file.read_bytes() == before
    assert [p.name for p in doc.path.iterdir() if p.name.startswith(".")] == []
    assert doc.modified  # still unsaved: the user knows


def test_read_only_folder_really_refuses(tmp_path):
    doc = populated(tmp_path)
    file = doc.path / "project.json"
    before = file.read_bytes()
    os.chmod(doc.path, 0o555)
    try:
        probe = doc.path / ".probe"
        try:
            probe.write_text("x")
            probe.unlink()
            pytest.skip("running as a user that can write to read-only folders (root)")
        except PermissionError:
            pass
        doc.apply(MoveClip("c2", 200))
        with pytest.raises(ProjectError, match="permission denied"):
            save_project(doc)
    finally:
        os.chmod(doc.path, 0o755)
    assert file.read_bytes() == before


KILLED_SAVE = textwrap.dedent(
    """
    import sys, time
    import studio.model.files as files
    from studio.model.edits import MoveClip
    doc = files.load_project(sys.argv[1])
    doc.apply(MoveClip("c2", 300))
    real_fsync = files.os.fsync
    def slow_fsync(fd):
        print("writing", flush=True)
        time.sleep(60)  # killed here: the temp file is written, the rename not done
    files.os.fsync = slow_fsync
    files.save_project(doc)
    """
)


def test_kill_during_save_leaves_the_old_file(tmp_path):
    doc = populated(tmp_path)
    file = doc.path / "project.json"
    before = file.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_SAVE, str(doc.path)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.stdout.readline().strip() == b"writing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert file.read_bytes() == before
    again = load_project(doc.path)  # a leftover temp file does not get in the way
    assert again.project.clip("c2").start == 100


def test_autosave_is_debounced_and_offered_for_recovery(tmp_path):
    doc = populated(tmp_path)
    now = [0.0]
    saver = Autosaver(doc, delay=5.0, clock=lambda: now[0])
    assert saver.poll() is None  # nothing edited
    doc.apply(MoveClip("c2", 150))
    now[0] = 2.0
    doc.apply(MoveClip("c2", 160))
    now[0] = 6.5
    assert saver.poll() is None  # the last edit was only 4.5 s ago
    now[0] = 7.5
    written = saver.poll()
    assert written == autosave_file(doc.path)
    assert saver.poll() is None  # nothing new since
    # The saved project is untouched; the newer autosave is offered on the next open.
    time.sleep(0.01)
    os.utime(written)
    assert load_project(doc.path).project.clip("c2").start == 100
    assert recovery_available(doc.path)
    recovered = load_project(doc.path, recover=True)
    assert recovered.project.clip("c2").start == 160
    assert recovered.modified and recovered.path == doc.path
    save_project(recovered)
    assert not recovery_available(doc.path)  # saving discards the autosave


def test_an_autosave_at_once_takes_pending_edits_without_the_pause(tmp_path):
    """The editor ending on a signal autosaves the edits of its last seconds."""
    doc = populated(tmp_path)
    now = [0.0]
    saver = Autosaver(doc, delay=5.0, clock=lambda: now[0])
    assert saver.take(at_once=True) is None  # nothing edited
    doc.apply(MoveClip("c2", 150))
    now[0] = 0.5
    assert saver.take() is None  # not due: edits paused only 0.5 s
    write = saver.take(at_once=True)
    assert write is not None and saver.take(at_once=True) is None  # taken once
    write()
    assert load_project(doc.path, recover=True).project.clip("c2").start == 150


def test_an_autosave_snapshot_is_the_project_when_taken_and_shares_nothing_with_it(tmp_path):
    doc = populated(tmp_path)
    asset = next(iter(doc.project.assets.values()))
    asset.provenance = {"generator": "test", "params": {"steps": 4}}
    now = [0.0]
    saver = Autosaver(doc, delay=1.0, clock=lambda: now[0])
    doc.apply(MoveClip("c2", 150))
    now[0] = 2.0
    write = saver.take()
    assert write is not None and saver.take() is None  # taken once
    # The editor goes on before the writer thread gets to it.
    doc.apply(MoveClip("c2", 175))
    asset.provenance["params"]["steps"] = 99
    written = write()
    data = json.loads(written.read_text())
    assert next(c for t in data["tracks"] for c in t["clips"] if c["id"] == "c2")["start"] == 150
    assert next(a for a in data["assets"] if a["id"] == asset.id)["provenance"]["params"] == {
        "steps": 4
    }


def test_damaged_autosave_is_not_offered(tmp_path):
    doc = populated(tmp_path)
    file = autosave_file(doc.path)
    file.write_text("{ broken")
    assert not recovery_available(doc.path)
    assert load_project(doc.path)  # the project itself opens


def test_the_next_save_sweeps_what_a_killed_save_left(tmp_path):
    doc = populated(tmp_path)
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_SAVE, str(doc.path)],
        stdout=subprocess.PIPE,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert child.stdout.readline().strip() == b"writing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert [p.name for p in doc.path.iterdir() if p.name.startswith(".")]  # its temp file
    save_project(doc)
    assert [p.name for p in doc.path.iterdir() if p.name.startswith(".")] == []
