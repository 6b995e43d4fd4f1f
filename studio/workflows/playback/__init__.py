"""The work playback and delivery send to processes: frames, proxies, OTIO, renders."""
