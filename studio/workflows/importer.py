"""Bringing media files into a project: probe and copy (slow, any thread), then place (an edit).

The two halves are separate so the UI can run `prepare_import` on a worker thread and
apply the resulting edit on the GUI thread as one undoable step.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from studio.atomic import copy_file, fsync_folder
from studio.errors import MediaError, UserError
from studio.media.assets import asset_from_info
from studio.media.probe import probe
from studio.model import Asset, Clip, Document, MediaKind, Project, TrackKind, new_id
from studio.model.edits import AddAsset, AddTrack, Edit, InsertClip, Macro
from studio.model.files import save_project, stored_path
from studio.model.import_stage import new_stage, remove_stage, write_publish_list
from studio.model.project import clips_in_range


@dataclass
class Prepared:
    """Media ready to place: its asset, or why it could not be read."""

    source: Path
    asset: Asset | None = None
    error: str = ""


def prepare_import(
    folder: Path | None,
    files: Iterable[str | os.PathLike],
    copy: bool = True,
    provenance: dict | None = None,
) -> list[Prepared]:
    """Probe each file and, with `copy`, copy it into the project's media/ folder.

    Never raises for one bad file: its Prepared carries the reason instead.
    """
    prepared = []
    for file in files:
        source = Path(file)
        try:
            info = probe(source)
        except MediaError as exc:
            prepared.append(Prepared(source, error=str(exc)))
            continue
        location = source
        if copy and folder is not None:
            try:
                location = copy_into_media(folder, source)
            except OSError as exc:
                prepared.append(Prepared(source, error=f"cannot copy {source.name}: {exc}"))
                continue
        stored = stored_path(folder, location) if folder is not None else str(location.resolve())
        asset = asset_from_info(info, stored, source.stem, provenance)
        prepared.append(Prepared(source, asset))
    return prepared


def copy_into_media(folder: Path, source: Path) -> Path:
    """Copy a file into media/ under a name no other file has; returns the copy's path."""
    media = folder / "media"
    media.mkdir(parents=True, exist_ok=True)
    if source.resolve().parent == media.resolve():
        return source  # already there (a generated take)
    target = media / source.name
    n = 1
    while target.exists():
        target = media / f"{source.stem}-{n}{source.suffix}"
        n += 1
    return copy_file(source, target, MediaError)  # whole or absent


def placement_edit(
    project: Project,
    assets: Sequence[Asset],
    at_frame: int | None = None,
    track_id: str | None = None,
    durations: Sequence[int | None] | None = None,
) -> tuple[Edit, list[str]]:
    """One edit that adds the assets and places each after the previous one.

    Each goes on the first track of its kind (or `track_id`) with room at its place; if no
    track has room, a new track is added. `durations` (frames) overrides the length of
    each asset where given (stills take the project's still length otherwise). Video with
    sound also gets its sound on an audio track at the same place. Returns the edit and the
    new clip ids.
    """
    edits: list[Edit] = []
    clip_ids: list[str] = []
    # Where this import's clips end on each track. The cursor only moves right, so a new
    # clip overlaps what the import planned on a track exactly when it starts before that end.
    planned: dict[str, int] = {}
    # Tracks the edit will add, so later files of the same import can use them too.
    new_tracks: dict[str, TrackKind] = {}
    cursor = at_frame
    fps = project.settings.fps
    for index, asset in enumerate(assets):
        edits.append(AddAsset(asset))
        length = asset.length_frames(fps)
        duration = length if length is not None else project.settings.still_frames
        if durations is not None and durations[index] is not None:
            duration = durations[index]
        if duration < 1:
            raise UserError(f"{asset.name} is shorter than one frame at {fps} fps")
        kind = TrackKind.AUDIO if asset.kind is MediaKind.AUDIO else TrackKind.VIDEO
        if asset.kind is MediaKind.TEXT:
            kind = TrackKind.TEXT
        if cursor is None:
            cursor = _first_free_end(project, kind, track_id)
        parts = [(kind, asset.name)]
        link = None
        if asset.kind is MediaKind.VIDEO and asset.has_audio:
            parts.append((TrackKind.AUDIO, f"{asset.name} (sound)"))
            link = new_id("l")  # a video and its own sound move, trim and delete together
        for part_kind, name in parts:
            wanted = track_id if part_kind is kind else None
            target = _track_with_room(
                project, part_kind, cursor, duration, wanted, planned, new_tracks
            )
            if target is None:
                target = new_id("t")
                new_tracks[target] = part_kind
                edits.append(AddTrack(part_kind, track_id=target))
            planned[target] = cursor + duration
            clip = Clip(new_id("c"), asset.id, cursor, duration, 0, name, link=link)
            edits.append(InsertClip(target, clip))
            clip_ids.append(clip.id)
        cursor += duration
    label = f"Import {assets[0].name}" if len(assets) == 1 else f"Import {len(assets)} files"
    return Macro(label, edits), clip_ids


def _first_free_end(project: Project, kind: TrackKind, track_id: str | None) -> int:
    if track_id is not None and project.track(track_id) is not None:
        return project.track(track_id).end
    ends = [t.end for t in project.tracks if t.kind is kind and not t.locked]
    return min(ends, default=0)


