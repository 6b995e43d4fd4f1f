"""Hostile imports: empty sound, decompression bombs, bad files in a batch, and kill -9.

A batch import keeps the good files and reports the bad ones; copies reach media/ with the
saved project or not at all, whatever moment the import is killed at.
"""

from __future__ import annotations

import os
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
import soundfile

from studio.errors import MediaError
from studio.media import synth
from studio.media.probe import probe
from studio.model import Settings
from studio.model.files import create_project, load_project, media_path
from studio.workflows.importer import (
    discard_copies,
    import_files,
    prepare_import,
    refuse_unplaceable,
)
from tests.reliability.cli_run import REPO, storyreel


def empty_wav(path: Path) -> Path:
    soundfile.write(path, np.zeros((0, 2), dtype="float32"), 48000)
    return path


def bomb_png(path: Path, side: int = 20000) -> Path:
    """A 400-megapixel grey PNG that is a few hundred KB on disk."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * (side + 1) * side, 9)
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
    return path


@pytest.fixture(scope="module")
def media(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inputs")
    return {
        "card": synth.write_card(folder / "card.png", size=(320, 180), text="One"),
        "tone": synth.write_tone(folder / "tone.wav", seconds=1.0, sample_rate=48000),
        "empty": empty_wav(folder / "empty.wav"),
        "bomb": bomb_png(folder / "bomb.png"),
    }


def project(tmp_path: Path) -> Path:
    return create_project(tmp_path / "Film", Settings()).path


def media_files(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "media").iterdir())


def test_a_wav_with_no_samples_is_refused_not_made_a_still(media):
    with pytest.raises(MediaError, match="no sound"):
        probe(media["empty"])


def test_a_decompression_bomb_is_refused_as_too_large_not_damaged(media):
    with pytest.raises(MediaError, match="too large") as caught:
        probe(media["bomb"])
    assert "damaged" not in str(caught.value)


def test_a_batch_imports_the_good_files_and_reports_the_bad(tmp_path, media):
    folder = project(tmp_path)
    missing = tmp_path / "gone.png"
    done = storyreel(
        "import", folder, media["card"], media["empty"], missing, media["bomb"], media["tone"]
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr
    skipped = done.stderr.splitlines()
    assert len(skipped) == 3, done.stderr
    assert "empty.wav" in skipped[0] and "no sound" in skipped[0]
    assert "gone.png" in skipped[1] and "bomb.png" in skipped[2] and "too large" in skipped[2]
    doc = load_project(folder)
    assert sorted(Path(a.path).name for a in doc.project.assets.values()) == [
        "card.png",
        "tone.wav",
    ]
    assert media_files(folder) == ["card.png", "tone.wav"]  # no orphan copies


def test_a_batch_that_cannot_be_saved_leaves_no_copies(tmp_path, media):
    folder = project(tmp_path)
    doc = load_project(folder)
    (folder / "project.json").unlink()
    (folder / "project.json").mkdir()  # saving over a folder fails, as a full disk would
    (folder / "project.json" / "x").touch()
    with pytest.raises(Exception, match="could not (save|write)"):
        import_files(doc, [media["card"], media["tone"]], save=True)
    assert media_files(folder) == []
    assert not doc.project.assets  # the placing edit was taken back too


# -- kill -9 in the middle ---------------------------------------------------------------------

KILL_RUNS = 24

# A process that imports Storyreel once, then forks one child per import (what `storyreel
# import` runs), so 24 kills do not pay 24 start-ups. It prints each child's pid, reaps the
# child only when told (so the pid the test kills is never another process's), then "done".
FORK_SERVER = """
import os, sys
from studio.workflows.importer import (
    discard_copies,
    import_files,
    prepare_import,
    refuse_unplaceable,
)
from studio.model.files import load_project
for line in sys.stdin:
    folder, *files = line.rstrip("\\n").split("\\t")
    pid = os.fork()
    if pid == 0:
        import_files(load_project(folder), files, save=True)
        os._exit(0)
    print(pid, flush=True)
    sys.stdin.readline()  # the test has sent its kill: only now may the pid be reused
    os.waitpid(pid, 0)
    print("done", flush=True)
