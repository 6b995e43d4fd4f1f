"""What an edit, undo or redo changed: the event views subscribe to."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Change:
    """Ids of everything touched, so each view redraws only what changed."""

    label: str = ""
    cause: str = "apply"  # "apply" | "undo" | "redo" | "load"
    clips: set[str] = field(default_factory=set)  # added, removed or modified clips
    tracks: set[str] = field(default_factory=set)  # tracks whose clips or attributes changed
    track_list: bool = False  # tracks added, removed or reordered
    assets: set[str] = field(default_factory=set)
    items: dict[str, set[str]] = field(default_factory=dict)  # "markers"/"scenes"/"shots" → ids
    settings: bool = False
    script: bool = False

    def touch_item(self, list_name: str, item_id: str) -> None:
        self.items.setdefault(list_name, set()).add(item_id)

    @property
    def empty(self) -> bool:
        return not (
            self.clips
            or self.tracks
            or self.track_list
            or self.assets
            or self.items
            or self.settings
            or self.script
        )
