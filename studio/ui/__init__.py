"""The PySide6 editor: main window, timeline, asset bin, viewer; the only layer that imports Qt."""

from studio.ui.gui_process import prepare_gui_process

prepare_gui_process()  # before any Qt call: the tweaks and their reasons are in that module
