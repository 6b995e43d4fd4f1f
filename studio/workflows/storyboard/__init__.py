"""The storyboard: shots as edits, their fused frame requests, shot lengths."""
