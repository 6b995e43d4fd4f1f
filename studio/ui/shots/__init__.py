"""Widgets the storyboard and clips panels share: the shot list, takes, prompt, generator, jobs."""
