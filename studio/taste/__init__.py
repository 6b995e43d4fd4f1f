"""Taste: what this user keeps, learned on this machine, to rank takes and search assets."""
