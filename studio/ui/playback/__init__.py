"""Real-time playback and delivery: clock, frames made off the GUI thread, proxies, renders."""
