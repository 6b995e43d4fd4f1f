"""An asset record from what probing a media file found."""

from __future__ import annotations

from pathlib import Path

from studio.media.probe import MediaInfo
from studio.model import Asset, MediaKind, new_id


def asset_from_info(
    info: MediaInfo,
    stored: str,
    name: str | None = None,
    provenance: dict | None = None,
    asset_id: str | None = None,
) -> Asset:
    """The asset for a probed file stored at `stored` (as the project writes its path)."""
    return Asset(
        id=asset_id if asset_id is not None else new_id("a"),
        kind=MediaKind(info.kind),
        name=name if name is not None else Path(info.path).stem,
        path=stored,
        width=info.width,
        height=info.height,
        fps=info.fps,
        frames=info.frames,
        sample_rate=info.sample_rate,
        samples=info.samples,
        channels=info.channels,
        has_audio=info.has_audio,
        provenance=provenance,
    )
