"""Plugins that crash, exit, hang or print at import: discovery lists them as broken, in a
bounded time, leaves no process behind, and keeps stdout clean for `plugins --json`."""

from __future__ import annotations

import json
import sys
import time

import pytest

from studio.cli import main
from studio.engine.discovery import discover
from tests.engine.processes import children
from tests.plugins.test_plugins_discovery import good, write

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc for processes")


@pytest.fixture(autouse=True)
def _isolated_plugin_dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_SETTINGS", str(tmp_path / "settings" / "settings.json"))
    monkeypatch.setenv("STORYREEL_PLUGIN_PATH", str(tmp_path / "user-plugins"))


HOSTILE = {
    "hangs.py": "import time\ntime.sleep(120)\n",
    "exits.py": "import os\nos._exit(3)\n",
    "segfaults.py": "import ctypes\nctypes.string_at(0)\n",
    "interrupts.py": "raise KeyboardInterrupt\n",
}


def test_plugins_that_hang_crash_or_exit_at_import_are_broken_and_the_rest_load(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("STORYREEL_IMPORT_TIMEOUT", "2")
    user = tmp_path / "user"
    for name, source in HOSTILE.items():
        write(user, name, source)
    write(user, "zz_good.py", good("acme.good"))
    before = set(children())
    start = time.monotonic()
    records = {r.id: r for r in discover(repo_dir=False, entry_points=False, user_dirs=[user])}
    assert time.monotonic() - start < 20
    assert {r: records[r].status for r in records} == {
        "hangs": "broken",
        "exits": "broken",
        "segfaults": "broken",
        "interrupts": "broken",
        "acme.good": "loaded",
    }
    assert records["hangs"].error == "import did not finish within 2 s"
    assert records["exits"].error == "import ended the probe process: it exited with status 3"
    assert records["segfaults"].error == "import ended the probe process: it crashed (SIGSEGV)"
    assert records["interrupts"].error == "import failed: KeyboardInterrupt: KeyboardInterrupt"
    assert set(children()) <= before  # the probes were ended, not left behind
    # Found again unchanged, they are not imported again: no waiting for the hang twice.
    start = time.monotonic()
    again = {r.id: r.error for r in discover(repo_dir=False, entry_points=False, user_dirs=[user])}
    assert again == {r: records[r].error for r in records}
    assert time.monotonic() - start < 1.5


def test_plugins_json_stays_valid_json_when_plugins_print_at_import(tmp_path, monkeypatch, capfd):
    user = tmp_path / "user-plugins"
    chatty = "print('hello from a plugin')\nimport os\nos.write(1, b'and from below')\n"
    write(user, "chatty.py", chatty + good("acme.chatty"))
    write(user, "chatty_broken.py", chatty + "raise ValueError('no')\n")
    monkeypatch.setenv("STORYREEL_PLUGIN_PATH", str(user))
    assert main(["plugins", "--json"]) == 0
    out, err = capfd.readouterr()
    listed = {item["id"]: item for item in json.loads(out)}
    assert listed["acme.chatty"]["status"] == "loaded"
    assert listed["chatty_broken"]["error"] == "import failed: ValueError: no"
    assert "hello from a plugin" in err


def test_a_repo_plugin_package_runs_in_a_worker_process_through_the_cli(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("STORYREEL_WORKERS", "process")
    out = tmp_path / "card.png"
    args = ["generate", "builtin.title-card", "--prompt", "ACT ONE", "--size", "64x36"]
    assert main([*args, "--out", str(out)]) == 0
    assert capsys.readouterr().out.strip() == str(out)
    from PIL import Image

    with Image.open(out) as im:
        assert im.size == (64, 36)
