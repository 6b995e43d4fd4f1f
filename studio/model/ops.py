"""Primitive changes to a project. Each `do` changes the project and returns its inverse.

Edits (studio.model.edits) are built from these; undo is running the inverses backwards,
so every edit is exactly reversible without writing an undo for each one.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from studio.model.change import Change
from studio.model.entities import Asset, Clip, Track
from studio.model.project import Project, first_clip_from


class Op:
    """Ops (and edits) compare by identity, `eq=False`: two alike are still two steps, and
    not generating `__eq__` for each class is a measurable part of the editor's start-up."""

    def do(self, project: Project, change: Change) -> Op:
        raise NotImplementedError


@dataclass(eq=False)
class PutClip(Op):
    track_id: str
    clip: Clip

    def do(self, project, change):
        project._put_clip(project.track(self.track_id), self.clip)
        change.clips.add(self.clip.id)
        change.tracks.add(self.track_id)
        return TakeClip(self.clip.id)


@dataclass(eq=False)
class TakeClip(Op):
    clip_id: str

    def do(self, project, change):
        track, clip = project._take_clip(self.clip_id)
        change.clips.add(clip.id)
        change.tracks.add(track.id)
        return PutClip(track.id, clip)


@dataclass(eq=False)
class SetClip(Op):
    """Set fields of a clip that do not change its place (name, source_in, text, shot)."""

    clip_id: str
    fields: dict[str, Any]

    def do(self, project, change):
        clip = project.clip(self.clip_id)
        old = {name: getattr(clip, name) for name in self.fields}
        for name, value in self.fields.items():
            setattr(clip, name, value)
        change.clips.add(clip.id)
        change.tracks.add(project.track_of(clip.id).id)
        return SetClip(self.clip_id, old)


@dataclass(eq=False)
class ShiftClips(Op):
    """Move every clip on a track that starts at or after `from_frame` by `delta` frames.

    Order is kept, so the track stays sorted without re-inserting anything. The caller
    guarantees the frames the clips move into are free.
    """

    track_id: str
    from_frame: int
    delta: int

    def do(self, project, change):
        track = project.track(self.track_id)
        for clip in track.clips[first_clip_from(track, self.from_frame) :]:
            clip.start += self.delta
            change.clips.add(clip.id)
        change.tracks.add(track.id)
        return ShiftClips(self.track_id, self.from_frame + self.delta, -self.delta)


@dataclass(eq=False)
class PutTrack(Op):
    index: int
    track: Track

    def do(self, project, change):
        project._put_track(self.index, self.track)
        change.track_list = True
        change.tracks.add(self.track.id)
        change.clips.update(c.id for c in self.track.clips)
        return TakeTrack(self.track.id)


@dataclass(eq=False)
class TakeTrack(Op):
    track_id: str

    def do(self, project, change):
        index, track = project._take_track(self.track_id)
        change.track_list = True
        change.tracks.add(track.id)
        change.clips.update(c.id for c in track.clips)
        return PutTrack(index, track)


@dataclass(eq=False)
class SetTrack(Op):
    track_id: str
    fields: dict[str, Any]

    def do(self, project, change):
        track = project.track(self.track_id)
        old = {name: getattr(track, name) for name in self.fields}
        for name, value in self.fields.items():
            setattr(track, name, value)
        change.tracks.add(track.id)
        return SetTrack(self.track_id, old)


@dataclass(eq=False)
class PutAsset(Op):
    asset: Asset

    def do(self, project, change):
        project.assets[self.asset.id] = self.asset
        change.assets.add(self.asset.id)
        return TakeAsset(self.asset.id)


@dataclass(eq=False)
class TakeAsset(Op):
    asset_id: str

    def do(self, project, change):
        asset = project.assets.pop(self.asset_id)
        change.assets.add(asset.id)
        return PutAsset(asset)


