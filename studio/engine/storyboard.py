"""Storyboard operations as document edits: shots added, removed and reordered with their clips,
generated takes placed at their shot's slot, a take picked. Qt-free; the panel applies them.

Each function returns one Edit (a Macro where several things change) for `Document.apply`,
so every operation is one undo step that applies fully or not at all.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from studio.engine.importer import prepare_import
from studio.engine.provenance import read_provenance
from studio.errors import UserError
from studio.model import Asset, Clip, MediaKind, Project, Shot, Track, TrackKind, new_id
from studio.model.edits import (
    AddAsset,
    AddItem,
    AddTrack,
    DeleteClips,
    Edit,
    InsertClip,
    Macro,
    MoveClips,
    MoveItem,
    RemoveItem,
    RippleDelete,
    UpdateItem,
)

STORYBOARD_TRACK_NAME = "Storyboard"


def storyboard_track(project: Project) -> Track | None:
    """The video track that holds the storyboard: the one with most shot clips, else the
    bottom unlocked video track (V1), else None (placing a take then adds one)."""
    shot_ids = {s.id for s in project.shots}
    counts = Counter(
        track.id
        for track in project.tracks
        if track.kind is TrackKind.VIDEO
        for clip in track.clips
        if clip.shot_id in shot_ids
    )
    if counts:
        return project.track(counts.most_common(1)[0][0])
    videos = [t for t in project.tracks if t.kind is TrackKind.VIDEO and not t.locked]
    return videos[-1] if videos else None


def shot_clips(project: Project, shot_id: str) -> list[Clip]:
    """Every clip that shows this shot, on any track, in timeline order."""
    return sorted((c for c in project.all_clips() if c.shot_id == shot_id), key=lambda c: c.start)


def frame_clip(project: Project, shot_id: str) -> Clip | None:
    """The shot's frame on the storyboard track, if it has been placed."""
    track = storyboard_track(project)
    if track is None:
        return None
    return next((c for c in track.clips if c.shot_id == shot_id), None)


def add_shot(
    project: Project,
    description: str = "",
    *,
    scene_id: str | None = None,
    duration: int | None = None,
    index: int | None = None,
) -> tuple[Edit, str]:
    """A new shot (no frame yet); returns the edit and the shot's id."""
    length = project.settings.still_frames if duration is None else duration
    if length < 1:
        raise UserError("a shot lasts at least one frame")
    shot = Shot(new_id("h"), scene_id, description, length)
    edit = AddItem("shots", shot, index)
    edit.label = "Add shot"
    return edit, shot.id


def remove_shot(project: Project, shot_id: str, *, close_gap: bool = True) -> Edit:
    """Remove a shot and its clips; `close_gap` pulls the later storyboard frames left.
    Its takes stay in the project as media."""
    _shot(project, shot_id)
    clips = [c.id for c in shot_clips(project, shot_id)]
    edits: list[Edit] = [RemoveItem("shots", shot_id)]
    if clips:
        edits.insert(0, RippleDelete(clips) if close_gap else DeleteClips(clips))
    return Macro("Remove shot", edits)


def move_shot(project: Project, shot_id: str, index: int) -> Edit:
    """Reorder a shot; the shots' frames (and the clips linked to them) move on the timeline
    to follow the new order, keeping the gaps between frames where they were."""
    shot = _shot(project, shot_id)
    if not 0 <= index < len(project.shots):
        raise UserError(f"no shot position {index}")
    order = [s for s in project.shots if s is not shot]
    order.insert(index, shot)
    edits: list[Edit] = [MoveItem("shots", shot_id, index)]
    moves = _follow_order(project, order)
    if moves:
        edits.append(MoveClips(moves))
    return Macro("Reorder shots", edits)


def place_take(project: Project, shot_id: str, asset: Asset) -> Edit:
    """Add a generated take, make it the shot's picked take and show it at the shot's slot.

    A shot already on the storyboard keeps its clip's place and length (the timeline is
    where lengths are edited); a new one goes after the previous shot's frame, at the
    shot's length, pushing later frames on that track right.
    """
    shot = _shot(project, shot_id)
    if asset.kind is not MediaKind.IMAGE and asset.kind is not MediaKind.VIDEO:
        raise UserError(f"{asset.name} is {asset.kind}; a storyboard frame is an image or video")
    edits: list[Edit] = [
        AddAsset(asset),
        UpdateItem("shots", shot_id, {"takes": [*shot.takes, asset.id], "picked": asset.id}),
        *_show(project, shot, asset.id),
    ]
    return Macro("Place take", edits)


