"""music.musicgen: MusicGen text to music (transformers), continuing a clip or a melody."""

from .generator import MusicGen

GENERATORS = [MusicGen]
