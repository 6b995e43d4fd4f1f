"""Every writer replaces its file whole or not at all, and says so when it cannot (issue 17)."""

from __future__ import annotations

import errno
import os
import re
import resource
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from studio import atomic
from studio.cli import main
from studio.errors import MediaError, StoryreelError
from studio.media import synth

REPO = Path(__file__).resolve().parents[2]
OLD = b"the previous, valid file\n"


def small_project(tmp_path: Path) -> Path:
    """A saved project with two shots, a card and a tone, made through the command line."""
    card = synth.write_card(tmp_path / "card.png", size=(64, 36), text="A")
    tone = tmp_path / "tone.wav"
    synth.write_tone(tone, seconds=0.2)
    assert main(["new", str(tmp_path / "Film"), "--size", "64x36"]) == 0
    folder = tmp_path / "Film.storyreel"
    assert main(["import", str(folder), str(card), str(tone)]) == 0
    script = tmp_path / "draft.fountain"
    script.write_text("INT. ROOM - DAY\n\nA lamp is lit.\n\nEXT. SEA - NIGHT\n\nWaves.\n")
    assert main(["script", "breakdown", str(folder), "--file", str(script)]) == 0
    return folder


def hidden_leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def _disk_full(*_args):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


WRITERS = {
    "export": (["export", "{project}", "--out", "{out}"], "cut.otio"),
    "storyboard png": (["storyboard", "{project}", "--out", "{out}"], "board.png"),
    "storyboard pdf": (["storyboard", "{project}", "--out", "{out}"], "board.pdf"),
    "render": (["render", "{project}", "--out", "{out}", "--quiet", "--overwrite"], "cut.wav"),
    "generate": (
        ["generate", "builtin.title-card", "--prompt", "ACT ONE", "--size", "64x36", "--out"]
        + ["{out}"],
        "card.png",
    ),
}


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_full_disk_keeps_the_old_file_and_fails(tmp_path, monkeypatch, capsys, writer):
    """The disk fills while the new file is flushed: the old file stays, the exit is 1."""
    project = small_project(tmp_path)
    outputs = tmp_path / "out"
    outputs.mkdir()
    template, name = WRITERS[writer]
    out = outputs / name
    out.write_bytes(OLD)
    capsys.readouterr()
    monkeypatch.setattr(os, "fsync", _disk_full)
    args = [a.format(project=project, out=out) for a in template]
    assert main(args) == 1
    monkeypatch.undo()
    err = capsys.readouterr().err.strip().splitlines()
    assert "disk is full" in err[-1] and err[-1].startswith("storyreel ")
    assert out.read_bytes() == OLD
    assert hidden_leftovers(outputs) == []
    assert [p.name for p in outputs.iterdir()] == [name]


