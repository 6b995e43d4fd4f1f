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


# The audio tracks that play voiced lines (the second holds the right side of dual dialogue);
# what plays there ducks the score (studio.media.ducking).
DIALOGUE_TRACKS = ("Dialogue", "Dialogue 2")


def is_dialogue_track(track: Track) -> bool:
    return track.kind is TrackKind.AUDIO and track.name in DIALOGUE_TRACKS


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
    duck_db: float = 0.0  # level change under dialogue (studio.media.ducking); 0: none

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
    # Takes made before a cast member or place in the shot was described anew: kept, and
    # marked, until the user makes new ones (studio.workflows.cast).
    outdated: list[str] = field(default_factory=list)


class ElementKind(enum.StrEnum):
    CHARACTER = "character"
    PLACE = "place"
    PROP = "prop"


@dataclass(slots=True)
class Element:
    """A character, place or prop of the story graph, and where it appears.

    `name` is canonical: upper-case, as cues and scene headings write it, so a character's
    voice and its looks key on the same name. `scenes` and `shots` are derived from the
    script and kept in sync with it (studio.workflows.cast); the rest is the user's."""

    id: str
    kind: ElementKind
    name: str
    description: str = ""
    aliases: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)  # image asset ids, the main one first
    scenes: list[str] = field(default_factory=list)  # scene ids, in script order
    shots: list[str] = field(default_factory=list)  # shot ids, in story order


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


@dataclass(slots=True)
class Voice:
    """How a character of the script sounds: a speech generator and its parameters.

    `id` is the character's cue name as the script writes it, without its extension
    ("STEEL" for "STEEL (V.O.)"), so every line of that character speaks with this voice."""

    id: str
    generator: str = "speech.tts"
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class DialogueLine:
    """A line of the script that was voiced: whose it is, what was said and in which voice,
    and its takes. The script may have changed since: the line is then out of date."""

    id: str
    scene_id: str | None
    character: str
    text: str  # what the picked take says
    voice: dict[str, Any] = field(default_factory=dict)  # the voice it was said in
    takes: list[str] = field(default_factory=list)  # asset ids, oldest first
    picked: str | None = None
