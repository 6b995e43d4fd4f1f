"""The Cast & Places panel (studio.engine.cast does the work; these are its widgets)."""
