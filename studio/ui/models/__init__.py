"""The Models window, the panels' model choice, and the first-run welcome."""
