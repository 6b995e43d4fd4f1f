"""Voices: the script's dialogue as lines, each character's voice, voicing requests."""
