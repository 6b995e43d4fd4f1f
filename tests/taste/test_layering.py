"""studio.taste is headless: importing it loads no Qt, and no torch until something embeds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_importing_taste_loads_no_qt_and_no_model_stack():
    code = (
        "import sys, studio.taste.session, studio.taste.search, studio.cli_commands.search\n"
        "print('\\n'.join(sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    roots = {name.split(".")[0] for name in out.stdout.split()}
    assert not roots & {"PySide6", "shiboken6", "pyqtgraph", "torch", "transformers"}
