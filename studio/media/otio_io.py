"""OpenTimelineIO interchange: export a project as .otio, import .otio files from any editor.

Export writes one OTIO track per track (pictures bottom first, as OTIO stacks them, then
audio), gaps between clips, markers on the top stack, media references as paths relative
to the .otio file, and what only Storyreel knows (ids, shots, scenes, script, track
flags) under `metadata["storyreel"]`. Import reads that back when it is there, so a
round trip gives the same timeline; from other editors it takes tracks, clips, gaps,
markers and transitions, flattens nested stacks (the top visible item wins), and turns
missing media into offline assets.

A dissolve is the incoming clip's `dissolve_in` (frames, centred on the cut); it is written
as an OTIO Transition between the two clips and read back onto the incoming clip. Imported
dissolves are also listed as `{incoming clip id: frames}` in `OtioImport.transitions`.
"""

from __future__ import annotations

import os
import stat
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

import opentimelineio as otio

from studio.atomic import write_text
from studio.errors import MediaError, UserError
from studio.media.assets import asset_from_info
from studio.media.probe import guess_kind, probe
from studio.model import (
    Asset,
    Clip,
    Document,
    Marker,
    MediaKind,
    Project,
    Settings,
    Track,
    TrackKind,
    new_id,
)
from studio.model.files import creating_project, mark_offline, media_path, project_folder_for
from studio.model.files import stored_path as project_relative
from studio.model.serialize import CLIP_DEFAULTS, FormatError, project_from_data, project_to_data
from studio.model.time import parse_rate

KEY = "storyreel"
TITLE_GENERATOR = "storyreel.title"
VERSION = 1
_OTIO_COLORS = {
    "RED": (220, 40, 40),
    "ORANGE": (240, 140, 20),
    "YELLOW": (224, 176, 0),
    "GREEN": (40, 180, 60),
    "CYAN": (30, 190, 200),
    "BLUE": (40, 90, 220),
    "PURPLE": (130, 60, 200),
    "MAGENTA": (210, 40, 180),
    "PINK": (240, 130, 170),
    "BLACK": (0, 0, 0),
    "WHITE": (255, 255, 255),
}


# -- export ---------------------------------------------------------------------------------


def export_otio(project: Project, folder: str | os.PathLike[str], out: str | os.PathLike) -> Path:
    """Write `project` (whose media paths are relative to `folder`) as an .otio file."""
    target = Path(out)
    timeline = project_to_timeline(project, Path(folder), target.parent)
    try:
        # Encoded in memory first: OTIO's own file writer does not report a short write.
        text = otio.adapters.write_to_string(timeline, adapter_name="otio_json")
    except otio.exceptions.OTIOError as error:
        raise MediaError(f"cannot write {target}: {error}") from None
    return write_text(target, text, MediaError)


def project_to_timeline(project: Project, folder: Path, otio_dir: Path) -> otio.schema.Timeline:
    """The OTIO timeline of a project; media paths are written relative to `otio_dir`."""
    rate = float(project.settings.fps)
    data = project_to_data(project)
    timeline = otio.schema.Timeline(name=project.name)
    timeline.global_start_time = otio.opentime.RationalTime(0, rate)
    timeline.metadata[KEY] = {
        "version": VERSION,
        **{name: data[name] for name in ("settings", "assets", "script", "scenes", "shots")},
    }
    references = {
        asset.id: _reference(asset, folder, otio_dir, project.settings.fps)
        for asset in project.assets.values()
    }
    for display_index, track in _otio_order(project.tracks):
        timeline.tracks.append(_export_track(track, display_index, references, rate))
    for marker in project.markers:
        timeline.tracks.markers.append(
            otio.schema.Marker(
                name=marker.name,
                marked_range=_range(marker.frame, 0, rate),
                color=_nearest_color(marker.color),
                comment=marker.note,
                metadata={KEY: {"id": marker.id, "color": marker.color}},
            )
        )
    return timeline


def _otio_order(tracks: list[Track]) -> list[tuple[int, Track]]:
    # OTIO composites its stack bottom first; our display order is top first.
    indexed = list(enumerate(tracks))
    pictures = [(i, t) for i, t in reversed(indexed) if t.kind is not TrackKind.AUDIO]
    return pictures + [(i, t) for i, t in indexed if t.kind is TrackKind.AUDIO]


