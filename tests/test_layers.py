"""The design's layering promises: Qt only in studio.ui; no model stack at start-up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
QT_FREE = [
    "studio.model",
    "studio.engine",
    "studio.media",
    "studio.cli",
    "studio.plugins.api",
    "studio.screenplay",
    "studio.settings",
    "studio.taste",
    "studio.versioning",
]


def modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys; print('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=True,
        timeout=120,
    )
    return set(out.stdout.split())


@pytest.mark.parametrize("package", QT_FREE)
def test_headless_layers_never_import_qt(package):
    import importlib
    import pkgutil

    pkg = importlib.import_module(package)
    names = [package]
    if hasattr(pkg, "__path__"):
        names += [m.name for m in pkgutil.walk_packages(pkg.__path__, package + ".")]
    loaded = modules_after("\n".join(f"import {name}" for name in names))
    assert not {m for m in loaded if m.startswith(("PySide6", "pyqtgraph", "shiboken"))}


def test_cli_start_up_imports_no_model_stack():
    loaded = modules_after("from studio.cli import build_parser; build_parser()")
    heavy = {m for m in loaded if m.split(".")[0] in {"torch", "diffusers", "transformers"}}
    assert not heavy


def test_import_linter_contracts_hold():
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter)], capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
