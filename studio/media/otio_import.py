"""An OTIO timeline as a project: tracks, clips, gaps, transitions and markers.

A file Storyreel wrote comes back whole from its `metadata["storyreel"]`. From other tools:
nested stacks are flattened (the top visible item wins), missing, generator and image-sequence
media become offline assets, a transition between two clips becomes the incoming clip's
dissolve and one from or into a gap a fade; what cannot be shown (effects, time warps,
asymmetric or over-long transitions) is kept for export (otio_carry) and said in `warnings`.
"""

from __future__ import annotations

import os
import stat
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path, PureWindowsPath
from typing import Any

import opentimelineio as otio

from studio.errors import MediaError, UserError
from studio.media.assets import asset_from_info
from studio.media.otio_carry import FORMAT, KEY, hex_color, plain, shell, to_text, worth_keeping
from studio.media.otio_export import TITLE_GENERATOR
from studio.media.otio_versions import current_metadata
from studio.media.probe import guess_kind, probe
from studio.model import (
    Asset,
    Clip,
    Marker,
    MediaKind,
    Project,
    Settings,
    Track,
    TrackKind,
    new_id,
)
from studio.model.files import stored_path as project_relative
from studio.model.serialize import CLIP_DEFAULTS, FormatError, project_from_data
from studio.model.time import parse_rate, seconds_to_frames


