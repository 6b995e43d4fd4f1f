"""Projects for the media-timing tests: tiny frames, media made at test time (see makers)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from studio.model import Asset, Clip, Document, Settings, Track, TrackKind, new_id
from studio.model.files import create_project
from studio.workflows.importer import prepare_import


def make_project(folder: Path, size=(64, 16), fps=24, sample_rate=48_000) -> Document:
    settings = Settings(fps=Fraction(fps), width=size[0], height=size[1], sample_rate=sample_rate)
    return create_project(folder, settings)


def add_asset(doc: Document, file: Path) -> Asset:
    """Import `file` as the editor does (probe, copy into media/)."""
    (prepared,) = prepare_import(doc.path, [file], copy=True)
    assert prepared.asset is not None, prepared.error
    doc.project.assets[prepared.asset.id] = prepared.asset
    return prepared.asset


def place(doc: Document, kind: TrackKind, asset: Asset, start: int, duration: int) -> Clip:
    """Put a clip on the first track of `kind` (tests build timelines without the edit funnel)."""
    track = next((t for t in doc.project.tracks if t.kind is kind), None)
    if track is None:
        track = Track(new_id("t"), kind, kind.value)
        doc.project.tracks.append(track)
    clip = Clip(new_id("c"), asset.id, start, duration)
    track.clips.append(clip)
    track.clips.sort(key=lambda c: c.start)
    doc.project.reindex()
    return clip