def _export_track(track: Track, display_index: int, references: dict, rate: float):
    kind = otio.schema.TrackKind.Audio if track.kind is TrackKind.AUDIO else "Video"
    out = otio.schema.Track(name=track.name, kind=kind)
    out.enabled = not (track.hidden or track.muted)
    out.metadata[KEY] = {
        "id": track.id,
        "kind": track.kind.value,
        "index": display_index,
        **{flag: getattr(track, flag) for flag in ("muted", "solo", "locked", "hidden")},
    }
    cursor = 0
    for clip in track.clips:
        if clip.start > cursor:
            out.append(otio.schema.Gap(source_range=_range(0, clip.start - cursor, rate)))
        ours: dict[str, Any] = {"id": clip.id}
        if clip.shot_id:
            ours["shot_id"] = clip.shot_id
        if clip.asset_id is None:
            reference = otio.schema.GeneratorReference(
                name="title", generator_kind=TITLE_GENERATOR, parameters={"text": clip.text}
            )
        else:
            reference = references[clip.asset_id].clone()
            ours["asset_id"] = clip.asset_id
        if clip.text:
            ours["text"] = clip.text
        for name, default in CLIP_DEFAULTS.items():
            if getattr(clip, name) != default:
                ours[name] = getattr(clip, name)
        if clip.dissolve_in and track.clips[0] is not clip and clip.start == cursor:
            half = clip.dissolve_in // 2
            out.append(
                otio.schema.Transition(
                    transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                    in_offset=otio.opentime.RationalTime(half, rate),
                    out_offset=otio.opentime.RationalTime(clip.dissolve_in - half, rate),
                )
            )
        out.append(
            otio.schema.Clip(
                name=clip.name,
                media_reference=reference,
                source_range=_range(clip.source_in, clip.duration, rate),
                metadata={KEY: ours},
            )
        )
        cursor = clip.end
    return out


def _reference(asset: Asset, folder: Path, otio_dir: Path, fps: Fraction):
    file = media_path(folder, asset)
    try:
        url = Path(os.path.relpath(file, otio_dir)).as_posix()
    except ValueError:  # another drive on Windows: no relative path exists
        url = file.as_posix()
    available = None
    if asset.kind is MediaKind.VIDEO and asset.frames and asset.fps:
        available = _range(0, asset.frames, float(asset.fps))
    elif asset.kind is MediaKind.AUDIO and asset.samples and asset.sample_rate:
        available = _range(0, asset.samples, asset.sample_rate)
    return otio.schema.ExternalReference(
        target_url=url, available_range=available, metadata={KEY: {"asset_id": asset.id}}
    )


def _range(start: int, duration: int, rate: float) -> otio.opentime.TimeRange:
    return otio.opentime.TimeRange(
        otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(duration, rate)
    )


def _nearest_color(hex_color: str) -> str:
    try:
        value = hex_color.lstrip("#")
        rgb = tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return "YELLOW"
    return min(
        _OTIO_COLORS,
        key=lambda n: sum((a - b) ** 2 for a, b in zip(_OTIO_COLORS[n], rgb, strict=True)),
    )


# -- import ---------------------------------------------------------------------------------


@dataclass
class OtioImport:
    """An imported timeline: the project, its dissolves, and what could not be kept."""

    project: Project
    transitions: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# A feature's timeline is a few MB of OTIO JSON; far beyond this is not one, or is a bomb.
MAX_OTIO_BYTES = 256 * 1024 * 1024


def read_timeline(otio_file: str | os.PathLike[str]) -> otio.schema.Timeline:
    """The first timeline in an OTIO file (a collection may hold several).

    The file's size, and for an .otioz the size its timeline inflates to, are checked
    before anything is read, so a small archive that inflates to gigabytes is refused.
    """
    _check_otio_size(Path(otio_file))
    try:
        data = otio.adapters.read_from_file(os.fspath(otio_file))
    except (OSError, ValueError, zipfile.BadZipFile, otio.exceptions.OTIOError) as error:
        raise UserError(f"cannot read {otio_file}: {_otio_reason(error)}") from None
    if isinstance(data, otio.schema.Timeline):
        return data
    if not isinstance(data, otio.core.SerializableObject) or not hasattr(data, "find_children"):
        raise UserError(
            f"{otio_file} is not an OpenTimelineIO timeline (JSON without an OTIO_SCHEMA)"
        )
    found = next(iter(data.find_children(descended_from_type=otio.schema.Timeline)), None)
    if found is None:
        raise UserError(f"{otio_file} holds no timeline")
    return found