@dataclass
class OtioImport:
    """An imported timeline: the project, its dissolves, and what could not be kept."""

    project: Project
    transitions: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class Importer:
    def __init__(self, timeline: otio.schema.Timeline, otio_dir: Path, folder: Path) -> None:
        self.timeline = timeline
        self.otio_dir = otio_dir
        self.folder = folder
        self.ours = current_metadata(plain(timeline.metadata.get(KEY)))
        self.known_assets = {a["id"]: a for a in self.ours.get("assets", []) if "id" in a}
        self.fps = self._rate()
        self.assets: dict[str, Asset] = {}
        self.by_path: dict[str, str] = {}
        self.used_ids: set[str] = set()
        self.transitions: dict[str, int] = {}
        self.warnings: list[str] = []
        self.markers: list[Marker] = []
        self.kept: dict[str, Any] = {}
        self.our_dissolves: set[str] = set()  # clips whose metadata gives their dissolve
        self.effects: Counter[str] = Counter()  # one warning line per kind of effect
        self.no_media: dict[str, list[str]] = {}  # clip names by kind of reference

    def run(self) -> OtioImport:
        if worth_keeping(self.timeline):
            self.kept["timeline"] = to_text(shell(self.timeline))
        ordered: list[tuple[float, Track]] = []
        for position, child in enumerate(self.timeline.tracks):
            if isinstance(child, otio.schema.Stack):
                child = otio.algorithms.flatten_stack(child)
                self.warnings.append(f"nested stack {child.name!r} flattened to one track")
            if not isinstance(child, otio.schema.Track):
                self.warnings.append(f"skipped a top-level {child.schema_name()}")
                continue
            track = self._track(child)
            ours = plain(child.metadata.get(KEY)) or {}
            # Ours keep their display order; others: pictures top first, audio after.
            key = ours.get("index")
            if key is None:
                key = -position if track.kind is not TrackKind.AUDIO else 1000 + position
            ordered.append((key, track))
        tracks = [track for _, track in sorted(ordered, key=lambda pair: pair[0])]
        self._markers(self.timeline.tracks, 0)
        self._effects(self.timeline.tracks, "the timeline")
        for kind, names in self.no_media.items():
            if len(names) == 1:
                self.warnings.append(f"clip {names[0]!r} has {kind}: offline")
                continue
            shown = ", ".join(repr(name) for name in names[:3]) + (", ..." if names[3:] else "")
            self.warnings.append(f"{len(names)} clips have {kind} ({shown}): offline")
        for line, count in self.effects.items():
            self.warnings.append(line if count == 1 else f"{line} (on {count} items)")
        project = self._project(tracks)
        return OtioImport(project, self.transitions, self.warnings)

    def _rate(self) -> Fraction:
        settings = self.ours.get("settings") or {}
        if settings.get("fps"):
            return parse_rate(str(settings["fps"]))
        start = self.timeline.global_start_time
        if start is not None and start.rate > 0:
            return parse_rate(start.rate)
        for clip in self.timeline.find_clips():
            return parse_rate(clip.trimmed_range().duration.rate)
        return Fraction(24)

    def _frames(self, time: otio.opentime.RationalTime) -> int:
        # Storyreel's one rounding rule (docs/interchange.md, "Media").
        return seconds_to_frames(Fraction(time.value) / Fraction(time.rate), self.fps)

    def _project(self, tracks: list[Track]) -> Project:
        data = {
            "schema": 1,
            "name": self.timeline.name or "Imported",
            "settings": self.ours.get("settings") or {"fps": str(self.fps)},
            "script": self.ours.get("script") or {},
            "scenes": self.ours.get("scenes") or [],
            "shots": self.ours.get("shots") or [],
        }
        try:
            # The document's own reader checks what the metadata claims (ids, rates, ...).
            skeleton = project_from_data(data)
        except FormatError as error:
            raise UserError(f"the file's Storyreel metadata is damaged: {error}") from None
        settings = skeleton.settings if self.ours.get("settings") else _settings(self)
        shot_ids = {shot.id for shot in skeleton.shots}
        for track in tracks:
            for clip in track.clips:
                if clip.shot_id not in shot_ids:
                    clip.shot_id = None
        return Project(
            settings=settings,
            assets=self.assets,
            tracks=tracks,
            markers=sorted(self.markers, key=lambda m: m.frame),
            script=skeleton.script,
            scenes=skeleton.scenes,
            shots=skeleton.shots,
            name=skeleton.name,
            interchange={FORMAT: self.kept} if self.kept else {},
        )

    def _keep(self, part: str, key: str, value: Any) -> None:
        self.kept.setdefault(part, {})[key] = value

    # -- tracks and their items ---------------------------------------------------------
    def _track(self, source: otio.schema.Track) -> Track:
        ours = plain(source.metadata.get(KEY)) or {}
        if ours.get("kind") in {k.value for k in TrackKind}:
            kind = TrackKind(ours["kind"])
        else:
            audio = source.kind == otio.schema.TrackKind.Audio
            kind = TrackKind.AUDIO if audio else TrackKind.VIDEO
        track = Track(
            id=self._unique(ours.get("id"), "t"),
            kind=kind,
            name=source.name or kind.value[0].upper(),
            muted=bool(ours.get("muted", kind is TrackKind.AUDIO and not source.enabled)),
            solo=bool(ours.get("solo", False)),
            locked=bool(ours.get("locked", False)),
            hidden=bool(ours.get("hidden", kind is not TrackKind.AUDIO and not source.enabled)),
        )
        if worth_keeping(source):
            self._keep("tracks", track.id, to_text(shell(source)))
        self._effects(source, f"track {track.name!r}")
        self._items(source, 0, track)
        self._markers(source, 0)
        length = self._length(source)
        if length > track.end:  # a trailing gap: the track runs on
            self._keep("lengths", track.id, length)
        return track

    def _length(self, source: otio.schema.Track) -> int:
        """Where the track's last item ends. OTIO's own duration also counts what a leading
        or trailing transition reaches past the items, which is no gap."""
        ends = [
            source.range_of_child_at_index(index).end_time_exclusive()
            for index, item in enumerate(source)
            if not isinstance(item, otio.schema.Transition)
        ]
        return self._frames(max(ends)) if ends else 0

    def _items(self, source: otio.schema.Track, offset: int, track: Track) -> None:
        children = list(source)
        placed: dict[int, Clip | None] = {}
        for index, item in enumerate(children):
            if isinstance(item, otio.schema.Transition):
                continue
            where = source.range_of_child_at_index(index)
            start = offset + self._frames(where.start_time)
            if isinstance(item, otio.schema.Clip):
                placed[index] = self._clip(item, start, self._frames(where.duration), track)
            elif isinstance(item, otio.schema.Stack | otio.schema.Track):
                self._nested(item, start, track)
        for index, item in enumerate(children):
            if isinstance(item, otio.schema.Transition):
                self._transition(item, children, placed, index)

    def _transition(self, item: otio.schema.Transition, children, placed, index: int) -> None:
        """A transition between two clips: the incoming one's dissolve. From a gap or the
        track's start: the incoming clip's fade-in; into a gap or the end: a fade-out."""
        before, after = children[index - 1] if index else None, None
        if index + 1 < len(children):
            after = children[index + 1]
        incoming, outgoing = placed.get(index + 1), placed.get(index - 1)
        in_frames, out_frames = self._frames(item.in_offset), self._frames(item.out_offset)
        total = in_frames + out_frames
        label = f"transition {item.name!r}" if item.name else "a transition"
        if total <= 0 or (incoming is not None and incoming.id in self.our_dissolves):
            return  # ours: the clip says its dissolve itself
        if any(isinstance(x, otio.core.Composition) for x in (before, after)):
            self.warnings.append(f"{label} next to a nested stack dropped")
            return
        if item.transition_type not in (otio.schema.TransitionTypes.SMPTE_Dissolve, ""):
            self.warnings.append(f"{label} ({item.transition_type}) is played as a dissolve")
        if incoming is not None and outgoing is not None:
            frames = min(total, incoming.duration)
            incoming.dissolve_in = frames
            self.transitions[incoming.id] = frames
            rate = float(self.fps)
            ours = (
                item.transition_type == otio.schema.TransitionTypes.SMPTE_Dissolve
                and not item.name
                and not item.metadata
                and (in_frames, total) == (frames // 2, frames)
                and item.in_offset.rate == item.out_offset.rate == rate
            )
            if not ours:  # what export would not write the same itself
                self._keep("into", incoming.id, {"otio": to_text(item), "field": "dissolve_in",
                                                 "frames": frames})  # fmt: skip
            if frames < total:
                self.warnings.append(
                    f"{label} is {total} frames, longer than clip {incoming.name!r}: played "
                    f"as {frames} (kept whole for export)"
                )
            elif in_frames != frames // 2:
                self.warnings.append(
                    f"{label} ({in_frames} frames before the cut, {out_frames} after) is "
                    "played centred on the cut (kept as it is for export)"
                )
        elif incoming is not None and not isinstance(before, otio.schema.Clip):
            frames = min(total, incoming.duration - incoming.fade_out)
            incoming.fade_in = frames
            self._keep("into", incoming.id, {"otio": to_text(item), "field": "fade_in",
                                             "frames": frames})  # fmt: skip
            self.warnings.append(
                f"{label} from a gap is played as a {frames}-frame fade-in of clip "
                f"{incoming.name!r} (kept as it is for export)"
            )
        elif outgoing is not None and not isinstance(after, otio.schema.Clip):
            frames = min(total, outgoing.duration - outgoing.fade_in)
            outgoing.fade_out = frames
            self._keep("out_of", outgoing.id, {"otio": to_text(item), "frames": frames})
            self.warnings.append(
                f"{label} into a gap is played as a {frames}-frame fade-out of clip "
                f"{outgoing.name!r} (kept as it is for export)"
            )
        else:
            self.warnings.append(f"{label} between items that were not kept dropped")

    def _nested(self, item, start: int, track: Track) -> None:
        if isinstance(item, otio.schema.Stack):
            # A stack may hold clips as well as tracks: each is a layer of its own.
            layers = [_as_track(child) for child in item]
            if not layers:
                self.warnings.append(f"empty nested stack {item.name!r} kept as a gap")
                return
            if track.kind is TrackKind.AUDIO and len(layers) > 1:
                self.warnings.append(
                    f"nested stack {item.name!r} on {track.name}: only its top audio track kept"
                )
            else:
                self.warnings.append(f"nested stack {item.name!r} flattened into {track.name}")
            flat = otio.algorithms.flatten_stack(layers)
        else:
            flat = item
            self.warnings.append(f"nested track {item.name!r} flattened into {track.name}")
        self._effects(item, f"nested {item.name!r}", "dropped with the flattened stack")
        trimmed = otio.algorithms.track_trimmed_to_range(flat, item.trimmed_range())
        self._items(trimmed, start, track)
        self._markers(item, start - self._frames(item.trimmed_range().start_time))

    def _clip(self, item: otio.schema.Clip, start: int, duration: int, track: Track):
        previous_end = track.clips[-1].end if track.clips else 0
        if start < previous_end:  # rounding between rates made them touch: trim the head
            duration -= previous_end - start
            start = previous_end
        if duration < 1:
            self.warnings.append(f"clip {item.name!r} is shorter than a frame: skipped")
            return None
        ours = plain(item.metadata.get(KEY)) or {}
        reference = item.media_reference
        asset, text = None, str(ours.get("text", ""))
        if (
            isinstance(reference, otio.schema.GeneratorReference)
            and reference.generator_kind == TITLE_GENERATOR
        ):
            text = str(plain(reference.parameters).get("text", text))
        else:
            asset = self._asset(reference, item, track.kind)
        source_in = self._frames(item.trimmed_range().start_time)
        available = getattr(reference, "available_range", None)
        if available is not None:
            source_in -= self._frames(available.start_time)  # media starting at a timecode
        clip = Clip(
            id=self._unique(ours.get("id"), "c"),
            asset_id=asset.id if asset is not None else None,
            start=start,
            duration=duration,
            source_in=max(0, source_in),
            name=item.name,
            shot_id=ours.get("shot_id"),
            text=text,
            enabled=item.enabled,
        )
        for name, default in CLIP_DEFAULTS.items():
            if name in ours:
                setattr(clip, name, type(default)(ours[name]))
        if "dissolve_in" in ours:
            self.our_dissolves.add(clip.id)
        track.clips.append(clip)
        if worth_keeping(item):
            kept = {"otio": to_text(shell(item)), "asset": clip.asset_id}
            kept.update(path=asset.path if asset else None, source_in=clip.source_in)
            self._keep("clips", clip.id, {**kept, "duration": clip.duration})
        self._effects(item, f"clip {item.name!r}")
        # Markers are in the clip's source time, as its trimmed range is.
        self._markers(item, start - self._frames(item.trimmed_range().start_time))
        return clip

    def _effects(self, item, owner: str, fate: str = "kept for export") -> None:
        """One warning line per kind of effect: none is applied; those on the timeline, its
        tracks and clips are kept for export, those on a flattened stack are not."""
        for effect in getattr(item, "effects", ()):
            if isinstance(effect, otio.schema.FreezeFrame):
                what = "freeze frame"
            elif isinstance(effect, otio.schema.LinearTimeWarp):
                what = f"time warp ({effect.time_scalar:g}x)"
            elif isinstance(effect, otio.schema.TimeEffect):
                what = f"time effect {effect.effect_name!r}"
            else:
                what = f"effect {effect.effect_name or effect.name!r}"
            note = "plays at normal speed" if "time" in what or "freeze" in what else "not shown"
            self.effects[f"{what} on {owner}: {note} ({fate})"] += 1

    # -- media ----------------------------------------------------------------------------
    def _asset(self, reference, item: otio.schema.Clip, track_kind: TrackKind) -> Asset:
        url = getattr(reference, "target_url", None)
        remote = _remote_url(url) if url else None
        file = _url_to_path(url, self.otio_dir) if url and remote is None else None
        key = remote or (os.fspath(file) if file is not None else f"missing:{item.name}")
        if key in self.by_path:
            return self.assets[self.by_path[key]]
        ours = plain(reference.metadata.get(KEY)) if reference is not None else None
        known = self.known_assets.get((ours or {}).get("asset_id"))
        refused = _not_media(file) if file is not None else ""
        if remote is not None:
            # Kept verbatim as an offline reference: a URL is no path on this machine.
            asset = self._offline(_url_name(remote, item.name), remote, track_kind, reference)
            self.warnings.append(f"remote media kept as an offline reference: {remote}")
        elif file is None:
            kind = f"{reference.schema_name()} media" if reference is not None else "no media"
            asset = self._offline(item.name, f"offline/{item.name or 'clip'}", track_kind, None)
            self.no_media.setdefault(kind, []).append(item.name)
        elif refused:
            # Not a path the project may keep: it would load as online media next time.
            name = Path(file).name or "clip"
            asset = self._offline(name, f"offline/{name}", track_kind, reference)
            self.warnings.append(f"{file} {refused}: offline")
        elif known is not None:
            data = dict(known, path=project_relative(self.folder, file))
            asset = project_from_data({"assets": [data]}).assets[known["id"]]
            asset.id = self._unique(asset.id, "a")
        else:
            try:
                stored = project_relative(self.folder, file)
                asset = asset_from_info(probe(file), stored, asset_id=self._unique(None, "a"))
            except MediaError:
                asset = self._offline(
                    Path(file).stem, project_relative(self.folder, file), track_kind, reference
                )
                self.warnings.append(f"media missing or unreadable: {file}")
        self.assets[asset.id] = asset
        self.by_path[key] = asset.id
        return asset

    def _offline(self, name: str, path: str, track_kind: TrackKind, reference) -> Asset:
        guessed = guess_kind(path)
        if guessed is None:
            guessed = "audio" if track_kind is TrackKind.AUDIO else "video"
        asset = Asset(self._unique(None, "a"), MediaKind(guessed), name, path, offline=True)
        available = getattr(reference, "available_range", None)
        if available is not None and asset.kind is MediaKind.VIDEO:
            asset.fps = parse_rate(available.duration.rate)
            asset.frames = round(available.duration.value)
        return asset

    # -- markers and ids ------------------------------------------------------------------
    def _markers(self, item, offset: int) -> None:
        for marker in item.markers:
            ours = plain(marker.metadata.get(KEY)) or {}
            frame = offset + self._frames(marker.marked_range.start_time)
            if frame < 0:
                self.warnings.append(f"marker {marker.name!r} lies before the start: at 0")
            kept = Marker(
                id=self._unique(ours.get("id"), "m"),
                frame=max(0, frame),
                name=marker.name,
                color=str(ours.get("color") or hex_color(marker.color)),
                note=marker.comment,
            )
            self.markers.append(kept)
            if worth_keeping(marker):
                self._keep("markers", kept.id, to_text(marker))

    def _unique(self, wanted: Any, prefix: str) -> str:
        """`wanted` if it is a fresh id, else a new one: ids are unique across the project."""
        ident = str(wanted) if wanted else new_id(prefix)
        while ident in self.used_ids:
            ident = new_id(prefix)
        self.used_ids.add(ident)
        return ident


def _as_track(item) -> otio.schema.Track:
    if isinstance(item, otio.schema.Track):
        return item
    track = otio.schema.Track()
    track.append(item.deepcopy())
    return track


def _settings(importer: Importer) -> Settings:
    settings = Settings(fps=importer.fps)
    first = next((a for a in importer.assets.values() if a.width and a.height), None)
    if first is not None:
        settings.width, settings.height = first.width, first.height
    settings.still_frames = round(3 * importer.fps)
    return settings


def _remote_url(url: str) -> str | None:
    """The URL itself when it names media on another machine (http, https, s3, ...)."""
    scheme = urllib.parse.urlparse(url).scheme
    if scheme and scheme != "file" and len(scheme) > 1:  # one letter: a Windows drive
        return url
    return None


def _url_name(url: str, fallback: str) -> str:
    name = Path(urllib.parse.unquote(urllib.parse.urlparse(url).path)).stem
    return name or fallback or "clip"


def _not_media(file: Path) -> str:
    """Why an existing file may not be an asset ("" if it may): a device, a folder, a
    system file. Missing files are fine: they stay offline until they appear."""
    try:
        info = file.stat()
    except OSError:
        return ""
    if not stat.S_ISREG(info.st_mode):
        return "is not a regular file"
    if guess_kind(file) is None:
        return "is not a media file (by its name)"
    return ""


def _url_to_path(url: str, otio_dir: Path) -> Path:
    """A media reference's file: file:// URLs, absolute paths, or paths relative to the .otio."""
    text = otio.url_utils.filepath_from_url(url)
    if PureWindowsPath(text).drive:  # "D:/media/a.mov" from an editor on Windows
        return Path(text)
    path = Path(text)
    return path if path.is_absolute() else (otio_dir / path).resolve()
