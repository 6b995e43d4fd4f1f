"""Project ⇄ plain JSON data. Frames stay integers; rates are written as "24000/1001"."""

from __future__ import annotations

import copy
from fractions import Fraction
from typing import Any

from studio.model.entities import (
    Asset,
    Clip,
    Marker,
    MediaKind,
    Scene,
    ScoreRange,
    Script,
    Settings,
    Shot,
    Track,
    TrackKind,
)
from studio.model.project import Project
from studio.model.time import format_rate, parse_rate

SCHEMA = 1  # bump with a migration in studio.model.migrations


class FormatError(ValueError):
    """The data is not a project this version understands."""


def _rate(value: Fraction | None) -> str | None:
    return None if value is None else format_rate(value)


def project_to_data(project: Project) -> dict[str, Any]:
    s = project.settings
    return {
        "schema": SCHEMA,
        "name": project.name,
        "settings": {
            "fps": format_rate(s.fps),
            "width": s.width,
            "height": s.height,
            "sample_rate": s.sample_rate,
            "still_frames": s.still_frames,
        },
        "assets": [_asset_to_data(a) for a in project.assets.values()],
        "tracks": [
            {
                "id": t.id,
                "kind": t.kind.value,
                "name": t.name,
                "muted": t.muted,
                "solo": t.solo,
                "locked": t.locked,
                "hidden": t.hidden,
                # Clips as compact rows: 10,000 clips stay a small, fast file.
                "clips": [_clip_to_data(c) for c in t.clips],
            }
            for t in project.tracks
        ],
        "markers": [
            {"id": m.id, "frame": m.frame, "name": m.name, "color": m.color, "note": m.note}
            for m in project.markers
        ],
        "script": {"title": project.script.title, "text": project.script.text},
        "scenes": [
            {"id": x.id, "heading": x.heading, "text": x.text, "number": x.number}
            for x in project.scenes
        ],
        "shots": [
            {
                "id": x.id,
                "scene_id": x.scene_id,
                "description": x.description,
                "duration": x.duration,
                "takes": list(x.takes),
                "picked": x.picked,
            }
            for x in project.shots
        ],
        "score_ranges": [
            {
                "id": r.id,
                "start": r.start,
                "end": r.end,
                "takes": list(r.takes),
                "picked": r.picked,
                "follows": r.follows,
                "name": r.name,
            }
            for r in project.score_ranges
        ],
        "panels": copy.deepcopy(project.panels),
    }


def _asset_to_data(a: Asset) -> dict[str, Any]:
    data: dict[str, Any] = {"id": a.id, "kind": a.kind.value, "name": a.name, "path": a.path}
    for name in ("width", "height", "frames", "sample_rate", "samples", "channels"):
        value = getattr(a, name)
        if value is not None:
            data[name] = value
    if a.fps is not None:
        data["fps"] = format_rate(a.fps)
    if a.has_audio:
        data["has_audio"] = True
    if a.provenance:
        # A copy: the data shares nothing with the project, so another thread may encode
        # it while the editor goes on (the autosave does).
        data["provenance"] = copy.deepcopy(a.provenance)
    return data


def _clip_to_data(c: Clip) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": c.id,
        "asset": c.asset_id,
        "start": c.start,
        "duration": c.duration,
        "source_in": c.source_in,
    }
    if c.name:
        data["name"] = c.name
    if c.shot_id:
        data["shot"] = c.shot_id
    if c.text:
        data["text"] = c.text
    if c.link:
        data["link"] = c.link
    # Only what differs from the defaults: keeps 10,000-clip files small.
    for name, default in CLIP_DEFAULTS.items():
        value = getattr(c, name)
        if value != default:
            data[name] = value
    return data


CLIP_DEFAULTS = {"gain_db": 0.0, "fade_in": 0, "fade_out": 0, "opacity": 1.0, "dissolve_in": 0}


def project_from_data(data: Any) -> Project:
    """Build a project from data at the current schema; FormatError says what is wrong."""
    try:
        return _project_from_data(data)
    except FormatError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise FormatError(f"malformed project data ({type(exc).__name__}: {exc})") from None


def _int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FormatError(f"{what} must be an integer number of frames, got {value!r}")
    return value


