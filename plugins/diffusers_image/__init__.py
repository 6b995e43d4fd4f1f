"""diffusers.image: storyboard frames from any diffusers text-to-image model (see generator.py)."""

from .generator import DiffusersImage

GENERATORS = [DiffusersImage]
