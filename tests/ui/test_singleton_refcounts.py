"""PySide6 6.12 on Python 3.11 drops references to None (and at exit to True/False) in
void and bool Qt calls; studio.ui keeps those singletons from ever reaching zero."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12), reason="immortal singletons")

MANY_VOID_CALLS = """
import studio.ui
from PySide6.QtCore import QRect
r = QRect()
for _ in range(300_000):
    r.setWidth(1)  # void: each call once cost None a reference
print("done")
"""


def test_many_void_qt_calls_do_not_abort_the_interpreter():
    done = subprocess.run(
        [sys.executable, "-c", MANY_VOID_CALLS], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "done"


def test_none_true_and_false_are_pinned():
    import studio.ui  # noqa: F401

    for singleton in (None, True, False):
        assert sys.getrefcount(singleton) > 1 << 49
