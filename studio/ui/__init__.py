"""The PySide6 editor: main window, timeline, asset bin, viewer; the only layer that imports Qt."""

from studio.ui.none_refcount import keep_none_alive

keep_none_alive()
