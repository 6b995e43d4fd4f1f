"""The project: settings, assets, the timeline's tracks, markers, script, scenes and shots.

It keeps an index from clip id to track so that an edit touches only the track it edits,
whatever the number of clips elsewhere, and an index from id to marker, scene and shot so
that edits of 50,000 scenes stay linear.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from studio.model.entities import (
    Asset,
    Clip,
    DialogueLine,
    Element,
    Marker,
    Scene,
    ScoreRange,
    Script,
    Settings,
    Shot,
    Track,
    Voice,
)

_start = attrgetter("start")

# The id-keyed lists that generic item edits work on.
ITEM_LISTS = ("markers", "scenes", "shots", "score_ranges", "voices", "lines", "elements")


@dataclass(eq=False)
class Project:
    settings: Settings = field(default_factory=Settings)
    assets: dict[str, Asset] = field(default_factory=dict)
    tracks: list[Track] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    script: Script = field(default_factory=Script)
    scenes: list[Scene] = field(default_factory=list)
    shots: list[Shot] = field(default_factory=list)
    name: str = "Untitled"
    score_ranges: list[ScoreRange] = field(default_factory=list)
    # What each panel was last set to (generator id and its parameters), by panel name:
    # remembered with the project, but not an edit (no undo step for a combo box).
    panels: dict[str, dict] = field(default_factory=dict)
    # The story graph: characters, places and props, with where each appears.
    elements: list[Element] = field(default_factory=list)
    # What a file from another tool held that Storyreel does not use, by format ("otio"):
    # kept so that exporting gives it back. Opaque here; the format's module reads it.
    interchange: dict[str, Any] = field(default_factory=dict)
    # Each character's voice (id: the cue name) and the script's voiced lines.
    voices: list[Voice] = field(default_factory=list)
    lines: list[DialogueLine] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._track_by_id: dict[str, Track] = {}
        self._track_of_clip: dict[str, Track] = {}
        self._clip_by_id: dict[str, Clip] = {}
        # list name -> (the list, its length, {id: first item with that id}); rebuilt when the
        # list was replaced or changed length behind the ops' back (tests append directly).
        self._item_index: dict[str, tuple[list, int, dict]] = {}
        self.reindex()

    # -- lookups ---------------------------------------------------------------
    def reindex(self) -> None:
        self._track_by_id = {t.id: t for t in self.tracks}
        self._track_of_clip = {c.id: t for t in self.tracks for c in t.clips}
        self._clip_by_id = {c.id: c for t in self.tracks for c in t.clips}
        self._item_index = {}

    def track(self, track_id: str) -> Track | None:
        return self._track_by_id.get(track_id)

    def track_of(self, clip_id: str) -> Track | None:
        return self._track_of_clip.get(clip_id)

    def clip(self, clip_id: str) -> Clip | None:
        return self._clip_by_id.get(clip_id)

    def all_clips(self):
        return self._clip_by_id.values()

    def items(self, list_name: str) -> list:
        if list_name not in ITEM_LISTS:
            raise KeyError(list_name)
        return getattr(self, list_name)

    def item(self, list_name: str, item_id: str):
        found = self._items_by_id(list_name).get(item_id)
        if found is not None and found.id != item_id:  # an id changed in place: look again
            self._item_index.pop(list_name, None)
            found = self._items_by_id(list_name).get(item_id)
        return found

    def _items_by_id(self, list_name: str) -> dict:
        items = self.items(list_name)
        cached = self._item_index.get(list_name)
        if cached is not None and cached[0] is items and cached[1] == len(items):
            return cached[2]
        by_id: dict = {}
        for item in items:
            by_id.setdefault(item.id, item)
        self._item_index[list_name] = (items, len(items), by_id)
        return by_id

    @property
    def duration(self) -> int:
        """The timeline's length in frames: the end of its last clip."""
        return max((t.end for t in self.tracks), default=0)

    def clip_count(self) -> int:
        return len(self._clip_by_id)

    def clips_using(self, asset_id: str) -> list[Clip]:
        return [c for t in self.tracks for c in t.clips if c.asset_id == asset_id]

    # -- raw structural changes, used only by studio.model.ops -----------------
    def _put_item(self, list_name: str, index: int, item) -> None:
        by_id = self._items_by_id(list_name)
        items = self.items(list_name)
        items.insert(index, item)
        if item.id in by_id:  # a second item with this id: which comes first is positional
            self._item_index.pop(list_name, None)
        else:
            by_id[item.id] = item
            self._item_index[list_name] = (items, len(items), by_id)

    def _take_item(self, list_name: str, item_id: str) -> tuple[int, object]:
        by_id = self._items_by_id(list_name)
        items = self.items(list_name)
        unique = len(by_id) == len(items)
        item = by_id[item_id]
        index = _position(items, item)
        del items[index]
        if unique:
            del by_id[item_id]
            self._item_index[list_name] = (items, len(items), by_id)
        else:
            self._item_index.pop(list_name, None)
        return index, item

    def _put_clip(self, track: Track, clip: Clip) -> None:
        index = bisect_left(track.clips, clip.start, key=_start)
        track.clips.insert(index, clip)
        self._track_of_clip[clip.id] = track
        self._clip_by_id[clip.id] = clip

    def _take_clip(self, clip_id: str) -> tuple[Track, Clip]:
        track = self._track_of_clip.pop(clip_id)
        clip = self._clip_by_id.pop(clip_id)
        del track.clips[clip_index(track, clip)]
        return track, clip

    def _put_track(self, index: int, track: Track) -> None:
        self.tracks.insert(index, track)
        self._track_by_id[track.id] = track
        for clip in track.clips:
            self._track_of_clip[clip.id] = track
            self._clip_by_id[clip.id] = clip

    def _take_track(self, track_id: str) -> tuple[int, Track]:
        track = self._track_by_id.pop(track_id)
        index = self.tracks.index(track)
        del self.tracks[index]
        for clip in track.clips:
            del self._track_of_clip[clip.id]
            del self._clip_by_id[clip.id]
        return index, track


def _position(items: list, item) -> int:
    """Where `item` (that very object) is in `items`; a C-speed scan, with no __eq__ calls."""
    ids = list(map(id, items))
    return ids.index(id(item))


def clip_index(track: Track, clip: Clip) -> int:
    """Index of a clip in its track: starts are unique on a track, so a bisect finds it."""
    index = bisect_left(track.clips, clip.start, key=_start)
    if index < len(track.clips) and track.clips[index] is clip:
        return index
    return next(i for i, c in enumerate(track.clips) if c is clip)  # unsorted list: never


def clips_in_range(track: Track, start: int, end: int) -> list[Clip]:
    """Clips on a track that overlap the frames [start, end)."""
    clips = track.clips
    first = bisect_right(clips, start, key=_start)
    if first > 0 and clips[first - 1].end > start:
        first -= 1
    last = bisect_left(clips, end, key=_start)
    return clips[first:last]


def first_clip_from(track: Track, frame: int) -> int:
    """Index of the first clip on a track that starts at or after `frame`."""
    return bisect_left(track.clips, frame, key=_start)
