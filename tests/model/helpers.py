"""Small builders for documents used across the model tests."""

from __future__ import annotations

from fractions import Fraction

from studio.model import Asset, Clip, Document, MediaKind, Project, Settings, Track, TrackKind
from studio.model.serialize import project_to_data


def make_doc(fps: int = 24) -> Document:
    """Two video tracks, two audio tracks, one text track; a 100-frame video, an image, audio."""
    assets = {
        "vid": Asset("vid", MediaKind.VIDEO, "take", "vid.mp4", 640, 360, Fraction(24), 100),
        "img": Asset("img", MediaKind.IMAGE, "card", "img.png", 640, 360),
        "aud": Asset(
            "aud", MediaKind.AUDIO, "score", "aud.wav", sample_rate=48000, samples=48000 * 10
        ),
        "mov": Asset(
            "mov", MediaKind.VIDEO, "mute", "mov.mp4", 64, 64, Fraction(24), 50, has_audio=False
        ),
    }
    tracks = [
        Track("V2", TrackKind.VIDEO, "V2"),
        Track("V1", TrackKind.VIDEO, "V1"),
        Track("A1", TrackKind.AUDIO, "A1"),
        Track("A2", TrackKind.AUDIO, "A2"),
        Track("T1", TrackKind.TEXT, "T1"),
    ]
    return Document(Project(settings=Settings(fps=Fraction(fps)), assets=assets, tracks=tracks))


def add(doc: Document, track: str, clip_id: str, start: int, duration: int, asset="vid", src=0):
    from studio.model.edits import InsertClip

    result = doc.apply(InsertClip(track, Clip(clip_id, asset, start, duration, src, clip_id)))
    assert result, result.reason
    return doc.project.clip(clip_id)


def layout(doc: Document, track: str) -> list[tuple[str, int, int, int]]:
    """(id, start, duration, source_in) of each clip on a track, in order."""
    return [(c.id, c.start, c.duration, c.source_in) for c in doc.project.track(track).clips]


def snapshot(doc: Document) -> dict:
    return project_to_data(doc.project)
