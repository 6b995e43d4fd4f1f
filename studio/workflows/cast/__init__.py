"""Cast and places: the story graph of characters, places and props, their references,
how they join a shot's request, and how far each shot drifts from them (docs/cast.md)."""
