"""Project ⇄ plain JSON data. Frames stay integers; rates are written as "24000/1001"."""

from __future__ import annotations

import copy
import math
import operator
from fractions import Fraction
from typing import Any

from studio.model import limits
from studio.model.entities import (
    TRACK_ACCEPTS,
    Asset,
    Clip,
    DialogueLine,
    Element,
    ElementKind,
    Marker,
    MediaKind,
    Scene,
    ScoreRange,
    Script,
    Settings,
    Shot,
    Track,
    TrackKind,
    Voice,
)
from studio.model.project import Project
from studio.model.time import format_rate, parse_rate

SCHEMA = 1  # bump with a migration in studio.model.migrations


class FormatError(ValueError):
    """The data is not a project this version understands."""


def project_to_data(project: Project) -> dict[str, Any]:
    s = project.settings
    data = {
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
        "shots": [_shot_to_data(x) for x in project.shots],
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
        # Written only when there is some: a project made here has none.
        **({"interchange": _interchange_copy(project.interchange)} if project.interchange else {}),
        **_voices_to_data(project),
    }
    if project.elements:  # optional: a project without a story graph is written as before
        data["elements"] = [_element_to_data(e) for e in project.elements]
    return data


def _shot_to_data(x: Shot) -> dict[str, Any]:
    data = {
        "id": x.id,
        "scene_id": x.scene_id,
        "description": x.description,
        "duration": x.duration,
        "takes": list(x.takes),
        "picked": x.picked,
    }
    if x.outdated:
        data["outdated"] = list(x.outdated)
    return data


def _element_to_data(e: Element) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind.value,
        "name": e.name,
        "description": e.description,
        "aliases": list(e.aliases),
        "references": list(e.references),
        "scenes": list(e.scenes),
        "shots": list(e.shots),
    }


def _voices_to_data(project: Project) -> dict[str, Any]:
    """Voices by cue name and the voiced lines; absent when there are none, so a project
    that was never voiced is written as before."""
    data: dict[str, Any] = {}
    if project.voices:
        data["voices"] = {
            v.id: {"generator": v.generator, "params": copy.deepcopy(v.params)}
            for v in project.voices
        }
    if project.lines:
        data["lines"] = [
            {
                "id": x.id,
                "scene_id": x.scene_id,
                "character": x.character,
                "text": x.text,
                "voice": copy.deepcopy(x.voice),
                "takes": list(x.takes),
                "picked": x.picked,
            }
            for x in project.lines
        ]
    return data


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


CLIP_DEFAULTS = {
    "gain_db": 0.0,
    "fade_in": 0,
    "fade_out": 0,
    "opacity": 1.0,
    "dissolve_in": 0,
    "enabled": True,
    "duck_db": 0.0,
}


def project_from_data(data: Any) -> Project:
    """Build a project from data at the current schema; FormatError says what is wrong.

    Every field is checked against its range (studio.model.limits) and named when it is
    out of it, so a crafted file never reaches a viewer, a mixer or an encoder.
    """
    try:
        return _project_from_data(data)
    except FormatError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise FormatError(f"malformed project data ({type(exc).__name__}: {exc})") from None


# A field's name for an error: "settings.width", or (owner, field) joined only when an error
# is raised, so a 10,000-clip load formats no names.
What = str | tuple[str, str]


def _named(what: What) -> str:
    return what if isinstance(what, str) else f"{what[0]}'s {what[1]}"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _int(value: Any, what: What, low: int = 0, high: int | None = None, unit: str = "") -> int:
    """An integer field in [low, high]; `what` names it in the error."""
    if type(value) is int and low <= value and (high is None or value <= high):
        return value  # the common case, first
    if isinstance(value, bool) or not isinstance(value, int):
        raise FormatError(
            f"{_named(what)} must be an integer{unit and ' number of ' + unit}, got {_show(value)}"
        )
    if value < low or (high is not None and value > high):
        bound = f"{low} to {high}" if high is not None else f"at least {low}"
        raise FormatError(
            f"{_named(what)} must be {bound}{unit and ' ' + unit}, got {_show(value)}"
        )
    return value


