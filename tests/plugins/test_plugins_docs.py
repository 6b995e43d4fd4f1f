"""The worked example in docs/plugins.md runs as written (its plugin and its test)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def code_after(label: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(re.escape(label) + r".*?\n```python\n(.*?)```", text, re.S)
    assert match, f"no python block after {label!r} in {DOC.name}"
    return match[1]


def test_the_documented_example_plugin_passes_its_documented_test(tmp_path, monkeypatch):
    package = tmp_path / "src" / "acme_storyboard"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(code_after("src/acme_storyboard/__init__.py`:"))
    monkeypatch.syspath_prepend(str(package.parent))
    namespace: dict = {}
    exec(compile(code_after("tests/test_storyboard.py`"), "test_storyboard.py", "exec"), namespace)
    try:
        namespace["test_a_frame_through_the_engine"](tmp_path)
    finally:
        sys.modules.pop("acme_storyboard", None)