def _project_from_data(data: Any) -> Project:
    if not isinstance(data, dict):
        raise FormatError("a project file must hold a JSON object")
    s = data.get("settings", {})
    settings = Settings(
        fps=parse_rate(s.get("fps", "24")),
        width=int(s.get("width", 1920)),
        height=int(s.get("height", 1080)),
        sample_rate=int(s.get("sample_rate", 48000)),
        still_frames=int(s.get("still_frames", 72)),
    )
    assets = {}
    for a in data.get("assets", []):
        asset = Asset(
            id=str(a["id"]),
            kind=MediaKind(a["kind"]),
            name=str(a.get("name", "")),
            path=str(a["path"]),
            width=a.get("width"),
            height=a.get("height"),
            fps=parse_rate(a["fps"]) if a.get("fps") else None,
            frames=a.get("frames"),
            sample_rate=a.get("sample_rate"),
            samples=a.get("samples"),
            channels=a.get("channels"),
            has_audio=bool(a.get("has_audio", False)),
            provenance=a.get("provenance"),
        )
        assets[asset.id] = asset
    tracks = []
    seen_clips: set[str] = set()
    for t in data.get("tracks", []):
        clips = []
        for c in t.get("clips", []):
            clip = Clip(
                id=str(c["id"]),
                asset_id=c.get("asset"),
                start=_int(c["start"], "a clip's start"),
                duration=_int(c["duration"], "a clip's duration"),
                source_in=_int(c.get("source_in", 0), "a clip's source in-point"),
                name=str(c.get("name", "")),
                shot_id=c.get("shot"),
                text=str(c.get("text", "")),
                gain_db=float(c.get("gain_db", 0.0)),
                fade_in=_int(c.get("fade_in", 0), "a clip's fade-in"),
                fade_out=_int(c.get("fade_out", 0), "a clip's fade-out"),
                opacity=float(c.get("opacity", 1.0)),
                dissolve_in=_int(c.get("dissolve_in", 0), "a clip's dissolve"),
                link=_optional_str(c.get("link")),
            )
            if clip.id in seen_clips:
                raise FormatError(f"clip id {clip.id} appears twice")
            if clip.asset_id is not None and clip.asset_id not in assets:
                raise FormatError(f"clip {clip.id} uses unknown asset {clip.asset_id}")
            seen_clips.add(clip.id)
            clips.append(clip)
        clips.sort(key=lambda c: c.start)
        for before, after in zip(clips, clips[1:], strict=False):
            if before.end > after.start:
                raise FormatError(f"clips {before.id} and {after.id} overlap")
        tracks.append(
            Track(
                id=str(t["id"]),
                kind=TrackKind(t["kind"]),
                name=str(t.get("name", "")),
                clips=clips,
                muted=bool(t.get("muted", False)),
                solo=bool(t.get("solo", False)),
                locked=bool(t.get("locked", False)),
                hidden=bool(t.get("hidden", False)),
            )
        )
    script = data.get("script", {})
    return Project(
        settings=settings,
        assets=assets,
        tracks=tracks,
        markers=[
            Marker(
                id=str(m["id"]),
                frame=_int(m["frame"], "a marker's frame"),
                name=str(m.get("name", "")),
                color=str(m.get("color", "#e0b000")),
                note=str(m.get("note", "")),
            )
            for m in data.get("markers", [])
        ],
        script=Script(text=str(script.get("text", "")), title=str(script.get("title", ""))),
        scenes=[
            Scene(
                id=str(x["id"]),
                heading=str(x.get("heading", "")),
                text=str(x.get("text", "")),
                number=str(x.get("number", "")),
            )
            for x in data.get("scenes", [])
        ],
        shots=[
            Shot(
                id=str(x["id"]),
                scene_id=x.get("scene_id"),
                description=str(x.get("description", "")),
                duration=_int(x.get("duration", 72), "a shot's duration"),
                takes=[str(a) for a in x.get("takes", [])],
                picked=x.get("picked"),
            )
            for x in data.get("shots", [])
        ],
        name=str(data.get("name", "Untitled")),
        score_ranges=[
            ScoreRange(
                id=str(r["id"]),
                start=_int(r["start"], "a score range's start"),
                end=_int(r["end"], "a score range's end"),
                takes=[str(a) for a in r.get("takes", [])],
                picked=_optional_str(r.get("picked")),
                follows=str(r.get("follows", "")),
                name=str(r.get("name", "")),
            )
            for r in data.get("score_ranges", [])
        ],
        panels=_panels(data.get("panels", {})),
    )


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def _panels(value: Any) -> dict[str, dict]:
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise FormatError("panels must map each panel's name to its settings")
    return {str(k): dict(v) for k, v in value.items()}
