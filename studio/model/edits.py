"""Every change a user can make to a project, each one undoable.

An edit checks what it needs, then runs primitive ops in a transaction. If it raises
EditError part-way, the document rolls the transaction back: an edit either fully
applies or changes nothing, and its message says why.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from studio.model import ops
from studio.model.entities import (
    TRACK_ACCEPTS,
    Asset,
    Clip,
    Marker,
    MediaKind,
    Track,
    TrackKind,
    new_id,
)
from studio.model.project import ITEM_LISTS, Project, clips_in_range, first_clip_from
from studio.model.time import timecode
from studio.model.transaction import EditError, Transaction


class Edit:
    """Base of all edits. `merge_key`: consecutive edits with the same key are one undo step."""

    label = "Edit"
    merge_key: Any = None

    def run(self, tx: Transaction) -> None:
        raise NotImplementedError


# -- checks shared by the clip edits ---------------------------------------------------


def _describe(clip: Clip) -> str:
    return f"'{clip.name}'" if clip.name else f"clip {clip.id}"


def _track(project: Project, track_id: str) -> Track:
    track = project.track(track_id)
    if track is None:
        raise EditError(f"there is no track {track_id}")
    return track


def _unlocked(project: Project, track_id: str) -> Track:
    track = _track(project, track_id)
    if track.locked:
        raise EditError(f"track {track.name} is locked")
    return track


def _clip(project: Project, clip_id: str) -> Clip:
    clip = project.clip(clip_id)
    if clip is None:
        raise EditError(f"there is no clip {clip_id}")
    return clip


def check_placement(project: Project, track: Track, clip: Clip) -> None:
    """Raise EditError unless `clip` can sit on `track` as it is (it must not be on it)."""
    if clip.duration < 1:
        raise EditError(f"{_describe(clip)} would be shorter than one frame")
    if clip.start < 0:
        raise EditError(f"{_describe(clip)} would start before the timeline's start")
    if clip.source_in < 0:
        raise EditError(f"{_describe(clip)} would start before its media's start")
    if clip.asset_id is not None:
        asset = project.assets.get(clip.asset_id)
        if asset is None:
            raise EditError(f"{_describe(clip)} uses a missing asset {clip.asset_id}")
        if asset.kind not in TRACK_ACCEPTS[track.kind]:
            raise EditError(f"a {asset.kind} clip cannot go on {track.kind} track {track.name}")
        if track.kind is TrackKind.AUDIO and asset.kind is MediaKind.VIDEO and not asset.has_audio:
            raise EditError(f"{asset.name} has no sound to place on audio track {track.name}")
        length = asset.length_frames(project.settings.fps)
        if length is not None and clip.source_in + clip.duration > length:
            raise EditError(
                f"{_describe(clip)} would run past the end of its media ({length} frames)"
            )
    elif track.kind is TrackKind.AUDIO:
        raise EditError(f"a text clip cannot go on {track.kind} track {track.name}")
    for other in clips_in_range(track, clip.start, clip.end):
        if other.id != clip.id:
            raise EditError(
                f"{_describe(clip)} would overlap {_describe(other)} on {track.name} at "
                f"{timecode(max(clip.start, other.start), project.settings.fps)}"
            )


# -- links -------------------------------------------------------------------------------


def linked_clips(project: Project, clip_ids: Iterable[str]) -> list[Clip]:
    """The clips named and every clip linked to one of them, each once, in the given order
    first. Clips without a link are their own group."""
    named = [_clip(project, clip_id) for clip_id in dict.fromkeys(clip_ids)]
    links = {c.link for c in named if c.link}
    if not links:
        return named
    seen = {c.id for c in named}
    partners = [c for c in project.all_clips() if c.link in links and c.id not in seen]
    return named + sorted(partners, key=lambda c: c.start)


# -- assets ------------------------------------------------------------------------------


@dataclass(eq=False)
class AddAsset(Edit):
    asset: Asset
    label = "Add media"

    def run(self, tx):
        if self.asset.id in tx.project.assets:
            raise EditError(f"asset {self.asset.id} already exists")
        tx.do(ops.PutAsset(self.asset))


@dataclass(eq=False)
class RemoveAsset(Edit):
    asset_id: str
    label = "Remove media"

    def run(self, tx):
        if self.asset_id not in tx.project.assets:
            raise EditError(f"there is no asset {self.asset_id}")
        used = tx.project.clips_using(self.asset_id)
        if used:
            raise EditError(f"{len(used)} clip(s) still use this media; delete them first")
        tx.do(ops.TakeAsset(self.asset_id))


@dataclass(eq=False)
class RelinkAsset(Edit):
    """Point an asset at another file (the caller probed it); clips must still fit."""

    asset_id: str
    path: str
    facts: dict[str, Any] = field(default_factory=dict)  # width, height, fps, frames, ...
    label = "Relink media"

    def run(self, tx):
        project = tx.project
        if self.asset_id not in project.assets:
            raise EditError(f"there is no asset {self.asset_id}")
        old = project.assets[self.asset_id]
        if "kind" in self.facts and self.facts["kind"] != old.kind:
            raise EditError(f"{old.name} is {old.kind}; the new file is {self.facts['kind']}")
        tx.do(ops.SetAsset(self.asset_id, {"path": self.path, "offline": False, **self.facts}))
        for clip in project.clips_using(self.asset_id):
            track = project.track_of(clip.id)
            tx.do(ops.TakeClip(clip.id))
            check_placement(project, track, clip)
            tx.do(ops.PutClip(track.id, clip))


# -- tracks ------------------------------------------------------------------------------


@dataclass(eq=False)
class AddTrack(Edit):
    kind: TrackKind
    name: str = ""
    index: int | None = None
    track_id: str = field(default_factory=lambda: new_id("t"))
    label = "Add track"

    def run(self, tx):
        kind = TrackKind(self.kind)
        project = tx.project
        name = self.name or _next_track_name(project, kind)
        index = len(project.tracks) if self.index is None else self.index
        if not 0 <= index <= len(project.tracks):
            raise EditError(f"no track position {index}")
        tx.do(ops.PutTrack(index, Track(self.track_id, kind, name)))


def _next_track_name(project: Project, kind: TrackKind) -> str:
    letter = {"video": "V", "audio": "A", "text": "T"}[kind]
    taken = {t.name for t in project.tracks}
    n = sum(1 for t in project.tracks if t.kind == kind) + 1
    while f"{letter}{n}" in taken:
        n += 1
    return f"{letter}{n}"


@dataclass(eq=False)
class RemoveTrack(Edit):
    track_id: str
    label = "Remove track"

    def run(self, tx):
        _unlocked(tx.project, self.track_id)
        tx.do(ops.TakeTrack(self.track_id))


@dataclass(eq=False)
class SetTrackFlags(Edit):
    """Mute, solo, lock or hide a track (locking is allowed on a locked track)."""

    track_id: str
    flags: dict[str, bool]
    label = "Track settings"

    def run(self, tx):
        allowed = {"muted", "solo", "locked", "hidden"}
        unknown = set(self.flags) - allowed
        if unknown:
            raise EditError(f"unknown track setting {sorted(unknown)[0]}")
        _track(tx.project, self.track_id)
        tx.do(ops.SetTrack(self.track_id, dict(self.flags)))


@dataclass(eq=False)
class MoveTrack(Edit):
    track_id: str
    index: int
    label = "Reorder tracks"

    def run(self, tx):
        project = tx.project
        _track(project, self.track_id)
        if not 0 <= self.index < len(project.tracks):
            raise EditError(f"no track position {self.index}")
        tx.do(ops.TakeTrack(self.track_id))
        track = tx.inverses[-1].track
        tx.do(ops.PutTrack(self.index, track))


# -- clips -------------------------------------------------------------------------------


@dataclass(eq=False)
class InsertClip(Edit):
    """Place a new clip. With `ripple`, later clips on the track move right to make room."""

    track_id: str
    clip: Clip
    ripple: bool = False
    label = "Insert clip"

    def run(self, tx):
        project = tx.project
        track = _unlocked(project, self.track_id)
        if project.clip(self.clip.id) is not None:
            raise EditError(f"clip {self.clip.id} already exists")
        if self.ripple:
            # Split nothing: an insert inside a clip is refused, at a cut it pushes right.
            inside = [c for c in clips_in_range(track, self.clip.start, self.clip.start + 1)]
            if inside and inside[0].start != self.clip.start:
                raise EditError(f"cannot insert inside {_describe(inside[0])}; split it first")
            tx.do(ops.ShiftClips(track.id, self.clip.start, self.clip.duration))
        check_placement(project, track, self.clip)
        tx.do(ops.PutClip(track.id, self.clip))


@dataclass(eq=False)
class MoveClips(Edit):
    """Move clips to new starts, and optionally other tracks of the same kind, together."""

    moves: Sequence[tuple[str, int, str | None]]  # (clip id, new start, new track id or None)
    merge_key: Any = None
    linked: bool = True  # linked clips move by the same amount, each on its own track
    label = "Move"

    def run(self, tx):
        project = tx.project
        placed: list[tuple[Track, Clip, int]] = []
        for clip_id, start, track_id in self._with_links(project):
            clip = _clip(project, clip_id)
            source = project.track_of(clip_id)
            if source.locked:
                raise EditError(f"track {source.name} is locked")
            target = _unlocked(project, track_id) if track_id else source
            if target.kind != source.kind:
                raise EditError(
                    f"{_describe(clip)} cannot move from {source.kind} track {source.name} "
                    f"to {target.kind} track {target.name}"
                )
            if start == clip.start and target is source:
                continue  # already there: a move that changes nothing is no undo step
            placed.append((target, clip, start))
        # Lift all first, so clips of one selection may move into each other's places.
        for _, clip, _ in placed:
            tx.do(ops.TakeClip(clip.id))
        for target, clip, start in placed:
            moved = dataclasses.replace(clip, start=start)
            check_placement(project, target, moved)
            tx.do(ops.PutClip(target.id, moved))

    def _with_links(self, project: Project) -> list[tuple[str, int, str | None]]:
        moves = list(self.moves)
        if not self.linked:
            return moves
        named = {clip_id for clip_id, _, _ in moves}
        for clip_id, start, _ in self.moves:
            clip = _clip(project, clip_id)
            if not clip.link:
                continue
            delta = start - clip.start
            for partner in linked_clips(project, [clip_id])[1:]:
                if partner.id not in named:
                    named.add(partner.id)
                    moves.append((partner.id, partner.start + delta, None))
        return moves


def MoveClip(
    clip_id: str,
    start: int,
    track_id: str | None = None,
    merge_key: Any = None,
    linked: bool = True,
):
    """Move one clip, and the clips linked to it (see MoveClips)."""
    return MoveClips([(clip_id, start, track_id)], merge_key=merge_key, linked=linked)


@dataclass(eq=False)
class TrimClip(Edit):
    """Move one edge of a clip to `frame`; the other edge stays where it is."""

    clip_id: str
    edge: str  # "start" | "end"
    frame: int
    merge_key: Any = None
    linked: bool = True  # linked clips whose same edge is at the same frame follow
    label = "Trim"

    def run(self, tx):
        project = tx.project
        clip = _clip(project, self.clip_id)
        if self.edge not in ("start", "end"):
            raise EditError(f"a clip has no edge {self.edge!r}")
        at = clip.start if self.edge == "start" else clip.end
        partners = linked_clips(project, [clip.id])[1:] if self.linked else []
        for other in [clip, *partners]:
            if (other.start if self.edge == "start" else other.end) == at:
                self._trim(tx, other)

    def _trim(self, tx, clip: Clip) -> None:
        project = tx.project
        track = _unlocked(project, project.track_of(clip.id).id)
        if self.edge == "start":
            delta = self.frame - clip.start
            trimmed = dataclasses.replace(
                clip,
                start=self.frame,
                duration=clip.duration - delta,
                source_in=clip.source_in + delta,
            )
        else:
            trimmed = dataclasses.replace(clip, duration=self.frame - clip.start)
        if trimmed.source_in < 0:
            raise EditError(f"{_describe(clip)} cannot start before its media's first frame")
        if (trimmed.start, trimmed.duration) == (clip.start, clip.duration):
            return  # the edge is already there
        trimmed = _fit_fades(trimmed)
        tx.do(ops.TakeClip(clip.id))
        check_placement(project, track, trimmed)
        tx.do(ops.PutClip(track.id, trimmed))


def _fit_fades(clip: Clip) -> Clip:
    """Shorten fades and dissolve that no longer fit a shortened clip."""
    fade_in = min(clip.fade_in, max(clip.duration, 0))
    fade_out = min(clip.fade_out, max(clip.duration - fade_in, 0))
    dissolve = min(clip.dissolve_in, max(clip.duration, 0))
    if (fade_in, fade_out, dissolve) == (clip.fade_in, clip.fade_out, clip.dissolve_in):
        return clip
    return dataclasses.replace(clip, fade_in=fade_in, fade_out=fade_out, dissolve_in=dissolve)


@dataclass(eq=False)
class SplitClip(Edit):
    clip_id: str
    frame: int
    new_clip_id: str = field(default_factory=lambda: new_id("c"))
    linked: bool = True  # linked clips under the frame are cut too; the right parts link anew
    label = "Split"

    def run(self, tx):
        project = tx.project
        clip = _clip(project, self.clip_id)
        if not clip.start < self.frame < clip.end:
            raise EditError(f"frame {self.frame} is not inside {_describe(clip)}")
        partners = linked_clips(project, [clip.id])[1:] if self.linked else []
        cut = [c for c in partners if c.start < self.frame < c.end]
        right_link = new_id("l") if clip.link and self.linked else clip.link
        self._split(tx, clip, self.new_clip_id, right_link)
        for other in cut:
            self._split(tx, other, new_id("c"), right_link)

    def _split(self, tx, clip: Clip, new_clip_id: str, right_link: str | None) -> None:
        project = tx.project
        track = _unlocked(project, project.track_of(clip.id).id)
        # The cut keeps the outer fades: the left part fades in, the right part fades out.
        left = _fit_fades(dataclasses.replace(clip, duration=self.frame - clip.start, fade_out=0))
        right = _fit_fades(
            dataclasses.replace(
                clip,
                id=new_clip_id,
                link=right_link,
                start=self.frame,
                duration=clip.end - self.frame,
                source_in=clip.source_in + (self.frame - clip.start),
                fade_in=0,
                dissolve_in=0,
            )
        )
        tx.do(ops.TakeClip(clip.id))
        tx.do(ops.PutClip(track.id, left))
        tx.do(ops.PutClip(track.id, right))


@dataclass(eq=False)
class DeleteClips(Edit):
    clip_ids: Iterable[str]
    linked: bool = True  # linked clips go too
    label = "Delete"

    def run(self, tx):
        project = tx.project
        ids = list(self.clip_ids)
        clips = linked_clips(project, ids) if self.linked else [_clip(project, i) for i in ids]
        for clip in {c.id: c for c in clips}.values():
            _unlocked(project, project.track_of(clip.id).id)
            tx.do(ops.TakeClip(clip.id))


@dataclass(eq=False)
class RippleDelete(Edit):
    """Delete clips and close the space they leave on their own tracks."""

    clip_ids: Iterable[str]
    linked: bool = True  # linked clips go too, and every track holding linked material closes
    label = "Ripple delete"

    def run(self, tx):
        project = tx.project
        ids = list(self.clip_ids)
        if not self.linked:
            clips = [_clip(project, clip_id) for clip_id in dict.fromkeys(ids)]
            # Right to left, so each shift leaves the positions of the ones still to do alone.
            for clip in sorted(clips, key=lambda c: c.start, reverse=True):
                track = _unlocked(project, project.track_of(clip.id).id)
                tx.do(ops.TakeClip(clip.id))
                tx.do(ops.ShiftClips(track.id, clip.end, -clip.duration))
            return
        spans: dict[tuple[int, int], list[Clip]] = {}
        for clip in linked_clips(project, ids):
            spans.setdefault((clip.start, clip.end), []).append(clip)
        # Right to left, so each shift leaves the spans still to do where they are.
        for (start, end), clips in sorted(spans.items(), reverse=True):
            tracks = {}
            for clip in clips:
                track = _unlocked(project, project.track_of(clip.id).id)
                tracks[track.id] = track
                tx.do(ops.TakeClip(clip.id))
            for track in _sync_tracks(project, list(tracks.values()), end):
                _unlocked(project, track.id)
                for other in clips_in_range(track, start, end):
                    raise EditError(
                        f"closing the gap would pull {track.name} out of sync: "
                        f"{_describe(other)} lies in it"
                    )
                tx.do(ops.ShiftClips(track.id, end, start - end))


def _sync_tracks(project: Project, tracks: list[Track], after: int) -> list[Track]:
    """`tracks`, and every track holding a clip linked to one that moves when they close
    the gap at `after` (and so on): the tracks that must shift together to stay in sync."""
    by_link: dict[str, set[str]] = {}
    for track in project.tracks:
        for clip in track.clips:
            if clip.link:
                by_link.setdefault(clip.link, set()).add(track.id)
    chosen = {t.id: t for t in tracks}
    todo = list(tracks)
    while todo:
        track = todo.pop()
        for clip in track.clips[first_clip_from(track, after) :]:
            for track_id in by_link.get(clip.link, ()) if clip.link else ():
                if track_id not in chosen:
                    chosen[track_id] = project.track(track_id)
                    todo.append(chosen[track_id])
    return list(chosen.values())


@dataclass(eq=False)
class RemoveGap(Edit):
    """Close the empty space at `frame` on a track by moving the later clips left."""

    track_id: str
    frame: int
    label = "Remove gap"

    def run(self, tx):
        project = tx.project
        track = _unlocked(project, self.track_id)
        fps = project.settings.fps
        if clips_in_range(track, self.frame, self.frame + 1):
            raise EditError(f"there is a clip, not a gap, at {timecode(self.frame, fps)}")
        after = first_clip_from(track, self.frame)
        if after == len(track.clips):
            raise EditError(f"nothing follows {timecode(self.frame, fps)} on {track.name}")
        gap_start = track.clips[after - 1].end if after > 0 else 0
        gap_end = track.clips[after].start
        tx.do(ops.ShiftClips(track.id, gap_end, gap_start - gap_end))


@dataclass(eq=False)
class SetClipFields(Edit):
    """Change a clip's name, text, shot, level, fades, opacity, dissolve, ducking or whether
    it is enabled (not its place)."""

    clip_id: str
    fields: dict[str, Any]
    merge_key: Any = None  # a slider drag is one undo step
    label = "Clip settings"

    def run(self, tx):
        allowed = {"name", "text", "shot_id", "link", "enabled", *_CLIP_LIMITS}
        if set(self.fields) - allowed:
            raise EditError(f"cannot set {sorted(set(self.fields) - allowed)[0]} on a clip")
        if not isinstance(self.fields.get("enabled", True), bool):
            raise EditError("enabled must be true or false")
        clip = _clip(tx.project, self.clip_id)
        _unlocked(tx.project, tx.project.track_of(clip.id).id)
        for name, (low, high) in _CLIP_LIMITS.items():
            if name in self.fields:
                value = self.fields[name]
                high = clip.duration if high is None else high
                if not low <= value <= high:
                    raise EditError(f"{name.replace('_', ' ')} must be within {low}..{high}")
        fade_in = self.fields.get("fade_in", clip.fade_in)
        fade_out = self.fields.get("fade_out", clip.fade_out)
        if fade_in + fade_out > clip.duration:
            raise EditError(f"fades of {fade_in} + {fade_out} frames exceed the clip's length")
        tx.do(ops.SetClip(clip.id, dict(self.fields)))


def LinkClips(clip_ids: Iterable[str], link: str | None = None) -> Edit:
    """Link clips so they move, trim and delete together (a new link unless one is given);
    `UnlinkClips` undoes it."""
    link = link or new_id("l")
    edits = [SetClipFields(clip_id, {"link": link}) for clip_id in dict.fromkeys(clip_ids)]
    return Macro("Link clips", edits)


def UnlinkClips(clip_ids: Iterable[str]) -> Edit:
    """Unlink clips: each acts alone from now on."""
    edits = [SetClipFields(clip_id, {"link": None}) for clip_id in dict.fromkeys(clip_ids)]
    return Macro("Unlink clips", edits)


# Bounds of the clip settings; None means "the clip's duration".
_CLIP_LIMITS: dict[str, tuple[float, float | None]] = {
    "gain_db": (-60.0, 24.0),
    "fade_in": (0, None),
    "fade_out": (0, None),
    "opacity": (0.0, 1.0),
    "dissolve_in": (0, None),
    "duck_db": (-60.0, 0.0),
}


@dataclass(eq=False)
class Rename(Edit):
    """Rename a clip, track, asset, marker, scene or shot, found by its id."""

    target_id: str
    name: str
    label = "Rename"

    def run(self, tx):
        project = tx.project
        if project.clip(self.target_id) is not None:
            tx.do(ops.SetClip(self.target_id, {"name": self.name}))
        elif project.track(self.target_id) is not None:
            tx.do(ops.SetTrack(self.target_id, {"name": self.name}))
        elif self.target_id in project.assets:
            tx.do(ops.SetAsset(self.target_id, {"name": self.name}))
        elif project.item("markers", self.target_id) is not None:
            tx.do(ops.SetItem("markers", self.target_id, {"name": self.name}))
        elif project.item("scenes", self.target_id) is not None:
            tx.do(ops.SetItem("scenes", self.target_id, {"heading": self.name}))
        elif project.item("shots", self.target_id) is not None:
            tx.do(ops.SetItem("shots", self.target_id, {"description": self.name}))
        else:
            raise EditError(f"nothing is named {self.target_id}")


# -- markers, scenes, shots ----------------------------------------------------------------


@dataclass(eq=False)
class AddItem(Edit):
    """Add a marker, scene or shot; index None appends."""

    list_name: str
    item: Any
    index: int | None = None
    label = "Add"

    def run(self, tx):
        if self.list_name not in ITEM_LISTS:
            raise EditError(f"no list {self.list_name}")
        items = tx.project.items(self.list_name)
        if tx.project.item(self.list_name, self.item.id) is not None:
            raise EditError(f"{self.item.id} already exists")
        index = len(items) if self.index is None else self.index
        if not 0 <= index <= len(items):
            raise EditError(f"no position {index} in {self.list_name}")
        tx.do(ops.PutItem(self.list_name, index, self.item))


def AddMarker(frame: int, name: str = "", marker_id: str | None = None) -> AddItem:
    return AddItem("markers", Marker(marker_id or new_id("m"), frame, name))


@dataclass(eq=False)
class UpdateItem(Edit):
    list_name: str
    item_id: str
    fields: dict[str, Any]
    merge_key: Any = None
    label = "Change"

    def run(self, tx):
        item = (
            tx.project.item(self.list_name, self.item_id) if self.list_name in ITEM_LISTS else None
        )
        if item is None:
            raise EditError(f"there is no {self.list_name[:-1]} {self.item_id}")
        bad = [name for name in self.fields if name == "id" or not hasattr(item, name)]
        if bad:
            raise EditError(f"a {self.list_name[:-1]} has no settable field {bad[0]}")
        tx.do(ops.SetItem(self.list_name, self.item_id, dict(self.fields)))


@dataclass(eq=False)
class RemoveItem(Edit):
    list_name: str
    item_id: str
    label = "Remove"

    def run(self, tx):
        if (
            self.list_name not in ITEM_LISTS
            or tx.project.item(self.list_name, self.item_id) is None
        ):
            raise EditError(f"there is no {self.list_name[:-1]} {self.item_id}")
        tx.do(ops.TakeItem(self.list_name, self.item_id))


@dataclass(eq=False)
class MoveItem(Edit):
    """Reorder a scene or shot within its list."""

    list_name: str
    item_id: str
    index: int
    label = "Reorder"

    def run(self, tx):
        items = tx.project.items(self.list_name)
        if tx.project.item(self.list_name, self.item_id) is None:
            raise EditError(f"there is no {self.list_name[:-1]} {self.item_id}")
        if not 0 <= self.index < len(items):
            raise EditError(f"no position {self.index} in {self.list_name}")
        tx.do(ops.TakeItem(self.list_name, self.item_id))
        tx.do(ops.PutItem(self.list_name, self.index, tx.inverses[-1].item))


@dataclass(eq=False)
class RemoveItems(Edit):
    """Remove several scenes, shots or markers in one pass over their list."""

    list_name: str
    item_ids: Sequence[str]
    label = "Remove"

    def run(self, tx):
        ids = frozenset(self.item_ids)
        if self.list_name not in ITEM_LISTS:
            raise EditError(f"no list {self.list_name}")
        missing = next(
            (i for i in self.item_ids if tx.project.item(self.list_name, i) is None), None
        )
        if missing is not None:
            raise EditError(f"there is no {self.list_name[:-1]} {missing}")
        if ids:
            tx.do(ops.TakeItems(self.list_name, ids))


@dataclass(eq=False)
class ReorderItems(Edit):
    """Put a list of scenes, shots or markers in a new order: the same ids, each once."""

    list_name: str
    item_ids: Sequence[str]
    label = "Reorder"

    def run(self, tx):
        if self.list_name not in ITEM_LISTS:
            raise EditError(f"no list {self.list_name}")
        current = [x.id for x in tx.project.items(self.list_name)]
        wanted = list(self.item_ids)
        if (
            len(wanted) != len(current)
            or set(wanted) != set(current)
            or len(set(wanted)) != len(wanted)
        ):
            raise EditError(f"a new order of {self.list_name} must name each of them once")
        if wanted != current:
            tx.do(ops.SetItemOrder(self.list_name, wanted))


# -- project-wide --------------------------------------------------------------------------


@dataclass(eq=False)
class SetScript(Edit):
    text: str
    title: str | None = None
    merge_key: Any = None
    label = "Edit script"

    def run(self, tx):
        fields: dict[str, Any] = {"text": self.text}
        if self.title is not None:
            fields["title"] = self.title
        tx.do(ops.SetAttrs("script", fields))


@dataclass(eq=False)
class UpdateSettings(Edit):
    """Change project settings. The frame rate changes only on an empty timeline."""

    fields: dict[str, Any]
    label = "Project settings"

    def run(self, tx):
        project = tx.project
        settings = project.settings
        for name in self.fields:
            if not hasattr(settings, name):
                raise EditError(f"there is no project setting {name}")
        if "fps" in self.fields and self.fields["fps"] != settings.fps and project.clip_count():
            raise EditError("the frame rate can change only while the timeline is empty")
        for name in ("width", "height", "sample_rate", "still_frames"):
            if name in self.fields and int(self.fields[name]) <= 0:
                raise EditError(f"{name} must be positive")
        tx.do(ops.SetAttrs("settings", dict(self.fields)))


class Macro(Edit):
    """Several edits fixed in advance as one undo step; if any fails, none applies. Each runs
    on the project the ones before it left. Where a step depends on what the earlier steps
    did, use a Composite."""

    def __init__(self, label: str, edits: Sequence[Edit]) -> None:
        self.label = label
        self.edits = list(edits)

    def __repr__(self) -> str:
        return f"Macro({self.label!r}, {self.edits!r})"

    def run(self, tx):
        for edit in self.edits:
            edit.run(tx)


class Composite(Edit):
    """An operation of several steps decided as it runs, as one undo step.

    `steps(tx)` reads `tx.project` live and runs each sub-edit with `tx.run(edit)`, so a step
    sees what the steps before it did; it refuses by raising EditError, at any point, and the
    document rolls back everything done so far (Kdenlive's `Fun undo, redo` composition)."""

    def __init__(
        self, label: str, steps: Callable[[Transaction], None], merge_key: Any = None
    ) -> None:
        self.label = label
        self.steps = steps
        self.merge_key = merge_key

    def __repr__(self) -> str:
        return f"Composite({self.label!r})"

    def run(self, tx):
        self.steps(tx)