"""


@pytest.fixture(scope="module")
def big_batch(tmp_path_factory):
    """Six 2 MB sounds: copying them takes long enough to be killed in the middle."""
    folder = tmp_path_factory.mktemp("batch")
    return [
        synth.write_tone(folder / f"take{n}.wav", seconds=10.0, sample_rate=48000) for n in range(6)
    ]


def check_old_or_new(folder: Path, count: int) -> str:
    doc = load_project(folder)  # loading clears what a killed import left
    assets = list(doc.project.assets.values())
    assert len(assets) in (0, count), f"half an import: {len(assets)} of {count} assets"
    for asset in assets:
        assert media_path(folder, asset).is_file() and not asset.offline
    used = sorted(Path(a.path).name for a in assets)
    assert media_files(folder) == used, "orphan or partial files in media/"
    return "new" if assets else "old"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_a_batch_import_killed_at_any_moment_leaves_the_old_or_the_new_state(tmp_path, big_batch):
    template = project(tmp_path / "template")
    server = subprocess.Popen(
        [sys.executable, "-c", FORK_SERVER],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def start(folder: Path) -> int:
        server.stdin.write("\t".join(map(str, [folder, *big_batch])) + "\n")
        server.stdin.flush()
        return int(server.stdout.readline())

    def ended() -> None:
        server.stdin.write("reap\n")
        server.stdin.flush()
        assert server.stdout.readline().strip() == "done"

    try:
        times = []
        for n in range(3):  # the first run is slower: files not yet in the page cache
            whole = tmp_path / f"whole{n}" / "Film.storyreel"
            shutil.copytree(template, whole)
            began = time.monotonic()
            start(whole)
            ended()
            times.append(time.monotonic() - began)
            assert check_old_or_new(whole, len(big_batch)) == "new"
        took = min(times)
        outcomes = []
        for run in range(KILL_RUNS):
            folder = tmp_path / f"run{run}" / "Film.storyreel"
            shutil.copytree(template, folder)
            pid = start(folder)
            time.sleep(took * 1.5 * run / KILL_RUNS)  # from at once to past the end
            os.kill(pid, signal.SIGKILL)
            ended()
            outcomes.append(check_old_or_new(folder, len(big_batch)))
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    # Which runs end old and which new depends on the machine's load; each one is whole.
    assert len(outcomes) == KILL_RUNS and set(outcomes) <= {"old", "new"}


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_device_is_refused_as_not_a_regular_file():
    with pytest.raises(MediaError, match="not a regular file"):
        probe("/dev/zero")


def blip(path: Path) -> Path:
    """Ten samples: a sound file that is valid but shorter than one frame."""
    soundfile.write(path, np.zeros((10, 1), dtype="float32"), 48000)
    return path


def test_a_file_shorter_than_a_frame_is_skipped_not_fatal_to_the_batch(tmp_path, media):
    folder = project(tmp_path)
    doc = load_project(folder)
    clip_ids, failed = import_files(doc, [media["card"], blip(tmp_path / "blip.wav")], save=True)
    assert len(clip_ids) == 1 and [f.source.name for f in failed] == ["blip.wav"]
    assert "shorter than one frame" in failed[0].error
    assert media_files(folder) == ["card.png"]


def test_the_editor_path_removes_the_copies_of_what_it_does_not_place(tmp_path, media):
    folder = project(tmp_path)
    doc = load_project(folder)
    prepared = prepare_import(folder, [media["card"], blip(tmp_path / "blip.wav")], copy=True)
    assert media_files(folder) == ["blip.wav", "card.png"]
    refuse_unplaceable(doc.project, folder, prepared)
    assert [p.asset is None for p in prepared] == [False, True]
    assert media_files(folder) == ["card.png"]
    discard_copies(folder, prepared)  # e.g. the placing edit was refused
    assert media_files(folder) == []
    assert media["card"].is_file()  # the user's own file is never touched


def test_a_load_leaves_the_stage_of_an_import_still_running_elsewhere(tmp_path):
    from studio.model.import_stage import STAGE_PREFIX, write_publish_list

    folder = project(tmp_path)
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        text=True,
        capture_output=True,
        check=True,
    )
    for pid, name in ((os.getppid(), "running.wav"), (int(ended.stdout), "killed.wav")):
        stage = folder / "media" / f"{STAGE_PREFIX}{pid}-x"
        stage.mkdir()
        write_publish_list(stage, [name])
        (folder / "media" / name).write_bytes(b"RIFF")
    load_project(folder)
    assert media_files(folder) == [f"{STAGE_PREFIX}{os.getppid()}-x", "running.wav"]
