"""The design's layering promises: Qt only in studio.ui, features in studio.workflows, plugins
on studio.plugins.api alone; Qt files named qt_*; no model stack at start-up."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
QT_FREE = [
    "studio.model",
    "studio.engine",
    "studio.media",
    "studio.workflows",
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


QT = ("PySide6", "pyqtgraph", "shiboken6")
# Qt-free files that stay in studio/ui because they serve its widgets alone (view geometry,
# drag formats, the playback clock, a widget mixin) or drive the GUI for the docs'
# screenshots. docs/architecture.md says why each stays; feature logic goes to studio/workflows.
UI_WITHOUT_QT = {
    "studio.ui.asset_text",
    "studio.ui.first_project",
    "studio.ui.gui_process",
    "studio.ui.mime",
    "studio.ui.screenshot",
    "studio.ui.reel_screenshots",
    "studio.ui.cast.screenshot",
    "studio.ui.playback.clock",
    "studio.ui.playback.stats",
    "studio.ui.shots.shot_panel",
    "studio.ui.timeline.geometry",
    "studio.ui.timeline.snapping",
    "studio.ui.worker_pools",
}


def module_level_imports(path: Path) -> list[str]:
    """What importing this file imports at once (not inside functions, not for type checks)."""
    names = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for n in ast.walk(node) if isinstance(node, ast.If | ast.Try) else [node]:
            if isinstance(n, ast.Import):
                names += [a.name for a in n.names]
            elif isinstance(n, ast.ImportFrom) and n.module and not n.level:
                names += [n.module] + [f"{n.module}.{a.name}" for a in n.names]
    return names


def studio_modules() -> dict[str, Path]:
    files = sorted((REPO / "studio").rglob("*.py"))
    names = [".".join(f.relative_to(REPO).with_suffix("").parts) for f in files]
    return {n.removesuffix(".__init__"): f for n, f in zip(names, files, strict=True)}


def modules_loading_qt(modules: dict[str, Path]) -> set[str]:
    """The modules whose import loads Qt, directly or through another such module."""
    imports = {name: module_level_imports(path) for name, path in modules.items()}
    loading = {n for n, imps in imports.items() if any(i.split(".")[0] in QT for i in imps)}
    while more := {n for n, imps in imports.items() if n not in loading and set(imps) & loading}:
        loading |= more
    return loading


def test_qt_files_and_only_they_are_named_qt():
    modules = studio_modules()
    loading = modules_loading_qt(modules)
    wrong = [
        str(path.relative_to(REPO))
        for name, path in modules.items()
        if path.name != "__init__.py" and path.name.startswith("qt_") != (name in loading)
    ]
    assert not wrong, "qt_ prefix (present iff importing the file loads Qt): " + ", ".join(wrong)


def test_ui_holds_widgets_and_their_own_helpers_only():
    modules = studio_modules()
    loading = modules_loading_qt(modules)
    ui = {n for n, path in modules.items() if n.startswith("studio.ui")}
    qt_free = {n for n in ui if n not in loading and modules[n].name != "__init__.py"}
    assert qt_free <= UI_WITHOUT_QT, (
        f"Qt-free logic belongs in studio.workflows: {qt_free - UI_WITHOUT_QT}"
    )
    assert not UI_WITHOUT_QT - qt_free, "stale entries"


def plugin_packages() -> set[str]:
    """The repo's plugin packages, and the example plugin's (an installable project)."""
    found = {f"plugins.{p.parent.name}" for p in (REPO / "plugins").glob("*/__init__.py")}
    return found | {p.parent.name for p in (REPO / "plugins").glob("*/src/*/__init__.py")}


def test_plugin_contract_covers_every_plugin_and_all_of_studio_but_the_api():
    config = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["importlinter"]
    contract = next(c for c in config["contracts"] if c["name"].startswith("Plugins import"))
    plugins = plugin_packages()
    assert plugins <= set(config["root_packages"])
    assert plugins <= set(contract["source_modules"])
    forbidden = set(contract["forbidden_modules"])
    tops = {".".join(n.split(".")[:2]) for n in studio_modules()} - {"studio", "studio.plugins"}
    api_siblings = {n for n in studio_modules() if n.startswith("studio.plugins.")}
    assert tops | (api_siblings - {"studio.plugins.api"}) <= forbidden