def pick_take(project: Project, shot_id: str, asset_id: str) -> Edit:
    """Use another of the shot's takes on the timeline; every take stays in the project."""
    shot = _shot(project, shot_id)
    if asset_id not in shot.takes:
        raise UserError(f"{asset_id} is not a take of this shot")
    edits: list[Edit] = [UpdateItem("shots", shot_id, {"picked": asset_id})]
    return Macro("Pick take", edits + _show(project, shot, asset_id))


def take_asset(folder: Path | None, path: Path, name: str = "") -> Asset:
    """The asset for a generated file (probed; its provenance read from the sidecar).
    Slow-ish: run it on a worker thread, then apply `place_take` on the GUI thread."""
    provenance = read_provenance(Path(path))
    data = provenance.model_dump(mode="json", by_alias=True) if provenance else None
    prepared = prepare_import(folder, [path], copy=True, provenance=data)[0]
    if prepared.asset is None:
        raise UserError(prepared.error)
    if name:
        prepared.asset.name = name
    return prepared.asset


def _shot(project: Project, shot_id: str) -> Shot:
    shot = project.item("shots", shot_id)
    if shot is None:
        raise UserError(f"there is no shot {shot_id}")
    return shot


def _show(project: Project, shot: Shot, asset_id: str) -> list[Edit]:
    """Edits that make the storyboard track show `asset_id` for `shot`."""
    existing = frame_clip(project, shot.id)
    if existing is not None:
        track = project.track_of(existing.id)
        # Same clip id: a selection or a link to this frame survives picking another take.
        clip = Clip(
            existing.id,
            asset_id,
            existing.start,
            existing.duration,
            0,
            existing.name,
            shot_id=shot.id,
        )
        return [DeleteClips([existing.id]), InsertClip(track.id, clip)]
    edits: list[Edit] = []
    track = storyboard_track(project)
    if track is None:
        track_id = new_id("t")
        edits.append(AddTrack(TrackKind.VIDEO, STORYBOARD_TRACK_NAME, track_id=track_id))
        start = 0
    else:
        track_id, start = track.id, _slot_start(project, track, shot)
    name = shot.description[:60] or "Shot"
    clip = Clip(new_id("c"), asset_id, start, shot.duration, 0, name, shot_id=shot.id)
    edits.append(InsertClip(track_id, clip, ripple=True))
    return edits


def _slot_start(project: Project, track: Track, shot: Shot) -> int:
    """Where an unplaced shot's frame goes: after the previous placed shot, else before the
    next placed one, else at the end of the track."""
    frames = {c.shot_id: c for c in track.clips if c.shot_id}
    index = project.shots.index(shot)
    for before in reversed(project.shots[:index]):
        if before.id in frames:
            return frames[before.id].end
    for after in project.shots[index + 1 :]:
        if after.id in frames:
            return frames[after.id].start
    return track.end


def _follow_order(project: Project, order: list[Shot]) -> list[tuple[str, int, None]]:
    """Clip moves that lay the placed frames out in `order` over the slots they fill now."""
    track = storyboard_track(project)
    if track is None:
        return []
    frames = {c.shot_id: c for c in track.clips if c.shot_id}
    placed = sorted((frames[s.id] for s in order if s.id in frames), key=lambda c: c.start)
    if not placed:
        return []
    # The gaps between frames stay where they are; the frames fill in around them.
    gaps = [b.start - a.end for a, b in zip(placed, placed[1:], strict=False)] + [0]
    cursor = placed[0].start
    moves = []
    for position, shot in enumerate(s for s in order if s.id in frames):
        delta = cursor - frames[shot.id].start
        if delta:
            moves += [(c.id, c.start + delta, None) for c in shot_clips(project, shot.id)]
        cursor += frames[shot.id].duration + gaps[position]
    return moves
