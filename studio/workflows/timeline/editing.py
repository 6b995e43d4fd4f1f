"""The edits the timeline's commands build from a selection: move, split, delete, paste (no Qt)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from studio.model import Clip, Project, new_id
from studio.model.edits import Edit, InsertClip, Macro, MoveClips, SplitClip
from studio.model.project import clips_in_range


@dataclass(frozen=True)
class Origin:
    """Where a dragged clip was when the drag began."""

    clip_id: str
    start: int
    row: int


def origins(project: Project, clip_ids) -> list[Origin]:
    rows = {t.id: i for i, t in enumerate(project.tracks)}
    found = []
    for cid in clip_ids:
        clip, track = project.clip(cid), project.track_of(cid)
        if clip is not None:
            found.append(Origin(cid, clip.start, rows[track.id]))
    return found


def move_edit(
    project: Project,
    moved: list[Origin],
    frames: int,
    rows: int,
    merge_key: Any,
    linked: bool = True,
) -> MoveClips | str:
    """Move clips by `frames` and `rows` from where they started (their linked clips by
    the same frames, on their own tracks); a str says why it can't."""
    frames = max(frames, -min(o.start for o in moved))  # the group stops at the start
    moves = []
    for origin in moved:
        row = origin.row + rows
        if not 0 <= row < len(project.tracks):
            return "there is no track there"
        moves.append((origin.clip_id, origin.start + frames, project.tracks[row].id))
    return MoveClips(moves, merge_key=merge_key, linked=linked)


def split_edit(
    project: Project, selection: set[str], frame: int, linked: bool = True
) -> Edit | None:
    """Split the selected clips at `frame`; when none of the selection is under it, every
    unlocked clip there (a selection elsewhere must not make S do nothing)."""
    clips = [project.clip(cid) for cid in selection]
    targets = [c for c in clips if c is not None and c.start < frame < c.end]
    if not targets:
        targets = [
            clip
            for track in project.tracks
            if not track.locked
            for clip in clips_in_range(track, frame, frame + 1)
            if clip.start < frame
        ]
    if not targets:
        return None
    # A clip already cut as the partner of an earlier one is not cut twice.
    done: set[str] = set()
    edits = []
    for clip in targets:
        if clip.id in done:
            continue
        if linked and clip.link:
            done.update(c.id for c in project.all_clips() if c.link == clip.link)
        edits.append(SplitClip(clip.id, frame, linked=linked))
    return Macro("Split", edits)


@dataclass(frozen=True)
class Copied:
    """Clips on the clipboard: copies with starts relative to the first, and their tracks."""

    clips: tuple[tuple[str, Clip], ...]  # (track id, clip)


def copy_clips(project: Project, clip_ids) -> Copied | None:
    picked = [
        (project.track_of(cid).id, project.clip(cid)) for cid in clip_ids if project.clip(cid)
    ]
    if not picked:
        return None
    first = min(clip.start for _, clip in picked)
    return Copied(
        tuple((tid, dataclasses.replace(clip, start=clip.start - first)) for tid, clip in picked)
    )


def paste_edit(project: Project, copied: Copied, at_frame: int) -> tuple[Edit, list[str]]:
    """Insert fresh copies at `at_frame` on the tracks they came from (one undo step)."""
    edits, ids = [], []
    links: dict[str, str] = {}  # copies are linked among themselves, not to the originals
    for track_id, clip in copied.clips:
        link = links.setdefault(clip.link, new_id("l")) if clip.link else None
        fresh = dataclasses.replace(clip, id=new_id("c"), start=clip.start + at_frame, link=link)
        edits.append(InsertClip(track_id, fresh))
        ids.append(fresh.id)
    return Macro("Paste", edits), ids
