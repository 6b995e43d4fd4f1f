"""Storyboard operations as document edits: shots added, removed and reordered with their clips,
generated takes placed at their shot's slot, a take picked. Qt-free; the panel applies them.

Each function returns one Edit (a Composite where several things change) for
`Document.apply`, so every operation is one undo step that applies fully or not at all. The
edit reads the project it is applied to, step by step, as the steps before left it; a
refusal (no such shot, a bad position) is the refused Result of `apply`, never raised here.
The functions take the project only so that all builders are called alike.
"""

from __future__ import annotations

from pathlib import Path

from studio.engine.provenance import read_provenance
from studio.errors import UserError
from studio.model import Asset, MediaKind, Project, Shot, new_id
from studio.model.edits import (
    AddAsset,
    AddItem,
    Composite,
    DeleteClips,
    Edit,
    EditError,
    InsertClip,
    MoveClips,
    MoveItem,
    RemoveItem,
    RippleDelete,
    UpdateItem,
)
from studio.model.transaction import Transaction
from studio.workflows.cast.graph import SyncElements
from studio.workflows.reel import reel

STORYBOARD_TRACK_NAME = reel.PICTURE_TRACK_NAME
storyboard_track = reel.picture_track
shot_clips = reel.shot_clips
frame_clip = reel.span_clip


def add_shot(
    project: Project,
    description: str = "",
    *,
    scene_id: str | None = None,
    duration: int | None = None,
    index: int | None = None,
) -> tuple[Edit, str]:
    """A new shot with its span on the picture track (a placeholder until it has a frame);
    added before the shot at `index`, whose span and those after it move right to make
    room. Returns the edit and the shot's id."""
    shot_id = new_id("h")

    def steps(tx: Transaction) -> None:
        project = tx.project
        length = project.settings.still_frames if duration is None else duration
        if length < 1:
            raise EditError("a shot lasts at least one frame")
        later = project.shots[index:] if index is not None else []
        shot = Shot(shot_id, scene_id, description, length)
        tx.run(AddItem("shots", shot, index))
        track = reel.picture_track(project)
        if track is None:
            add, track_id = reel.new_picture_track(project)
            tx.run(add)
            start = 0
        else:
            track_id = track.id
            shown, clips_of = reel.spans(project), reel.clips_by_shot(project)
            starts = [shown[s.id].start for s in later if s.id in shown]
            start = min(starts) if starts else track.end
            moves = [
                (c.id, c.start + length, None)
                for other in later
                for c in clips_of.get(other.id, ())
            ]
            if moves:
                # Right to left, so no clip moves onto one that has not moved yet.
                tx.run(MoveClips(sorted(moves, key=lambda m: -m[1]), linked=False))
        name = description[:60] or "Shot"
        tx.run(InsertClip(track_id, reel.placeholder(shot, start, length, name)))
        tx.run(SyncElements())

    return Composite("Add shot", steps), shot_id


def remove_shot(project: Project, shot_id: str, *, close_gap: bool = True) -> Edit:
    """Remove a shot and its clips; `close_gap` pulls the later storyboard frames left.
    Its takes stay in the project as media."""

    def steps(tx: Transaction) -> None:
        _shot(tx.project, shot_id)
        clips = [c.id for c in shot_clips(tx.project, shot_id)]
        if clips:
            tx.run(RippleDelete(clips) if close_gap else DeleteClips(clips))
        tx.run(RemoveItem("shots", shot_id))
        tx.run(SyncElements())

    return Composite("Remove shot", steps)


def move_shot(project: Project, shot_id: str, index: int) -> Edit:
    """Reorder a shot; the shots' frames (and the clips linked to them) move on the timeline
    to follow the new order, keeping the gaps between frames where they were."""

    def steps(tx: Transaction) -> None:
        _shot(tx.project, shot_id)
        if not 0 <= index < len(tx.project.shots):
            raise EditError(f"no shot position {index}")
        tx.run(MoveItem("shots", shot_id, index))
        moves = _follow_order(tx.project, tx.project.shots)  # the order just made
        if moves:
            tx.run(MoveClips(moves))
        tx.run(SyncElements())

    return Composite("Reorder shots", steps)


def describe_shot(project: Project, shot_id: str, text: str) -> Edit:
    """A new description for a shot; the cast and places it names follow it."""

    def steps(tx: Transaction) -> None:
        _shot(tx.project, shot_id)
        tx.run(UpdateItem("shots", shot_id, {"description": text}))
        tx.run(SyncElements())

    return Composite("Describe shot", steps)


def place_take(project: Project, shot_id: str, asset: Asset) -> Edit:
    """Add a generated take, make it the shot's picked take and show it in the shot's span
    (same start and length; the span's other shots stay where they are)."""

    def steps(tx: Transaction) -> None:
        shot = _shot(tx.project, shot_id)
        if asset.kind is not MediaKind.IMAGE and asset.kind is not MediaKind.VIDEO:
            raise EditError(
                f"{asset.name} is {asset.kind}; a storyboard frame is an image or video"
            )
        tx.run(AddAsset(asset))
        tx.run(UpdateItem("shots", shot_id, {"takes": [*shot.takes, asset.id], "picked": asset.id}))
        tx.run(reel.ShowInSpan(shot_id, asset))

    return Composite("Place take", steps)


def pick_take(project: Project, shot_id: str, asset_id: str) -> Edit:
    """Use another of the shot's takes in its span; every take stays in the project."""

    def steps(tx: Transaction) -> None:
        shot = _shot(tx.project, shot_id)
        if asset_id not in shot.takes:
            raise EditError(f"{asset_id} is not a take of this shot")
        tx.run(UpdateItem("shots", shot_id, {"picked": asset_id}))
        tx.run(reel.ShowInSpan(shot_id, tx.project.assets[asset_id]))

    return Composite("Pick take", steps)


def take_asset(folder: Path | None, path: Path, name: str = "") -> Asset:
    """The asset for a generated file (probed; its provenance read from the sidecar).
    Slow-ish: run it on a worker thread, then apply `place_take` on the GUI thread."""
    provenance = read_provenance(Path(path))
    data = provenance.model_dump(mode="json", by_alias=True) if provenance else None
    from studio.workflows.importer import prepare_import  # probing (av): on use, not at import

    prepared = prepare_import(folder, [path], copy=True, provenance=data)[0]
    if prepared.asset is None:
        raise UserError(prepared.error)
    if name:
        prepared.asset.name = name
    return prepared.asset


def _shot(project: Project, shot_id: str) -> Shot:
    shot = project.item("shots", shot_id)
    if shot is None:
        raise EditError(f"there is no shot {shot_id}")
    return shot


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
    clips_of = reel.clips_by_shot(project)  # one pass, not one per shot
    for position, shot in enumerate(s for s in order if s.id in frames):
        delta = cursor - frames[shot.id].start
        if delta:
            moves += [(c.id, c.start + delta, None) for c in clips_of.get(shot.id, ())]
        cursor += frames[shot.id].duration + gaps[position]
    return moves
