"""Which picture the viewer shows at a frame: the topmost visible video or image clip (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from studio.model import Asset, MediaKind, Project, TrackKind
from studio.model.project import clips_in_range


@dataclass(frozen=True)
class Picture:
    asset: Asset
    seconds: float  # where in the asset's media

    @property
    def key(self) -> tuple[str, float]:
        return (self.asset.id, round(self.seconds, 4))


def picture_at(project: Project, frame: int) -> Picture | None:
    """None where no visible picture track has a clip: the viewer shows black.

    Hidden tracks show nothing; when some picture tracks are soloed, only those show.
    """
    fps: Fraction = project.settings.fps
    pictures = [t for t in project.tracks if t.kind is TrackKind.VIDEO and not t.hidden]
    if any(t.solo for t in pictures):
        pictures = [t for t in pictures if t.solo]
    for track in pictures:  # display order: upper tracks cover lower ones
        for clip in clips_in_range(track, frame, frame + 1):
            asset = project.assets.get(clip.asset_id) if clip.asset_id else None
            if asset is None or asset.offline:
                continue
            if asset.kind is MediaKind.IMAGE:
                return Picture(asset, 0.0)
            if asset.kind is MediaKind.VIDEO:
                return Picture(asset, float((clip.source_in + frame - clip.start) / fps))
    return None