def _check_otio_size(path: Path) -> None:
    try:
        info = path.stat()
    except OSError as error:
        raise UserError(f"cannot read {path}: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        if path.suffix.lower() == ".otiod":
            _check_otio_size(path / "content.otio")
            return
        raise UserError(f"{path} is a folder, not an OpenTimelineIO file")
    if not stat.S_ISREG(info.st_mode):
        raise UserError(f"{path} is not a regular file (a device, FIFO or socket)")
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                inflated = archive.getinfo("content.otio").file_size
        except (KeyError, zipfile.BadZipFile, OSError):
            raise UserError(f"{path} is not an .otioz bundle (no content.otio in it)") from None
        # zipfile stops at the declared size, so a lying header cannot inflate further.
        if inflated > MAX_OTIO_BYTES:
            raise UserError(
                f"{path.name} would inflate to {inflated / 2**20:,.0f} MB, too large for a "
                f"timeline (the limit is {MAX_OTIO_BYTES // 2**20} MB)"
            )
    elif info.st_size > MAX_OTIO_BYTES:
        raise UserError(
            f"{path.name} is {info.st_size / 2**20:,.0f} MB, too large for a timeline "
            f"(the limit is {MAX_OTIO_BYTES // 2**20} MB)"
        )


def _otio_reason(error: Exception) -> str:
    """OTIO's C++ messages run to a paragraph with mangled type names; keep their gist."""
    text = " ".join(str(error).split()) or type(error).__name__
    if "While reading object" in text or "expected to read" in text:
        return "it is not a valid OpenTimelineIO file (" + text.split(":")[0] + ")"
    return text if len(text) <= 200 else text[:200] + " ..."


def import_otio(otio_file: str | os.PathLike[str], folder: str | os.PathLike[str]) -> OtioImport:
    """Read an .otio file into a project whose media paths are relative to `folder`."""
    otio_path = Path(otio_file)
    timeline = read_timeline(otio_path)
    return _Importer(timeline, otio_path.resolve().parent, Path(folder)).run()


def new_project_from_otio(
    path: str | os.PathLike[str], otio_file: str | os.PathLike[str]
) -> Document:
    """Create the project folder `path` (".storyreel" added) holding the file's timeline.

    Media stay where they are, referenced by path; missing ones become offline assets.
    """
    folder = project_folder_for(path)
    imported = import_otio(otio_file, folder)
    with creating_project(folder, imported.project.settings) as doc:
        imported.project.name = doc.project.name
        doc.project = imported.project
    mark_offline(doc.project, doc.path)  # against the folder's final place
    return doc


class _Importer:
    def __init__(self, timeline: otio.schema.Timeline, otio_dir: Path, folder: Path) -> None:
        self.timeline = timeline
        self.otio_dir = otio_dir
        self.folder = folder
        self.ours = _plain(timeline.metadata.get(KEY)) or {}
        self.known_assets = {a["id"]: a for a in self.ours.get("assets", []) if "id" in a}
        self.fps = self._rate()
        self.assets: dict[str, Asset] = {}
        self.by_path: dict[str, str] = {}
        self.used_ids: set[str] = set()
        self.transitions: dict[str, int] = {}
        self.warnings: list[str] = []
        self.markers: list[Marker] = []

    def run(self) -> OtioImport:
        ordered: list[tuple[float, Track]] = []
        for position, child in enumerate(self.timeline.tracks):
            if isinstance(child, otio.schema.Stack):
                child = otio.algorithms.flatten_stack(child)
                self.warnings.append(f"nested stack {child.name!r} flattened to one track")
            if not isinstance(child, otio.schema.Track):
                self.warnings.append(f"skipped a top-level {child.schema_name()}")
                continue
            track = self._track(child)
            ours = _plain(child.metadata.get(KEY)) or {}
            # Ours keep their display order; others: pictures top first, audio after.
            key = ours.get("index")
            if key is None:
                key = -position if track.kind is not TrackKind.AUDIO else 1000 + position
            ordered.append((key, track))
        tracks = [track for _, track in sorted(ordered, key=lambda pair: pair[0])]
        self._markers(self.timeline.tracks, 0)
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
        return round(Fraction(time.value) * self.fps / Fraction(time.rate))

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
        )

    # -- tracks and their items ---------------------------------------------------------
    def _track(self, source: otio.schema.Track) -> Track:
        ours = _plain(source.metadata.get(KEY)) or {}
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
        self._items(source, 0, track)
        self._markers(source, 0)
        return track

    def _items(self, source: otio.schema.Track, offset: int, track: Track) -> None:
        pending: tuple[otio.schema.Transition, int] | None = None
        for index, item in enumerate(source):
            if isinstance(item, otio.schema.Transition):
                frames = self._frames(item.in_offset) + self._frames(item.out_offset)
                pending = (item, frames)
                continue
            placed = source.range_of_child_at_index(index)
            start = offset + self._frames(placed.start_time)
            if isinstance(item, otio.schema.Clip):
                clip = self._clip(item, start, self._frames(placed.duration), track)
                if clip is not None and pending is not None and pending[1] > 0:
                    clip.dissolve_in = min(pending[1], clip.duration)
                    self.transitions[clip.id] = clip.dissolve_in
            elif isinstance(item, otio.schema.Stack | otio.schema.Track):
                self._nested(item, start, track)
            pending = None  # a transition belongs to the two items around it

    def _nested(self, item, start: int, track: Track) -> None:
        if isinstance(item, otio.schema.Stack):
            layers = [child for child in item if isinstance(child, otio.schema.Track)]
            if not layers:
                return
            if track.kind is TrackKind.AUDIO and len(layers) > 1:
                self.warnings.append(
                    f"nested stack {item.name!r} on {track.name}: only its top audio track kept"
                )
            flat = otio.algorithms.flatten_stack(layers)
        else:
            flat = item
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
        ours = _plain(item.metadata.get(KEY)) or {}
        reference = item.media_reference
        asset_id, text = None, str(ours.get("text", ""))
        if (
            isinstance(reference, otio.schema.GeneratorReference)
            and reference.generator_kind == TITLE_GENERATOR
        ):
            text = str(_plain(reference.parameters).get("text", text))
        else:
            asset_id = self._asset(reference, item, track.kind).id
        source_in = self._frames(item.trimmed_range().start_time)
        available = getattr(reference, "available_range", None)
        if available is not None:
            source_in -= self._frames(available.start_time)  # media starting at a timecode
        clip = Clip(
            id=self._unique(ours.get("id"), "c"),
            asset_id=asset_id,
            start=start,
            duration=duration,
            source_in=max(0, source_in),
            name=item.name,
            shot_id=ours.get("shot_id"),
            text=text,
        )
        for name, default in CLIP_DEFAULTS.items():
            if name in ours:
                setattr(clip, name, type(default)(ours[name]))
        track.clips.append(clip)
        self._markers(item, start - source_in)
        return clip

    # -- media ----------------------------------------------------------------------------
    def _asset(self, reference, item: otio.schema.Clip, track_kind: TrackKind) -> Asset:
        url = getattr(reference, "target_url", None)
        remote = _remote_url(url) if url else None
        file = _url_to_path(url, self.otio_dir) if url and remote is None else None
        key = remote or (os.fspath(file) if file is not None else f"missing:{item.name}")
        if key in self.by_path:
            return self.assets[self.by_path[key]]
        ours = _plain(reference.metadata.get(KEY)) if reference is not None else None
        known = self.known_assets.get((ours or {}).get("asset_id"))
        refused = _not_media(file) if file is not None else ""
        if remote is not None:
            # Kept verbatim as an offline reference: a URL is no path on this machine.
            asset = self._offline(_url_name(remote, item.name), remote, track_kind, reference)
            self.warnings.append(f"remote media kept as an offline reference: {remote}")
        elif file is None:
            asset = self._offline(item.name, f"offline/{item.name or 'clip'}", track_kind, None)
            self.warnings.append(f"clip {item.name!r} has no media: offline")
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
            ours = _plain(marker.metadata.get(KEY)) or {}
            self.markers.append(
                Marker(
                    id=self._unique(ours.get("id"), "m"),
                    frame=offset + self._frames(marker.marked_range.start_time),
                    name=marker.name,
                    color=str(ours.get("color") or _hex(marker.color)),
                    note=marker.comment,
                )
            )

    def _unique(self, wanted: Any, prefix: str) -> str:
        """`wanted` if it is a fresh id, else a new one: ids are unique across the project."""
        ident = str(wanted) if wanted else new_id(prefix)
        while ident in self.used_ids:
            ident = new_id(prefix)
        self.used_ids.add(ident)
        return ident


def _settings(importer: _Importer) -> Settings:
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
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme == "file":
        return Path(urllib.request.url2pathname(parsed.path))
    path = Path(urllib.parse.unquote(url) if "%" in url else url)
    return path if path.is_absolute() else (otio_dir / path).resolve()


def _hex(color: str) -> str:
    red, green, blue = _OTIO_COLORS.get(str(color).upper(), _OTIO_COLORS["YELLOW"])
    return f"#{red:02x}{green:02x}{blue:02x}"


def _plain(value: Any) -> Any:
    """OTIO's AnyDictionary/AnyVector as plain dicts and lists."""
    if value is None:
        return None
    if hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, str | bytes):
        return value
    if hasattr(value, "__iter__"):
        return [_plain(v) for v in value]
    return value
