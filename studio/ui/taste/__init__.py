"""Taste in the editor: semantic search, "more like this", ranked takes and suggestions."""
