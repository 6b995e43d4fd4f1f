"""A project as an OTIO timeline: one OTIO track per track, gaps, transitions and markers.

Pictures are written bottom first, as OTIO stacks them, then audio. What only Storyreel
knows (ids, shots, scenes, script, track flags) goes under `metadata["storyreel"]`. A
timeline that came from another tool starts from what its import kept (see otio_carry), so
what Storyreel did not change is written back as it came.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path
from typing import Any

import opentimelineio as otio

from studio.media.otio_carry import FORMAT, KEY, from_text, hex_color, nearest_color
from studio.media.otio_versions import VERSION
from studio.model import Asset, Clip, MediaKind, Project, Track, TrackKind
from studio.model.files import media_path
from studio.model.serialize import CLIP_DEFAULTS, project_to_data

TITLE_GENERATOR = "storyreel.title"


def project_to_timeline(project: Project, folder: Path, otio_dir: Path) -> otio.schema.Timeline:
    """The OTIO timeline of a project; media paths are written relative to `otio_dir`."""
    return _Exporter(project, folder, otio_dir).timeline()


class _Exporter:
    def __init__(self, project: Project, folder: Path, otio_dir: Path) -> None:
        self.project = project
        self.folder = folder
        self.otio_dir = otio_dir
        self.rate = float(project.settings.fps)
        self.kept: dict[str, Any] = project.interchange.get(FORMAT) or {}

    def timeline(self) -> otio.schema.Timeline:
        project, kept = self.project, self.kept
        if "timeline" in kept:
            timeline = from_text(kept["timeline"])  # its global start time, metadata, effects
        else:
            timeline = otio.schema.Timeline()
            timeline.global_start_time = otio.opentime.RationalTime(0, self.rate)
        timeline.name = project.name
        data = project_to_data(project)
        timeline.metadata[KEY] = {
            "version": VERSION,
            **{name: data[name] for name in ("settings", "assets", "script", "scenes", "shots")},
        }
        for display_index, track in _otio_order(project.tracks):
            timeline.tracks.append(self._track(track, display_index))
        markers = kept.get("markers", {})
        for marker in project.markers:
            out = from_text(markers[marker.id]) if marker.id in markers else otio.schema.Marker()
            duration = out.marked_range.duration if marker.id in markers else 0
            out.name, out.comment = marker.name, marker.note
            out.marked_range = otio.opentime.TimeRange(
                otio.opentime.RationalTime(marker.frame, self.rate),
                duration or otio.opentime.RationalTime(0, self.rate),
            )
            if hex_color(out.color) != marker.color.lower():
                out.color = nearest_color(marker.color)
            out.metadata[KEY] = {"id": marker.id, "color": marker.color}
            timeline.tracks.markers.append(out)
        return timeline

    def _track(self, track: Track, display_index: int) -> otio.schema.Track:
        tracks = self.kept.get("tracks", {})
        out = from_text(tracks[track.id]) if track.id in tracks else otio.schema.Track()
        out.name = track.name
        out.kind = otio.schema.TrackKind.Audio if track.kind is TrackKind.AUDIO else "Video"
        out.enabled = not (track.hidden or track.muted)
        out.metadata[KEY] = {
            "id": track.id,
            "kind": track.kind.value,
            "index": display_index,
            **{flag: getattr(track, flag) for flag in ("muted", "solo", "locked", "hidden")},
        }
        cursor = 0
        clips = track.clips
        for index, clip in enumerate(clips):
            if clip.start > cursor:
                out.append(self._gap(clip.start - cursor))
            touching = clip.start == cursor and index > 0
            into = self._transition_into(clip, touching)
            if into is not None:
                out.append(into)
            out.append(self._clip(clip))
            following = clips[index + 1] if index + 1 < len(clips) else None
            if (
                following is None
                or following.start > clip.end
                or (self._transition_into(following, True) is None)
            ):
                # OTIO allows no two transitions in a row: a dissolve into the next wins.
                out_of = self.kept.get("out_of", {}).get(clip.id)
                if out_of is not None and clip.fade_out == out_of["frames"]:
                    out.append(from_text(out_of["otio"]))
            cursor = clip.end
        length = self.kept.get("lengths", {}).get(track.id, 0)
        if length > cursor:  # the track ran on past its last clip: its trailing gap
            out.append(self._gap(length - cursor))
        return out

    def _gap(self, frames: int) -> otio.schema.Gap:
        return otio.schema.Gap(source_range=_range(0, frames, self.rate))

    def _transition_into(self, clip: Clip, touching: bool) -> otio.schema.Transition | None:
        """The transition that comes in before `clip`: the one imported, if the dissolve
        or fade it became is unchanged, else a dissolve centred on the cut."""
        into = self.kept.get("into", {}).get(clip.id)
        if (
            into is not None
            and getattr(clip, into["field"]) == into["frames"]
            and (into["field"] != "dissolve_in" or touching)
        ):
            return from_text(into["otio"])
        if not clip.dissolve_in:
            return None
        half = clip.dissolve_in // 2
        return otio.schema.Transition(
            transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
            in_offset=otio.opentime.RationalTime(half, self.rate),
            out_offset=otio.opentime.RationalTime(clip.dissolve_in - half, self.rate),
        )

    def _clip(self, clip: Clip) -> otio.schema.Clip:
        kept = self.kept.get("clips", {}).get(clip.id)
        out = from_text(kept["otio"]) if kept is not None else otio.schema.Clip()
        asset = self.project.assets.get(clip.asset_id) if clip.asset_id else None
        same_media = kept is not None and kept["asset"] == clip.asset_id
        same_media = same_media and (asset is None or asset.path == kept["path"])
        if same_media:
            self._fix_relative_url(out.media_reference, asset)
        else:
            out.media_reference = self._reference(clip, asset)
        unchanged = same_media and (kept["source_in"], kept["duration"]) == (
            clip.source_in,
            clip.duration,
        )
        if not unchanged:
            out.source_range = self._source_range(clip, out.media_reference)
        out.name = clip.name
        out.enabled = clip.enabled
        out.metadata[KEY] = _ours(clip)
        return out

    def _source_range(self, clip: Clip, reference) -> otio.opentime.TimeRange:
        """The clip's range of its media; media that start at a timecode start there."""
        start = otio.opentime.RationalTime(clip.source_in, self.rate)
        available = getattr(reference, "available_range", None)
        if available is not None and available.start_time.value:
            start += available.start_time.rescaled_to(self.rate)
        return otio.opentime.TimeRange(start, otio.opentime.RationalTime(clip.duration, self.rate))

    def _reference(self, clip: Clip, asset: Asset | None):
        if asset is None:
            return otio.schema.GeneratorReference(
                name="title", generator_kind=TITLE_GENERATOR, parameters={"text": clip.text}
            )
        available = None
        if asset.kind is MediaKind.VIDEO and asset.frames and asset.fps:
            available = _range(0, asset.frames, float(asset.fps))
        elif asset.kind is MediaKind.AUDIO and asset.samples and asset.sample_rate:
            available = _range(0, asset.samples, asset.sample_rate)
        return otio.schema.ExternalReference(
            target_url=self._url(asset),
            available_range=available,
            metadata={KEY: {"asset_id": asset.id}},
        )

    def _url(self, asset: Asset) -> str:
        file = media_path(self.folder, asset)
        try:
            return otio.url_utils.url_from_filepath(os.path.relpath(file, self.otio_dir))
        except ValueError:  # another drive on Windows: no relative path exists
            return otio.url_utils.url_from_filepath(os.fspath(file))

    def _fix_relative_url(self, reference, asset: Asset | None) -> None:
        """A relative URL is relative to the .otio file: written elsewhere, it moves."""
        url = getattr(reference, "target_url", None)
        if asset is None or not url or asset.path.startswith("offline/"):
            return  # no file of ours to point at: the URL stays as it came
        if "://" in url or url.startswith("/") or Path(url).is_absolute():
            return  # absolute or remote: true wherever the .otio is written
        reference.target_url = self._url(asset)


def _ours(clip: Clip) -> dict[str, Any]:
    ours: dict[str, Any] = {"id": clip.id}
    if clip.shot_id:
        ours["shot_id"] = clip.shot_id
    if clip.asset_id is not None:
        ours["asset_id"] = clip.asset_id
    if clip.text:
        ours["text"] = clip.text
    for name, default in CLIP_DEFAULTS.items():
        if getattr(clip, name) != default:
            ours[name] = getattr(clip, name)
    return ours


def _otio_order(tracks: list[Track]) -> list[tuple[int, Track]]:
    # OTIO composites its stack bottom first; our display order is top first.
    indexed = list(enumerate(tracks))
    pictures = [(i, t) for i, t in reversed(indexed) if t.kind is not TrackKind.AUDIO]
    return pictures + [(i, t) for i, t in indexed if t.kind is TrackKind.AUDIO]


def _range(start: int, duration: int, rate: float | Fraction) -> otio.opentime.TimeRange:
    rate = float(rate)
    return otio.opentime.TimeRange(
        otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(duration, rate)
    )
