"""No tracebacks for expected failures on the command line: one line on stderr, a non-zero
exit, and the traceback in the log file (and on stderr with --debug)."""

from __future__ import annotations

import errno
import os
import sys
import textwrap

import pytest

from studio import cli
from studio.cli_commands import project as project_commands
from studio.media import synth
from studio.model import Settings
from studio.model.files import create_project
from studio.workflows.importer import import_files
from tests.reliability.cli_run import one_line_error, storyreel

FAILING_PLUGIN = textwrap.dedent(
    """
    from pydantic import BaseModel

    from studio.plugins.api import Generator, Kind


    class NoParams(BaseModel):
        pass


    class Failing(Generator):
        id = "test.failing"
        name = "Fails in generate"
        version = "1.0.0"
        output = Kind.IMAGE
        Params = NoParams
        runs_on = "cpu"

        def generate(self, request, ctx):
            raise RuntimeError("the model ran out of ideas\\nsecond line of detail")


    class FailingLoad(Failing):
        id = "test.failing-load"
        name = "Fails in load"

        def load(self, ctx):
            raise OSError("model.safetensors: no such file")
    """
)


def run_main(capsys, *argv):
    status = cli.main([str(a) for a in argv])
    captured = capsys.readouterr()
    return status, captured.err


def test_new_onto_an_existing_file_says_so_in_one_line(tmp_path):
    (tmp_path / "Film.storyreel").write_text("not a folder")
    line = one_line_error(storyreel("new", tmp_path / "Film"))
    assert "Film.storyreel" in line
    assert (tmp_path / "Film.storyreel").read_text() == "not a folder"


@pytest.mark.parametrize("generator", ["test.failing", "test.failing-load"])
def test_a_failing_plugin_gives_one_line(tmp_path, monkeypatch, generator):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "failing.py").write_text(FAILING_PLUGIN)
    monkeypatch.setenv("STORYREEL_PLUGIN_PATH", str(plugins))
    done = storyreel("generate", generator, "--prompt", "x", "--out", tmp_path / "x.png")
    line = one_line_error(done_without_progress(done))
    assert generator in line
    assert not (tmp_path / "x.png").exists()


def done_without_progress(done):
    """`generate` prints its seed and progress on stderr before the error line."""
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    done.stderr = lines[-1] + "\n" if lines else ""
    assert "Traceback" not in "\n".join(lines), "\n".join(lines)
    return done


def test_a_bug_gives_one_line_and_its_traceback_goes_to_the_log(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))
    folder = create_project(tmp_path / "Film", Settings()).path

    def broken(args):
        return 1 / 0

    monkeypatch.setattr(project_commands, "cmd_info", broken)
    status, err = run_main(capsys, "info", folder)
    assert status == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "ZeroDivisionError" in err and "storyreel.log" in err
    log = (tmp_path / "home" / "data" / "logs" / "storyreel.log").read_text()
    assert "Traceback" in log and "ZeroDivisionError" in log
    status, err = run_main(capsys, "--debug", "info", folder)
    assert status == 1 and "Traceback" in err


@pytest.mark.parametrize(
    ("code", "said"), [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only")]
)
def test_a_full_or_read_only_disk_gives_one_line(tmp_path, capsys, monkeypatch, code, said):
    folder = create_project(tmp_path / "Film", Settings()).path

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code), str(tmp_path / "cut.otio"))

    monkeypatch.setattr(project_commands, "cmd_info", fail)  # any command's write
    status, err = run_main(capsys, "info", folder)
    assert status == 1 and err.count("\n") == 1 and said in err and "Traceback" not in err


def test_render_to_a_read_only_place_gives_one_line(tmp_path):
    doc = create_project(tmp_path / "Film", Settings(width=64, height=36))
    card = synth.write_card(tmp_path / "card.png", size=(64, 36), text="A")
    assert import_files(doc, [card], save=True)[0]
    folder = doc.path
    line = one_line_error(storyreel("render", folder, "--out", "/proc/cut.mp4", "--quiet"))
    assert "cut.mp4" in line


def test_a_bad_otio_gives_one_line(tmp_path):
    bad = tmp_path / "cut.otio"
    bad.write_text("{ not json")
    assert "cut.otio" in one_line_error(storyreel("new", tmp_path / "Film", "--from", bad))


def test_the_editor_without_a_display_says_so_instead_of_aborting(monkeypatch, tmp_path):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux")
    assert "no display" in one_line_error(storyreel("open", tmp_path / "Film.storyreel"))


@pytest.fixture
def film(tmp_path):
    """A project with one still on the timeline, and a folder that does not exist."""
    doc = create_project(tmp_path / "Film", Settings(width=64, height=36))
    card = synth.write_card(tmp_path / "card.png", size=(64, 36), text="A")
    import_files(doc, [card], save=True)
    return doc.path, tmp_path / "missing"


SWEEP = {
    "info a missing project": ["info", "{missing}"],
    "info a device": ["info", "/dev/null"],
    "import into a missing project": ["import", "{missing}", "{film}/media/card.png"],
    "import a missing file": ["import", "{film}", "{missing}/x.png"],
    "new with a bad size": ["new", "{missing}", "--size", "12xab"],
    "new from a missing OTIO": ["new", "{missing}", "--from", "{missing}/cut.otio"],
    "export into a missing folder": ["export", "{film}", "--out", "{missing}/cut.otio"],
    "render into a missing folder": ["render", "{film}", "--out", "{missing}/cut.mp4", "--quiet"],
    "render a bad range": ["render", "{film}", "--out", "{missing}.mp4", "--range", "5", "1"],
    "storyboard with no shots": ["storyboard", "{film}", "--out", "{missing}.pdf"],
    "script scenes of a missing file": ["script", "scenes", "{missing}/a.fountain"],
    "breakdown with no scenes": ["script", "breakdown", "{film}"],
    "search a missing project": ["search", "{missing}", "boat"],
    "generate an unknown generator": ["generate", "no.such", "--prompt", "x", "--out", "x.png"],
}


@pytest.mark.parametrize("argv", SWEEP.values(), ids=SWEEP.keys())
def test_every_command_fails_in_one_line(film, capsys, argv):
    folder, missing = film
    args = [a.format(film=folder, missing=missing) for a in argv]
    status, err = run_main(capsys, *args)
    assert status != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    assert lines and all(line.startswith(f"storyreel {args[0]}") for line in lines), err
