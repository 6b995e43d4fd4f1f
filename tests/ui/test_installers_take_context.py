"""The main window is no service locator: each panel's installer is handed the typed
AppContext (never the window), reads nothing off the window, and nobody but the action
registry and the window that makes it touches the menu bar (so no menu is found by title)."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import studio.ui
from studio.ui.qt_panels import INSTALLERS

UI = Path(studio.ui.__file__).parent
MENU_BAR_OWNERS = {"qt_action_registry.py", "qt_main_window.py"}


def _installers():
    for entry in INSTALLERS:
        module_name, _, name = entry.partition(":")
        module = importlib.import_module(module_name)
        yield entry, module, getattr(module, name)


def test_each_installer_takes_the_app_context():
    for entry, _module, install in _installers():
        first = next(iter(inspect.signature(install).parameters.values()))
        assert first.annotation == "AppContext", f"{entry} takes {first}"


def test_no_installer_module_reads_the_window():
    for entry, module, _install in _installers():
        tree = ast.parse(inspect.getsource(module))
        for node in ast.walk(tree):
            where = f"{entry}, line {getattr(node, 'lineno', '?')}"
            assert not (isinstance(node, ast.Name) and node.id == "window"), where
            assert not (isinstance(node, ast.arg) and node.arg == "window"), where
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "getattr":
                target = ast.unparse(node.args[0])
                assert "window" not in target and "host" not in target, where


def test_installers_use_the_host_window_only_as_a_qt_parent():
    for entry, _module, install in _installers():
        for node in ast.walk(ast.parse(inspect.getsource(install))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
                assert node.value.attr != "host", f"{entry} reads {ast.unparse(node)}"


def test_only_the_registry_touches_the_menu_bar():
    for path in UI.rglob("*.py"):
        if path.name in MENU_BAR_OWNERS:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("menuBar", "insertMenu"):
                raise AssertionError(f"{path.relative_to(UI)}:{node.lineno} finds menus itself")