def _optional_int(value: Any, what: What, low: int, high: int) -> int | None:
    return None if value is None else _int(value, what, low, high)


def _real(value: Any, what: What, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FormatError(f"{_named(what)} must be a number, got {_show(value)}")
    if not math.isfinite(value) or not low <= value <= high:
        raise FormatError(f"{_named(what)} must be within {low:g}..{high:g}, got {_show(value)}")
    return float(value)


def _text(value: Any, what: What) -> str:
    if not isinstance(value, str):
        raise FormatError(f"{_named(what)} must be text, got {_show(value)}")
    return value


def _bool(value: Any, what: What) -> bool:
    if not isinstance(value, bool):
        raise FormatError(f"{_named(what)} must be true or false, got {_show(value)}")
    return value


def _id(value: Any, what: What) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise FormatError(f"{_named(what)} must be a non-empty id, got {_show(value)}")
    return str(value)


def _rate(value: Any, what: What, low: Fraction, high: Fraction) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FormatError(
            f'{_named(what)} must be a rate like "24" or "24000/1001", got {_show(value)}'
        )
    if isinstance(value, float) and not math.isfinite(value):
        raise FormatError(f"{_named(what)} must be a finite rate, got {_show(value)}")
    if isinstance(value, str) and len(value) > 40:
        raise FormatError(f"{_named(what)} is not a rate: {_show(value)}")
    try:
        rate = parse_rate(value)
    except (ValueError, ZeroDivisionError, OverflowError):
        raise FormatError(f"{_named(what)} must be a positive rate, got {_show(value)}") from None
    if rate.numerator > limits.MAX_RATE_TERM or rate.denominator > limits.MAX_RATE_TERM:
        raise FormatError(f"{_named(what)} has terms too large: {_show(value)}")
    if not low <= rate <= high:
        raise FormatError(f"{_named(what)} must be {low} to {high}, got {format_rate(rate)}")
    return rate


def _enum(kind: type, value: Any, what: What):
    try:
        return kind(value)
    except (ValueError, TypeError):
        choices = ", ".join(k.value for k in kind)
        raise FormatError(
            f"malformed project data: {_named(what)} must be one of {choices}, got {_show(value)}"
        ) from None


def _dict(value: Any, what: What) -> dict:
    if not isinstance(value, dict):
        raise FormatError(f"{_named(what)} must be a JSON object, got {_show(value)}")
    return value


def _list(value: Any, what: What) -> list:
    if not isinstance(value, list):
        raise FormatError(f"{_named(what)} must be a JSON list, got {_show(value)}")
    return value


_START = operator.attrgetter("start")
# The fields most clips have and nothing else: read with a third of the look-ups.
_PLAIN_CLIP_KEYS = frozenset({"id", "asset", "start", "duration", "source_in", "name"})


def _plain_clip(c: Any, frames: int) -> Clip | None:
    """A clip whose data holds only _PLAIN_CLIP_KEYS, each well-formed; None for any
    other (then `_clip` reads it, and names what is wrong)."""
    if type(c) is not dict or not _PLAIN_CLIP_KEYS.issuperset(c):
        return None
    clip_id, asset, start, duration = c.get("id"), c.get("asset"), c.get("start"), c.get("duration")
    source_in, name = c.get("source_in", 0), c.get("name", "")
    if (
        type(clip_id) is str
        and clip_id
        and (asset is None or (type(asset) is str and asset))
        and type(start) is int
        and type(duration) is int
        and start >= 0
        and duration >= 1
        and start + duration <= frames
        and type(source_in) is int
        and 0 <= source_in <= frames
        and type(name) is str
    ):
        return Clip(clip_id, asset, start, duration, source_in, name)
    return None


def _project_from_data(data: Any) -> Project:
    if not isinstance(data, dict):
        raise FormatError("a project file must hold a JSON object")
    settings = _settings(_dict(data.get("settings", {}), "settings"))
    frames = limits.max_frames(settings.fps)
    assets: dict[str, Asset] = {}
    for a in _list(data.get("assets", []), "assets"):
        asset = _asset(_dict(a, "an asset"))
        if asset.id in assets:
            raise FormatError(f"asset id {asset.id} appears twice")
        assets[asset.id] = asset
    tracks = []
    seen_tracks: set[str] = set()
    seen_clips: set[str] = set()
    for t in _list(data.get("tracks", []), "tracks"):
        t = _dict(t, "a track")
        track_id = _id(t.get("id"), "a track's id")
        if track_id in seen_tracks:
            raise FormatError(f"track id {track_id} appears twice")
        seen_tracks.add(track_id)
        kind = _enum(TrackKind, t.get("kind"), f"track {track_id}'s kind")
        accepts = TRACK_ACCEPTS[kind]
        clips = []
        for c in _list(t.get("clips", []), f"track {track_id}'s clips"):
            clip = _plain_clip(c, frames) or _clip(_dict(c, "a clip"), frames)
            if clip.id in seen_clips:
                raise FormatError(f"clip id {clip.id} appears twice")
            if clip.asset_id is not None:
                asset = assets.get(clip.asset_id)
                if asset is None:
                    raise FormatError(f"clip {clip.id} uses unknown asset {clip.asset_id}")
                if asset.kind not in accepts:
                    # An audio file on a picture track would be decoded as a picture.
                    raise FormatError(
                        f"clip {clip.id} puts {asset.kind} asset {asset.id} on {kind} track "
                        f"{track_id}"
                    )
            seen_clips.add(clip.id)
            clips.append(clip)
        clips.sort(key=_START)
        for before, after in zip(clips, clips[1:], strict=False):
            if before.end > after.start:
                raise FormatError(f"clips {before.id} and {after.id} overlap")
        tracks.append(
            Track(
                id=track_id,
                kind=kind,
                name=_text(t.get("name", ""), f"track {track_id}'s name"),
                clips=clips,
                muted=bool(t.get("muted", False)),
                solo=bool(t.get("solo", False)),
                locked=bool(t.get("locked", False)),
                hidden=bool(t.get("hidden", False)),
            )
        )
    script = _dict(data.get("script", {}), "script")
    return Project(
        settings=settings,
        assets=assets,
        tracks=tracks,
        markers=[
            _marker(_dict(m, "a marker"), frames) for m in _list(data.get("markers", []), "markers")
        ],
        script=Script(
            text=_text(script.get("text", ""), "script.text"),
            title=_text(script.get("title", ""), "script.title"),
        ),
        scenes=[
            Scene(
                id=_id(x.get("id"), "a scene's id"),
                heading=str(x.get("heading", "")),
                text=str(x.get("text", "")),
                number=str(x.get("number", "")),
            )
            for x in (_dict(x, "a scene") for x in _list(data.get("scenes", []), "scenes"))
        ],
        shots=[_shot(_dict(x, "a shot"), frames) for x in _list(data.get("shots", []), "shots")],
        name=_text(data.get("name", "Untitled"), "the project's name"),
        score_ranges=[
            _score_range(_dict(r, "a score range"), frames)
            for r in _list(data.get("score_ranges", []), "score_ranges")
        ],
        panels=_panels(data.get("panels", {})),
        elements=_elements(_list(data.get("elements", []), "elements"), assets),
        interchange=_interchange(data.get("interchange", {})),
        voices=_voices(data.get("voices", {})),
        lines=[_line(_dict(x, "a line")) for x in _list(data.get("lines", []), "lines")],
    )


def _settings(s: dict) -> Settings:
    side = limits.MAX_FRAME_SIDE
    fps = _rate(s.get("fps", "24"), "settings.fps", limits.MIN_FPS, limits.MAX_FPS)
    return Settings(
        fps=fps,
        width=_int(s.get("width", 1920), "settings.width", 1, side, "pixels"),
        height=_int(s.get("height", 1080), "settings.height", 1, side, "pixels"),
        sample_rate=_int(
            s.get("sample_rate", 48000),
            "settings.sample_rate",
            limits.MIN_SAMPLE_RATE,
            limits.MAX_SAMPLE_RATE,
            "Hz",
        ),
        still_frames=_int(
            s.get("still_frames", 72), "settings.still_frames", 1, limits.max_frames(fps), "frames"
        ),
    )


def _asset(a: dict) -> Asset:
    asset_id = _id(a.get("id"), "an asset's id")
    what = f"asset {asset_id}"
    side = limits.MAX_MEDIA_SIDE
    fps = a.get("fps")
    fps = _rate(fps, (what, "fps"), Fraction(1, 1000), limits.MAX_FPS) if fps else None
    sample_rate = _optional_int(
        a.get("sample_rate"), (what, "sample_rate"), 1, limits.MAX_SAMPLE_RATE
    )
    provenance = a.get("provenance")
    if provenance is not None:
        _dict(provenance, (what, "provenance"))
        # The one free-form part of a project: copied and encoded again on every save.
        if limits.json_depth_exceeds(provenance):
            raise FormatError(f"{what}'s provenance nests deeper than {limits.MAX_JSON_DEPTH}")
    path = _text(a.get("path"), (what, "path"))
    if not path or "\x00" in path:
        raise FormatError(f"{what}'s path must be a file name, got {_show(path)}")
    return Asset(
        id=asset_id,
        kind=_enum(MediaKind, a.get("kind"), (what, "kind")),
        name=_text(a.get("name", ""), (what, "name")),
        path=path,
        width=_optional_int(a.get("width"), (what, "width"), 1, side),
        height=_optional_int(a.get("height"), (what, "height"), 1, side),
        fps=fps,
        frames=_optional_int(
            a.get("frames"), (what, "frames"), 0, limits.max_frames(limits.MAX_FPS)
        ),
        sample_rate=sample_rate,
        samples=_optional_int(
            a.get("samples"), (what, "samples"), 0, limits.max_samples(limits.MAX_SAMPLE_RATE)
        ),
        channels=_optional_int(a.get("channels"), (what, "channels"), 1, limits.MAX_CHANNELS),
        has_audio=bool(a.get("has_audio", False)),
        provenance=provenance,
    )


def _clip(c: dict, frames: int) -> Clip:
    """A clip; the common case (every field well-formed) is checked in one expression."""
    get = c.get
    clip_id, asset, shot = get("id"), get("asset"), get("shot")
    start, duration, source_in = get("start"), get("duration"), get("source_in", 0)
    fade_in, fade_out, dissolve = get("fade_in", 0), get("fade_out", 0), get("dissolve_in", 0)
    gain, opacity, name, text, link, enabled = (
        get("gain_db", 0.0),
        get("opacity", 1.0),
        get("name", ""),
        get("text", ""),
        get("link"),
        get("enabled", True),
    )
    duck = get("duck_db", 0.0)
    low_gain, high_gain = limits.GAIN_DB
    if (
        type(clip_id) is str
        and clip_id
        and (asset is None or (type(asset) is str and asset))
        and (shot is None or (type(shot) is str and shot))
        and type(start) is int
        and type(duration) is int
        and start >= 0
        and duration >= 1
        and start + duration <= frames
        and type(source_in) is int
        and 0 <= source_in <= frames
        and type(fade_in) is int
        and type(fade_out) is int
        and fade_in >= 0
        and fade_out >= 0
        and fade_in + fade_out <= duration
        and type(dissolve) is int
        and 0 <= dissolve <= duration
        and type(gain) in (int, float)
        and low_gain <= gain <= high_gain  # NaN fails every comparison
        and type(opacity) in (int, float)
        and 0.0 <= opacity <= 1.0
        and type(name) is str
        and type(text) is str
        and (link is None or (type(link) is str and link))
        and type(enabled) is bool
        and type(duck) in (int, float)
        and low_gain <= duck <= 0.0
    ):
        return Clip(
            clip_id, asset, start, duration, source_in, name, shot, text,
            float(gain), fade_in, fade_out, float(opacity), dissolve, link, enabled, float(duck),
        )  # fmt: skip
    return _checked_clip(c, frames)


def _checked_clip(c: dict, frames: int) -> Clip:
    """A clip, each field checked on its own: the error names the one out of range."""
    clip_id = _id(c.get("id"), "a clip's id")
    what = f"clip {clip_id}"
    start = _int(c.get("start"), (what, "start"), 0, frames - 1, "frames")
    duration = _int(c.get("duration"), (what, "duration"), 1, frames - start, "frames")
    fade_in = _int(c.get("fade_in", 0), (what, "fade_in"), 0, duration, "frames")
    asset = c.get("asset")
    shot = c.get("shot")
    low_gain, high_gain = limits.GAIN_DB
    return Clip(
        id=clip_id,
        asset_id=None if asset is None else _id(asset, (what, "asset")),
        start=start,
        duration=duration,
        source_in=_int(c.get("source_in", 0), (what, "source_in"), 0, frames, "frames"),
        name=_text(c.get("name", ""), (what, "name")),
        shot_id=None if shot is None else _id(shot, (what, "shot")),
        text=_text(c.get("text", ""), (what, "text")),
        gain_db=_real(c.get("gain_db", 0.0), (what, "gain_db"), low_gain, high_gain),
        fade_in=fade_in,
        # The two fades share the clip: together they fit in it, as the clip settings allow.
        fade_out=_int(c.get("fade_out", 0), (what, "fade_out"), 0, duration - fade_in, "frames"),
        opacity=_real(c.get("opacity", 1.0), (what, "opacity"), 0.0, 1.0),
        dissolve_in=_int(c.get("dissolve_in", 0), (what, "dissolve_in"), 0, duration, "frames"),
        link=None if c.get("link") is None else _id(c.get("link"), (what, "link")),
        enabled=_bool(c.get("enabled", True), (what, "enabled")),
        duck_db=_real(c.get("duck_db", 0.0), (what, "duck_db"), low_gain, 0.0),
    )


def _marker(m: dict, frames: int) -> Marker:
    marker_id = _id(m.get("id"), "a marker's id")
    return Marker(
        id=marker_id,
        frame=_int(m.get("frame"), f"marker {marker_id}'s frame", 0, frames, "frames"),
        name=str(m.get("name", "")),
        color=str(m.get("color", "#e0b000")),
        note=str(m.get("note", "")),
    )


def _shot(x: dict, frames: int) -> Shot:
    shot_id = _id(x.get("id"), "a shot's id")
    picked = x.get("picked")
    scene_id = x.get("scene_id")
    return Shot(
        id=shot_id,
        scene_id=None if scene_id is None else _id(scene_id, f"shot {shot_id}'s scene_id"),
        description=str(x.get("description", "")),
        duration=_int(x.get("duration", 72), f"shot {shot_id}'s duration", 1, frames, "frames"),
        takes=[
            _id(a, f"shot {shot_id}'s takes")
            for a in _list(x.get("takes", []), f"shot {shot_id}'s takes")
        ],
        picked=None if picked is None else _id(picked, f"shot {shot_id}'s picked take"),
        outdated=[
            _id(a, f"shot {shot_id}'s outdated takes")
            for a in _list(x.get("outdated", []), f"shot {shot_id}'s outdated takes")
        ],
    )


def _elements(rows: list, assets: dict[str, Asset]) -> list[Element]:
    elements = []
    seen: set[str] = set()
    for row in rows:
        e = _dict(row, "an element")
        element_id = _id(e.get("id"), "an element's id")
        if element_id in seen:
            raise FormatError(f"element id {element_id} appears twice")
        seen.add(element_id)
        what = f"element {element_id}"

        def ids(name: str, e=e, what=what) -> list[str]:
            return [_id(v, (what, name)) for v in _list(e.get(name, []), (what, name))]

        # A reference whose media was removed from the project is dropped, not an error:
        # the picture is gone either way, and the rest of the file still loads.
        references = [a for a in ids("references") if a in assets]
        elements.append(
            Element(
                id=element_id,
                kind=_enum(ElementKind, e.get("kind"), (what, "kind")),
                name=_text(e.get("name", ""), (what, "name")),
                description=_text(e.get("description", ""), (what, "description")),
                aliases=[
                    _text(a, (what, "aliases"))
                    for a in _list(e.get("aliases", []), (what, "aliases"))
                ],
                references=references,
                scenes=ids("scenes"),
                shots=ids("shots"),
            )
        )
    return elements


def _score_range(r: dict, frames: int) -> ScoreRange:
    range_id = _id(r.get("id"), "a score range's id")
    what = f"score range {range_id}"
    start = _int(r.get("start"), (what, "start"), 0, frames - 1, "frames")
    picked = r.get("picked")
    return ScoreRange(
        id=range_id,
        start=start,
        end=_int(r.get("end"), (what, "end"), start + 1, frames, "frames"),
        takes=[_id(a, (what, "takes")) for a in _list(r.get("takes", []), (what, "takes"))],
        picked=None if picked is None else _id(picked, (what, "picked take")),
        follows=_text(r.get("follows", ""), (what, "follows")),
        name=_text(r.get("name", ""), (what, "name")),
    )


def _interchange_copy(value: dict[str, Any]) -> dict[str, Any]:
    """A copy for another thread: its parts are copied, what they hold is shared. Entries
    are only ever replaced, never changed in place (a deep copy of a 10,000-clip import's
    entries took 150 ms on every save)."""
    return {
        name: {part: dict(v) if isinstance(v, dict) else v for part, v in parts.items()}
        for name, parts in value.items()
    }


def _interchange(value: Any) -> dict[str, Any]:
    for name, parts in _dict(value, "interchange").items():
        _dict(parts, f"interchange.{name}")
    if limits.json_depth_exceeds(value):
        raise FormatError(f"interchange nests deeper than {limits.MAX_JSON_DEPTH}")
    return value


def _panels(value: Any) -> dict[str, dict]:
    if not isinstance(value, dict) or not all(isinstance(v, dict) for v in value.values()):
        raise FormatError("panels must map each panel's name to its settings")
    return {str(k): dict(v) for k, v in value.items()}


def _voices(value: Any) -> list[Voice]:
    voices = []
    for cue, v in _dict(value, "voices").items():
        what = f"the voice of {cue}"
        v = _dict(v, what)
        params = _dict(v.get("params", {}), (what, "params"))
        if limits.json_depth_exceeds(params):
            raise FormatError(f"{what}'s params nest deeper than {limits.MAX_JSON_DEPTH}")
        generator = _text(v.get("generator", "speech.tts"), (what, "generator"))
        voices.append(Voice(id=_id(cue, "a voice's character"), generator=generator, params=params))
    return voices


def _line(x: dict) -> DialogueLine:
    line_id = _id(x.get("id"), "a line's id")
    what = f"line {line_id}"
    scene_id, picked = x.get("scene_id"), x.get("picked")
    voice = _dict(x.get("voice", {}), (what, "voice"))
    if limits.json_depth_exceeds(voice):
        raise FormatError(f"{what}'s voice nests deeper than {limits.MAX_JSON_DEPTH}")
    return DialogueLine(
        id=line_id,
        scene_id=None if scene_id is None else _id(scene_id, (what, "scene_id")),
        character=_text(x.get("character", ""), (what, "character")),
        text=_text(x.get("text", ""), (what, "text")),
        voice=voice,
        takes=[_id(a, (what, "takes")) for a in _list(x.get("takes", []), (what, "takes"))],
        picked=None if picked is None else _id(picked, (what, "picked take")),
    )