@pytest.mark.parametrize(
    ("command", "name"),
    [
        ("export", "cut.otio"),
        ("render", "cut.wav"),
        ("render", "cut.mp4"),
        ("storyboard", "board.png"),
        ("storyboard", "board.pdf"),
    ],
)
def test_a_write_cut_short_by_the_disk_keeps_the_old_file(tmp_path, command, name):
    """A real short write: the command runs with a file-size limit below its output's size,
    so the kernel refuses the write part-way (EFBIG), as a full disk does with ENOSPC."""
    project = small_project(tmp_path)
    args = [command, str(project), *(["--overwrite"] if command == "render" else []), "--out"]
    whole = tmp_path / f"whole-{name}"
    assert main([*args, str(whole)]) == 0
    size = whole.stat().st_size
    whole.unlink()
    out = tmp_path / name
    out.write_bytes(OLD)

    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the write fails instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, resource.RLIM_INFINITY))

    done = subprocess.run(
        [sys.executable, "-m", "studio.cli", *args, str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        preexec_fn=limit_file_size,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[-1].startswith(f"storyreel {command}: "), done.stderr
    assert "Traceback" not in done.stderr
    assert out.read_bytes() == OLD
    assert hidden_leftovers(tmp_path) == []


def test_a_writer_failing_part_way_leaves_nothing(tmp_path):
    target = tmp_path / "data.bin"
    target.write_bytes(OLD)

    def half_then_full(fh):
        fh.write(b"x" * 1000)
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(MediaError, match=f"could not write {target}: the disk is full"):
        atomic.write_with(target, half_then_full, MediaError)
    assert target.read_bytes() == OLD
    assert os.listdir(tmp_path) == ["data.bin"]


def test_other_errors_and_cancels_pass_through_and_leave_nothing(tmp_path):
    target = tmp_path / "take.png"
    for raised in (ValueError("encoder said no"), InterruptedError("cancelled")):
        with pytest.raises(type(raised)), atomic.replacing(target) as temp:
            temp.write_bytes(b"partial")
            raise raised
        assert os.listdir(tmp_path) == []


def test_copy_and_write_replace_whole(tmp_path):
    source = tmp_path / "source.bin"
    source.write_bytes(os.urandom(100_000))
    copy = atomic.copy_file(source, tmp_path / "copy.bin")
    assert copy.read_bytes() == source.read_bytes()
    atomic.write_text(copy, "new")
    assert copy.read_text() == "new"
    assert sorted(os.listdir(tmp_path)) == ["copy.bin", "source.bin"]


def test_a_missing_folder_is_one_clear_error(tmp_path):
    with pytest.raises(StoryreelError, match="could not write .*: No such file"):
        atomic.write_bytes(tmp_path / "no" / "such" / "file.json", b"{}")


def test_there_is_one_atomic_writer():
    """No module keeps a copy of the write-then-rename logic (the importer's is its owner's):
    no os.replace or fsync, and no Path.replace(target) or Path.rename(target)."""
    path_rename = re.compile(r"(?<!dataclasses)\.(replace|rename)\([^,()]*\)")
    copies = []
    for path in (REPO / "studio").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if (
            "os.replace(" in text or "fsync(" in text or path_rename.search(text)
        ) and path.name not in {
            "atomic.py",
            "importer.py",  # publishes a staged batch by renames (each copy written whole)
            "render.py",  # moves finished frames of a PNG sequence in; each was written whole
            "download.py",  # moves a downloaded model file into the cache once its checksum passed
            "fixtures.py",  # tests' tiny models: a whole folder built aside, then renamed in
        }:
            copies.append(path.relative_to(REPO).as_posix())
    assert copies == []


def test_a_take_whose_sidecar_cannot_be_written_replaces_nothing(tmp_path, capsys):
    out = tmp_path / "card.png"
    out.write_bytes(OLD)
    (tmp_path / "card.png.provenance.json").mkdir()  # in the sidecar's way
    args = ["generate", "builtin.title-card", "--prompt", "ACT ONE", "--size", "64x36"]
    assert main([*args, "--out", str(out)]) == 1
    assert "could not write" in capsys.readouterr().err
    assert out.read_bytes() == OLD
    assert hidden_leftovers(tmp_path) == []


def test_a_replaced_file_keeps_its_permissions(tmp_path):
    target = tmp_path / "private.json"
    target.write_text("{}")
    target.chmod(0o600)
    atomic.write_text(target, '{"new": 1}')
    assert (target.stat().st_mode & 0o777, target.read_text()) == (0o600, '{"new": 1}')


@pytest.mark.parametrize("name", ["mix.wav", "mix.flac"])
def test_a_mixdown_cut_short_by_the_disk_keeps_the_old_file(tmp_path, name):
    """The score panel's mixdown runs in a worker process: the same short write, run there."""
    from studio.model.files import load_project
    from studio.workflows.score.mixdown import export_mixdown

    project = small_project(tmp_path)
    whole = tmp_path / f"whole-{name}"
    export_mixdown(load_project(project).project, project, whole)
    size = whole.stat().st_size
    whole.unlink()
    out = tmp_path / name
    out.write_bytes(OLD)
    code = (
        "import sys, resource, signal\n"
        "from pathlib import Path\n"
        "from studio.errors import MediaError\n"
        "from studio.model.files import load_project\n"
        "from studio.workflows.score.mixdown import export_mixdown\n"
        "doc = load_project(sys.argv[1])\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[3]), resource.RLIM_INFINITY))\n"
        "try:\n"
        "    export_mixdown(doc.project, doc.path, Path(sys.argv[2]))\n"
        "except MediaError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(project), str(out), str(size // 2)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(("could not write", "cannot render", "cannot export"))
    assert out.read_bytes() == OLD
    assert hidden_leftovers(tmp_path) == []
