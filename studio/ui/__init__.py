"""The PySide6 editor: main window, timeline, asset bin, viewer; the only layer that imports Qt."""
