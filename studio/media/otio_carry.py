"""What Storyreel keeps of an OTIO file that it does not use, and the helpers both ways share.

Import stores a foreign timeline, its tracks, clips and markers as OTIO JSON in
`Project.interchange["otio"]` (without their children and markers: those become Storyreel's
own clips and markers), and the transitions it turned into dissolves and fades. Export starts
from the stored object and sets only what Storyreel knows, so effects, unknown metadata,
media references of every kind, available ranges, source start times, the global start time
and trailing gaps come back as they came.

The layout of `interchange["otio"]`, every part optional:
    timeline: JSON          the timeline with an empty stack
    tracks:   {track id: JSON}
    clips:    {clip id: {otio: JSON, asset, path, source_in, duration}}  as imported
    markers:  {marker id: JSON}
    into:     {clip id: {otio: JSON, field: "dissolve_in" | "fade_in", frames}}
    out_of:   {clip id: {otio: JSON, frames}}       a fade into a gap or the track's end
    lengths:  {track id: frames}                     a track that ran on past its last clip
"""

from __future__ import annotations

from typing import Any

import opentimelineio as otio

FORMAT = "otio"
KEY = "storyreel"  # our own metadata on OTIO objects


def to_text(item: otio.core.SerializableObject) -> str:
    """Compact OTIO JSON: a project keeps thousands of these, copied on every save."""
    return otio.adapters.write_to_string(item, adapter_name="otio_json", indent=-1)


def from_text(text: str) -> Any:
    return otio.adapters.read_from_string(text, adapter_name="otio_json")


def shell(item: Any) -> Any:
    """A copy of a timeline, track, clip or marker without its children and markers."""
    copy = item.deepcopy()
    if isinstance(copy, otio.schema.Timeline):
        if copy.tracks is not None:
            copy.tracks.clear()
            copy.tracks.markers.clear()
        return copy
    if isinstance(copy, otio.core.Composition):
        copy.clear()
    if hasattr(copy, "markers"):
        copy.markers.clear()
    return copy


def worth_keeping(item: Any) -> bool:
    """Whether `item` holds more than Storyreel writes itself: it came from another tool,
    or another tool added metadata, effects or a start time to one of ours."""
    metadata = item.metadata
    if KEY not in metadata or len(metadata) > 1:
        return True
    if len(getattr(item, "effects", ())):
        return True
    start = getattr(item, "global_start_time", None)
    return start is not None and start.value != 0


def plain(value: Any) -> Any:
    """OTIO's AnyDictionary/AnyVector as plain dicts and lists."""
    if value is None:
        return None
    if hasattr(value, "items"):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, str | bytes):
        return value
    if hasattr(value, "__iter__"):
        return [plain(v) for v in value]
    return value


# -- marker colours: OTIO names them, we keep RGB -------------------------------------------

_MARKER_COLOR = otio.schema.MarkerColor
MARKER_RGB = {
    _MARKER_COLOR.RED: (220, 40, 40),
    _MARKER_COLOR.ORANGE: (240, 140, 20),
    _MARKER_COLOR.YELLOW: (224, 176, 0),
    _MARKER_COLOR.GREEN: (40, 180, 60),
    _MARKER_COLOR.CYAN: (30, 190, 200),
    _MARKER_COLOR.BLUE: (40, 90, 220),
    _MARKER_COLOR.PURPLE: (130, 60, 200),
    _MARKER_COLOR.MAGENTA: (210, 40, 180),
    _MARKER_COLOR.PINK: (240, 130, 170),
    _MARKER_COLOR.BLACK: (0, 0, 0),
    _MARKER_COLOR.WHITE: (255, 255, 255),
}


def nearest_color(hex_color: str) -> str:
    """The OTIO marker colour closest to "#rrggbb"."""
    try:
        value = hex_color.lstrip("#")
        rgb = tuple(int(value[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return _MARKER_COLOR.YELLOW
    return min(
        MARKER_RGB,
        key=lambda n: sum((a - b) ** 2 for a, b in zip(MARKER_RGB[n], rgb, strict=True)),
    )


def hex_color(color: str) -> str:
    """ "#rrggbb" of an OTIO marker colour; an unknown name is shown yellow."""
    red, green, blue = MARKER_RGB.get(str(color).upper(), MARKER_RGB[_MARKER_COLOR.YELLOW])
    return f"#{red:02x}{green:02x}{blue:02x}"
