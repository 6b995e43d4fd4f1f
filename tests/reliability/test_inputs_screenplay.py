"""Hostile screenplay files: too large, endless devices, FIFOs, text that is not UTF-8."""

from __future__ import annotations

import os
import sys
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.screenplay import ScreenplayError, load_screenplay
from studio.screenplay.source import MAX_BYTES, decode_screenplay
from tests.reliability.cli_run import one_line_error, storyreel

SCENE = "INT. CAFÉ - DAY\n\nAnn orders a crème brûlée.\n\n"


def test_script_scenes_refuses_a_file_over_the_limit_without_reading_it(tmp_path):
    big = tmp_path / "huge.fountain"
    unit = SCENE.encode()
    with open(big, "wb") as file:
        file.write(unit * (MAX_BYTES // len(unit) + 1))
    start = time.monotonic()
    done = storyreel("script", "scenes", big)
    assert "too large for a screenplay" in one_line_error(done)
    assert time.monotonic() - start < 20


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("command", [("scenes",), ("breakdown", "--file")])
def test_script_commands_refuse_dev_zero_at_once(tmp_path, command):
    args = ["script", command[0]]
    if command[0] == "breakdown":
        project = tmp_path / "Film.storyreel"
        assert storyreel("new", project).returncode == 0
        args += [project, "--file", "/dev/zero"]
    else:
        args.append("/dev/zero")
    line = one_line_error(storyreel(*args, timeout=30))
    assert "not a regular file" in line


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs are POSIX")
def test_a_fifo_is_refused_at_once_not_waited_on(tmp_path):
    fifo = tmp_path / "script.fountain"
    os.mkfifo(fifo)
    assert "not a regular file" in one_line_error(storyreel("script", "scenes", fifo, timeout=30))
    with pytest.raises(ScreenplayError, match="not a regular file"):
        load_screenplay(fifo)  # the library path too, in this process: it must not block


def test_broken_utf8_is_refused_with_its_line_and_byte(tmp_path):
    data = SCENE.encode() + b"He pays \xff5.\n"
    script = tmp_path / "draft.fountain"
    script.write_bytes(data)
    line = one_line_error(storyreel("script", "scenes", script))
    assert "not valid UTF-8" in line and "0xff" in line and "line 5" in line


def test_windows_1252_is_read_and_the_user_is_told(tmp_path):
    script = tmp_path / "old.fountain"
    script.write_bytes(SCENE.encode("cp1252"))
    done = storyreel("script", "scenes", script, "--json")
    assert done.returncode == 0, done.stderr
    assert "INT. CAFÉ - DAY" in done.stdout
    assert "Windows-1252" in done.stderr and "Traceback" not in done.stderr


def test_decoding_names_the_encoding_it_used():
    assert decode_screenplay(SCENE.encode()).encoding == "UTF-8"
    assert decode_screenplay(SCENE.encode("utf-16")).encoding == "UTF-16"
    decoded = decode_screenplay(SCENE.encode("cp1252"))
    assert decoded.encoding == "Windows-1252" and decoded.text == SCENE
    with pytest.raises(ScreenplayError, match="line 1"):
        decode_screenplay("INT. CAFÉ".encode() + b"\x81\x8d\n")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_decode_to_text_or_a_screenplay_error(data):
    try:
        decoded = decode_screenplay(data, "x.fountain")
    except ScreenplayError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(decoded.text, str)
    if decoded.encoding == "UTF-8":
        assert decoded.text == data.decode("utf-8-sig")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200).filter(lambda t: t.strip() and "\0" not in t))
def test_utf8_text_is_read_back_as_written(text):
    decoded = decode_screenplay(text.encode("utf-8"))
    assert (decoded.text, decoded.encoding) == (text.removeprefix("\ufeff"), "UTF-8")
