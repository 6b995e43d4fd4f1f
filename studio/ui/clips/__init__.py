"""The clips panel: each shot's storyboard frame turned into a moving clip, and its takes played."""
