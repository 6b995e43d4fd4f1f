"""The things a project is made of: settings, assets, clips, tracks, markers, script, shots."""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from studio.model.time import media_frames, samples_to_frames


def new_id(prefix: str) -> str:
    """A short unique id; the prefix says what it names (c: clip, a: asset, t: track...)."""
    return f"{prefix}{uuid.uuid4().hex[:12]}"


class MediaKind(enum.StrEnum):
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    TEXT = "text"


class TrackKind(enum.StrEnum):
    VIDEO = "video"
    AUDIO = "audio"
    TEXT = "text"


# Which media a track of each kind can hold. A clip with no asset is a title card (its
# text drawn), which a picture track holds too: a shot's placeholder on the storyboard.
TRACK_ACCEPTS: dict[TrackKind, frozenset[MediaKind]] = {
    TrackKind.VIDEO: frozenset({MediaKind.IMAGE, MediaKind.VIDEO}),
    TrackKind.AUDIO: frozenset({MediaKind.AUDIO, MediaKind.VIDEO}),
    TrackKind.TEXT: frozenset({MediaKind.TEXT}),
}


@dataclass(slots=True)
class Settings:
    fps: Fraction = Fraction(24)
    width: int = 1920
    height: int = 1080
    sample_rate: int = 48000
    # Length a still image gets when placed without an explicit duration.
    still_frames: int = 72


@dataclass(slots=True)
class Asset:
    """One media file the project uses: imported, referenced or generated."""

    id: str
    kind: MediaKind
    name: str
    path: str  # relative to the project folder when inside it, else absolute
    width: int | None = None
    height: int | None = None
    fps: Fraction | None = None
    frames: int | None = None  # video frames at `fps`
    sample_rate: int | None = None
    samples: int | None = None  # audio sample frames (per channel)
    channels: int | None = None
    has_audio: bool = False
    provenance: dict[str, Any] | None = None  # who made it: generator, model, prompt, seed...
    offline: bool = False  # set on load when the file is missing; never saved

    def length_frames(self, rate: Fraction) -> int | None:
        """This media's length in timeline frames, rounded to the nearest (see
        studio.model.time.seconds_to_frames); None when unbounded (stills, text)."""
        if self.kind is MediaKind.VIDEO and self.frames is not None and self.fps:
            return media_frames(self.frames, self.fps, rate)
        if self.kind is MediaKind.AUDIO and self.samples is not None and self.sample_rate:
            return samples_to_frames(self.samples, self.sample_rate, rate)
        return None


@dataclass(slots=True)
class Clip:
    """A stretch of an asset placed on a track. All positions are timeline frames."""

    id: str
    asset_id: str | None
    start: int
    duration: int
    source_in: int = 0
    name: str = ""
    shot_id: str | None = None  # the storyboard shot this clip shows, if any
    text: str = ""  # the content of a text (title) clip
    gain_db: float = 0.0  # audio level change
    fade_in: int = 0  # frames of fade from silence/black at the start
    fade_out: int = 0  # frames of fade to silence/black at the end
    opacity: float = 1.0  # video/image/text: 0 is transparent
    dissolve_in: int = 0  # frames of cross-dissolve from the clip that ends where this starts
    link: str | None = None  # clips with the same link move, trim and delete together
    enabled: bool = True  # a disabled clip stays on its track but is not seen, heard or rendered

    @property
    def end(self) -> int:
        return self.start + self.duration


@dataclass(slots=True)
class Track:
    id: str
    kind: TrackKind
    name: str
    clips: list[Clip] = field(default_factory=list)  # sorted by start, never overlapping
    muted: bool = False
    solo: bool = False
    locked: bool = False
    hidden: bool = False

    @property
    def end(self) -> int:
        return self.clips[-1].end if self.clips else 0


@dataclass(slots=True)
class Marker:
    id: str
    frame: int
    name: str = ""
    color: str = "#e0b000"
    note: str = ""


@dataclass(slots=True)
class Scene:
    """A scene of the script, as broken down: its heading and its text."""

    id: str
    heading: str
    text: str = ""
    number: str = ""


@dataclass(slots=True)
class Shot:
    """A storyboard shot: what it shows, how long, and the takes generated for it."""

    id: str
    scene_id: str | None
    description: str = ""
    duration: int = 72
    takes: list[str] = field(default_factory=list)  # asset ids, oldest first
    picked: str | None = None  # the take used on the timeline


@dataclass(slots=True)
class Script:
    """The screenplay source (Fountain); scenes and shots are derived and kept beside it."""

    text: str = ""
    title: str = ""


@dataclass(slots=True)
class ScoreRange:
    """A stretch of the timeline the score was generated for, and its takes.

    `follows` names the shots or scene it was fitted to ("shots:ID,ID" or "scene:ID"), so
    it can be offered a refit when they move; empty for a free range of timecodes."""

    id: str
    start: int
    end: int
    takes: list[str] = field(default_factory=list)  # asset ids, oldest first
    picked: str | None = None  # the take placed on the timeline
    follows: str = ""
    name: str = ""
