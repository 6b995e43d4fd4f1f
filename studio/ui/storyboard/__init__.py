"""The storyboard panel: shots in story order, their frames generated, picked and placed."""