@dataclass(eq=False)
class SetAsset(Op):
    asset_id: str
    fields: dict[str, Any]

    def do(self, project, change):
        asset = project.assets[self.asset_id]
        old = {name: getattr(asset, name) for name in self.fields}
        for name, value in self.fields.items():
            setattr(asset, name, value)
        change.assets.add(asset.id)
        # Clips of a relinked asset redraw too.
        for clip in project.clips_using(asset.id):
            change.clips.add(clip.id)
            change.tracks.add(project.track_of(clip.id).id)
        return SetAsset(self.asset_id, old)


@dataclass(eq=False)
class PutItem(Op):
    """Insert a marker, scene or shot into its list at `index`."""

    list_name: str
    index: int
    item: Any

    def do(self, project, change):
        project._put_item(self.list_name, self.index, self.item)
        change.touch_item(self.list_name, self.item.id)
        return TakeItem(self.list_name, self.item.id)


@dataclass(eq=False)
class TakeItem(Op):
    list_name: str
    item_id: str

    def do(self, project, change):
        index, item = project._take_item(self.list_name, self.item_id)
        change.touch_item(self.list_name, item.id)
        return PutItem(self.list_name, index, item)


# Whole-list changes, so that a breakdown of 50,000 scenes that removes or reorders most of
# them is one pass over the list instead of one pass per item.


@dataclass(eq=False)
class TakeItems(Op):
    """Remove every item whose id is in `item_ids` from a list, in one pass."""

    list_name: str
    item_ids: frozenset[str]

    def do(self, project, change):
        items = project.items(self.list_name)
        taken = [(i, x) for i, x in enumerate(items) if x.id in self.item_ids]
        items[:] = [x for x in items if x.id not in self.item_ids]
        project._item_index.pop(self.list_name, None)
        for _, item in taken:
            change.touch_item(self.list_name, item.id)
        return PutItems(self.list_name, taken)


@dataclass(eq=False)
class PutItems(Op):
    """Insert items at their (ascending, final) positions in one pass: TakeItems' inverse."""

    list_name: str
    placed: list[tuple[int, Any]]

    def do(self, project, change):
        items = project.items(self.list_name)
        rest = iter(list(items))
        merged: list = []
        for index, item in self.placed:
            while len(merged) < index:
                merged.append(next(rest))
            merged.append(item)
            change.touch_item(self.list_name, item.id)
        merged.extend(rest)
        items[:] = merged
        project._item_index.pop(self.list_name, None)
        return TakeItems(self.list_name, frozenset(item.id for _, item in self.placed))


@dataclass(eq=False)
class SetItemOrder(Op):
    """Put a list's items in the order of `item_ids` (the same ids, each once)."""

    list_name: str
    item_ids: list[str]

    def do(self, project, change):
        items = project.items(self.list_name)
        old = [x.id for x in items]
        by_id = {x.id: x for x in items}
        items[:] = [by_id[item_id] for item_id in self.item_ids]
        for before, after in zip(old, self.item_ids, strict=True):
            if before != after:
                change.touch_item(self.list_name, after)
        return SetItemOrder(self.list_name, old)


@dataclass(eq=False)
class SetItem(Op):
    list_name: str
    item_id: str
    fields: dict[str, Any]

    def do(self, project, change):
        item = project.item(self.list_name, self.item_id)
        # Lists (a shot's takes) are copied so the inverse keeps the old contents.
        old = {name: copy.copy(getattr(item, name)) for name in self.fields}
        for name, value in self.fields.items():
            setattr(item, name, value)
        change.touch_item(self.list_name, item.id)
        return SetItem(self.list_name, self.item_id, old)


@dataclass(eq=False)
class SetAttrs(Op):
    """Set fields of the project's settings or script."""

    target: str  # "settings" | "script"
    fields: dict[str, Any] = field(default_factory=dict)

    def do(self, project, change):
        obj = getattr(project, self.target)
        old = {name: getattr(obj, name) for name in self.fields}
        for name, value in self.fields.items():
            setattr(obj, name, value)
        setattr(change, self.target, True)
        return SetAttrs(self.target, old)