def _track_with_room(project, kind, start, duration, wanted, planned, new_tracks):
    """The first track of `kind` free over [start, start + duration), counting what this
    import has already planned, including tracks it is about to add."""
    existing = [project.track(wanted)] if wanted and project.track(wanted) else []
    # Video fills from the bottom track up (V1 first), audio from the top down (A1 first).
    order = reversed(project.tracks) if kind is TrackKind.VIDEO else project.tracks
    existing += [t for t in order if t.kind is kind and t.id != wanted]
    ids = [t.id for t in existing if t.kind is kind and not t.locked]
    ids += [tid for tid, new_kind in new_tracks.items() if new_kind is kind]
    for tid in ids:
        track = project.track(tid)
        if track is not None and clips_in_range(track, start, start + duration):
            continue
        if start < planned.get(tid, start):
            continue
        return tid
    return None


def import_files(
    doc: Document,
    files: Iterable[str | os.PathLike],
    at_frame: int | None = None,
    copy: bool = True,
    provenance: dict | None = None,
    track_id: str | None = None,
    save: bool = False,
) -> tuple[list[str], list[Prepared]]:
    """Probe, copy and place files in one undoable step (for the CLI and tests).

    Returns the new clip ids and the files that could not be imported (with reasons): a
    bad file is reported, the good ones are imported. With `save`, saving the project is
    part of the import: copies are staged and published with a list of their names, so a
    failure or a kill at any moment leaves the project and its media/ as they were, or
    with the whole import (see studio.model.import_stage).
    """
    folder = doc.path
    prepared = prepare_import(folder, files, copy=False, provenance=provenance)
    refuse_unplaceable(doc.project, None, prepared)  # nothing copied yet: nothing to remove
    good = [p for p in prepared if p.asset is not None]
    failed = [p for p in prepared if p.asset is None]
    if not good:
        return [], failed
    if not copy or folder is None:
        clip_ids = _place(doc, [p.asset for p in good], at_frame, track_id)
        if save:
            save_project(doc)
        return clip_ids, failed
    stage = new_stage(folder)
    published: list[Path] = []
    applied = False
    try:
        moves = _stage_copies(folder, stage, good, failed)
        good = [p for p in good if p.asset is not None]
        if not good:
            return [], failed
        write_publish_list(stage, [final.name for _, final in moves])
        clip_ids = _place(doc, [p.asset for p in good], at_frame, track_id)
        applied = True
        for staged, final in moves:
            if final.exists():
                raise UserError(f"{final.name} appeared in media/ during the import")
            os.replace(staged, final)
            published.append(final)
        fsync_folder(folder / "media")
        if save:
            save_project(doc)
    except BaseException:
        if applied:
            doc.undo()
        for final in published:
            final.unlink(missing_ok=True)
        remove_stage(stage)
        raise
    remove_stage(stage)
    return clip_ids, failed


def refuse_unplaceable(project: Project, folder: Path | None, prepared: list[Prepared]) -> None:
    """Turn files too short to place (under one frame) into failures, removing their copies,
    so one such file neither refuses the whole batch nor leaves an orphan in media/."""
    for item in prepared:
        if item.asset is not None:
            error = _unplaceable(item.asset, project)
            if error:
                discard_copies(folder, [item])
                item.asset, item.error = None, error


def discard_copies(folder: Path | None, prepared: Iterable[Prepared]) -> None:
    """Remove the media/ copies `prepare_import` made for these files (an import that was
    refused or taken back); files that were already in media/ stay."""
    if folder is None:
        return
    media = (folder / "media").resolve()
    for item in prepared:
        if item.asset is None or item.source.resolve().parent == media:
            continue
        copy = Path(item.asset.path)
        copy = copy if copy.is_absolute() else folder / copy
        if copy.resolve().parent == media:
            copy.unlink(missing_ok=True)


def _unplaceable(asset: Asset, project: Project) -> str:
    length = asset.length_frames(project.settings.fps)
    if length is not None and length < 1:
        return f"{asset.name} is shorter than one frame at {project.settings.fps} fps"
    return ""


def _place(doc: Document, assets: list[Asset], at_frame, track_id) -> list[str]:
    edit, clip_ids = placement_edit(doc.project, assets, at_frame, track_id)
    result = doc.apply(edit)
    if not result:
        raise UserError(result.reason)
    return clip_ids


def _stage_copies(folder: Path, stage: Path, good: list[Prepared], failed: list[Prepared]):
    """Copy each file into the stage under the media/ name it will have; point its asset
    there. A file that cannot be copied moves to `failed`. Returns (staged, final) pairs."""
    media = folder / "media"
    taken: set[str] = set()
    moves = []
    for item in good:
        if item.source.resolve().parent == media.resolve():
            continue  # already in media/ (a generated take): nothing to copy
        final = _free_name(media, item.source, taken)
        staged = stage / final.name
        try:
            _copy_durably(item.source, staged)
        except OSError as exc:
            staged.unlink(missing_ok=True)
            item.asset, item.error = None, f"cannot copy {item.source.name}: {_why(exc)}"
            failed.append(item)
            continue
        taken.add(final.name)
        item.asset.path = stored_path(folder, final)
        moves.append((staged, final))
    return moves


def _free_name(media: Path, source: Path, taken: set[str]) -> Path:
    target = media / source.name
    n = 1
    while target.exists() or target.name in taken:
        target = media / f"{source.stem}-{n}{source.suffix}"
        n += 1
    return target


def _copy_durably(source: Path, target: Path) -> None:
    with open(source, "rb") as src, open(target, "xb") as dst:
        shutil.copyfileobj(src, dst, 1024 * 1024)
        dst.flush()
        os.fsync(dst.fileno())


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)
