"""The Cast & Places panel (studio.workflows.cast does the work; these are its widgets)."""
