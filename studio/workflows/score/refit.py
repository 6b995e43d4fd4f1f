"""Noticing that the cut under a placed score has moved, so the panel can offer to refit it.

When a score is placed, `cut_record` notes the picture clips under its range; the record
goes into the take's provenance as `fitted_to` (JSON). `refit_offers` compares it with the
timeline as it is now and says which scores no longer fit and what range would fit them.
"""

from __future__ import annotations

from dataclasses import dataclass

from studio.model import Project, TrackKind
from studio.model.project import clips_in_range

FITTED_TO = "fitted_to"  # the provenance key


@dataclass(frozen=True)
class Moved:
    clip_id: str
    old: tuple[int, int]  # frames [start, end) when the score was fitted
    new: tuple[int, int]  # frames [start, end) now


@dataclass(frozen=True)
class RefitOffer:
    """A placed score whose cut moved later: the range it had and the range to refit to."""

    score_clip_id: str
    old_range: tuple[int, int]
    new_range: tuple[int, int]
    moved: tuple[Moved, ...]
    removed: tuple[str, ...] = ()  # clips that were under it and are gone

    @property
    def new_length(self) -> int:
        return self.new_range[1] - self.new_range[0]


def cut_record(project: Project, start: int, end: int) -> dict:
    """What the score for frames [start, end) is fitted to, as JSON for its provenance."""
    clips = [
        [clip.id, clip.start, clip.end]
        for track in project.tracks
        if track.kind is TrackKind.VIDEO
        for clip in clips_in_range(track, start, end)
    ]
    return {"start": start, "end": end, "clips": clips}


def refit_offers(project: Project) -> list[RefitOffer]:
    """An offer for each score clip on an audio track whose recorded cut moved later."""
    offers = []
    for track in project.tracks:
        if track.kind is not TrackKind.AUDIO:
            continue
        for clip in track.clips:
            asset = project.assets.get(clip.asset_id or "")
            record = (asset.provenance or {}).get(FITTED_TO) if asset else None
            if record:
                offer = refit_offer(project, clip.id, record)
                if offer is not None:
                    offers.append(offer)
    return offers


def refit_offer(project: Project, score_clip_id: str, record: dict) -> RefitOffer | None:
    """The offer for one score, or None while its cut has not moved later.

    The new range keeps the score's lead-in before its first clip and its tail after its
    last, and spans where those clips are now. A cut that only moved earlier or got
    shorter still fits (the score overhangs), so it is not offered.
    """
    old_start, old_end = int(record["start"]), int(record["end"])
    moved, removed, spans = [], [], []
    for clip_id, start, end in record.get("clips", []):
        clip = project.clip(clip_id)
        if clip is None:
            removed.append(clip_id)
            continue
        spans.append((start, end, clip.start, clip.end))
        if (clip.start, clip.end) != (start, end):
            moved.append(Moved(clip_id, (start, end), (clip.start, clip.end)))
    if not spans or not any(m.new[0] > m.old[0] or m.new[1] > m.old[1] for m in moved):
        return None
    lead = min(old_start_ for old_start_, _, _, _ in spans) - old_start
    tail = old_end - max(old_end_ for _, old_end_, _, _ in spans)
    new_start = max(0, min(now_start for _, _, now_start, _ in spans) - lead)
    new_end = max(now_end for _, _, _, now_end in spans) + tail
    return RefitOffer(
        score_clip_id, (old_start, old_end), (new_start, new_end), tuple(moved), tuple(removed)
    )
