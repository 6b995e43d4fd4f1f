"""A small timeline for the score tests: three scenes, their shots on V1, music on A1."""

from __future__ import annotations

from studio.model import Asset, Clip, MediaKind, Project, Scene, Shot, Track, TrackKind


def three_scene_project() -> Project:
    """Scenes s1 (frames 0-48), s2 (48-120: two shots), s3 (120-168) on track V1."""
    scenes = [
        Scene("s1", "EXT. GARDEN - DAWN", "A quiet morning. Birds. Peace over the garden."),
        Scene("s2", "INT. WAREHOUSE - NIGHT", "Footsteps. A gun. She hides in the shadow."),
        Scene("s3", "EXT. ROOFTOP - NIGHT", "The chase ends in an explosion; they escape."),
    ]
    shots = [
        Shot("h1", "s1", "wide: mist over the garden"),
        Shot("h2", "s2", "close: her nervous eyes"),
        Shot("h3", "s2", "the threat steps closer"),
        Shot("h4", "s3", "they run and fight"),
    ]
    spans = [("h1", 0, 48), ("h2", 48, 84), ("h3", 84, 120), ("h4", 120, 168)]
    still = Asset("still", MediaKind.IMAGE, "board", "media/board.png")  # any length
    clips = [
        Clip(f"c{shot}", still.id, start, end - start, shot_id=shot) for shot, start, end in spans
    ]
    video = Track("v1", TrackKind.VIDEO, "V1", clips)
    audio = Track("a1", TrackKind.AUDIO, "A1")
    return Project(assets={still.id: still}, tracks=[video, audio], scenes=scenes, shots=shots)
