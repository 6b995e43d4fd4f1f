"""The panels docked into the main window: each entry names a function `install(window)`.

The generation hub comes first: the script, storyboard, score and clips panels submit their
jobs through it (`window.generation`). Each installer adds its dock with
`window.add_panel(...)` and may add menu actions; it must be safe to call once per window.
"""

from __future__ import annotations

import importlib
import logging

log = logging.getLogger(__name__)

INSTALLERS = (
    "studio.ui.qt_generation:install_generation",
    "studio.ui.storyboard.qt_install:install_storyboard",
    "studio.ui.clips.qt_install:install_clips",
    "studio.ui.taste.qt_install:install_taste",
    "studio.ui.score.install:install_score",
    "studio.ui.script.qt_install:install_script",
    "studio.ui.playback.install:install_playback",
    "studio.ui.qt_interchange:install_interchange",
)


def install_panels(window) -> None:
    for entry in INSTALLERS:
        module_name, _, function = entry.partition(":")
        install = getattr(importlib.import_module(module_name), function)
        result = install(window)
        if function == "install_generation":
            window.generation = result
