"""The timeline's edits built from a selection: move, split, delete, paste."""
