"""The picture of the timeline at a frame: video, image and title tracks stacked, dissolves.

Upper tracks (earlier in display order) cover lower ones; hidden tracks and disabled clips
are skipped; where nothing is, the frame is black. Pictures are fitted inside the frame,
aspect kept, and what lies outside them shows the tracks below.

A clip's `opacity` (0..1) blends it over what lies below, its `fade_in` and `fade_out` ramp
that opacity from and to nothing, and its `dissolve_in` (frames of cross-dissolve from the
clip before it, centred on the cut) mixes the two; a caller may also pass dissolves as
`transitions={incoming clip id: frames}` to preview one before it is an edit. A dissolve
needs the two clips to touch; the outgoing clip runs past its out-point (the media's handle,
or its last frame) and the incoming one starts before its in-point (its first frame).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import numpy as np

from studio.media.cards import offline_picture, placeholder_picture, title_picture
from studio.media.decode import LRU, VideoReader, existing_proxy, load_still
from studio.model import Asset, Clip, MediaKind, Project, TrackKind
from studio.model.files import media_path
from studio.model.project import clip_index, clips_in_range, first_clip_from

_PICTURE_TRACKS = (TrackKind.VIDEO, TrackKind.TEXT)


@dataclass(frozen=True)
class Layer:
    """One clip's contribution to a frame; equal layers give equal pixels."""

    clip_id: str
    source_frame: int  # the media frame shown (its VideoReader key), -1 for stills and titles
    alpha: int  # 0..255: the clip's opacity times its share of a dissolve


@dataclass
class Picture:
    """Pixels placed at (x, y) in the frame; `alpha` None means opaque."""

    rgb: np.ndarray
    alpha: np.ndarray | None
    x: int
    y: int


class Compositor:
    """Makes timeline frames at `size` (default: the project's frame size).

    With `use_proxies`, video is read from its proxy when one has been made (see
    studio.media.decode.make_proxy); it never waits for one. Not thread-safe: a player
    owns one on its read-ahead thread, a render its own.
    """

    def __init__(
        self,
        project: Project,
        folder: str | os.PathLike[str] | None,
        size: tuple[int, int] | None = None,
        use_proxies: bool = False,
        transitions: Mapping[str, int] | None = None,
        cache_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        self.project = project
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.size = size or (project.settings.width, project.settings.height)
        self.use_proxies = use_proxies
        self.transitions = dict(transitions or {})
        self.cache_dir = Path(cache_dir) if cache_dir else self.folder / "cache"
        self._readers: dict[Path, VideoReader] = {}
        self._pictures: LRU[Picture] = LRU(64)
        self._last: tuple[tuple[Layer, ...], np.ndarray] | None = None
        self._black = np.zeros((self.size[1], self.size[0], 3), dtype=np.uint8)
        self._black.setflags(write=False)

    def close(self) -> None:
        for reader in self._readers.values():
            reader.close()
        self._readers.clear()

    def __enter__(self) -> Compositor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- what is on screen ------------------------------------------------------------------
    def layers(self, frame: int) -> tuple[Layer, ...]:
        """The layers of `frame`, bottom first: equal tuples mean identical pictures."""
        placed: list[tuple[Clip, int]] = []
        for track in reversed(self.project.tracks):
            if track.kind not in _PICTURE_TRACKS or track.hidden:
                continue
            placed.extend(
                (c, alpha) for c, alpha in self._clips_at(track, frame) if alpha > 0 and c.enabled
            )
        # From the top down: nothing under an opaque full-frame layer can be seen, and its
        # video need not be decoded to learn which of its frames would be.
        stack: list[Layer] = []
        for clip, alpha in reversed(placed):
            stack.append(Layer(clip.id, self._source_frame(clip, frame), alpha))
            if alpha == 255 and len(stack) < len(placed) and self._covers_frame(stack[-1]):
                break
        return tuple(reversed(stack))

    def frame(self, frame: int) -> np.ndarray:
        """Timeline frame `frame` as a read-only RGB array (height, width, 3)."""
        return self.compose(self.layers(frame))

    def compose(self, layers: tuple[Layer, ...]) -> np.ndarray:
        if self._last is not None and self._last[0] == layers:
            return self._last[1]
        if not layers:
            return self._black
        bottom = self._picture(layers[0])
        if len(layers) == 1 and layers[0].alpha == 255 and self._fills(bottom):
            canvas = bottom.rgb  # a lone full-frame picture: no copy at all
        else:
            canvas = self._black.copy()
            for layer in layers:
                _blend(canvas, self._picture(layer), layer.alpha)
            canvas.setflags(write=False)
        self._last = (layers, canvas)
        return canvas

    def _clips_at(self, track, frame: int) -> list[tuple[Clip, int]]:
        """The clips of one track seen at `frame` with their alpha: two during a dissolve."""
        clips = track.clips
        found = clips_in_range(track, frame, frame + 1)
        here = found[0] if found else None
        index = clip_index(track, here) if here is not None else first_clip_from(track, frame)
        # A dissolve window straddles the cut between clips[i-1] and clips[i].
        for incoming_index in (index, index + 1):
            if not 0 < incoming_index < len(clips):
                continue
            before, after = clips[incoming_index - 1], clips[incoming_index]
            length = self._dissolve(after)
            if length <= 0 or before.end != after.start:
                continue
            first = after.start - length // 2
            if first <= frame < first + length:
                share = (frame - first + 1) / (length + 1)
                return [
                    (before, _alpha(before, frame)),
                    (after, round(_alpha(after, frame) * share)),
                ]
        return [(here, _alpha(here, frame))] if here is not None else []

    def _dissolve(self, clip: Clip) -> int:
        return int(self.transitions.get(clip.id, clip.dissolve_in))

    def _source_frame(self, clip: Clip, frame: int) -> int:
        """The key of the media frame on screen (see VideoReader); -1 for stills and titles.

        Picked by presentation time, so variable-frame-rate video shows the right frame.
        """
        asset = self._asset(clip)
        if asset is None or asset.kind is not MediaKind.VIDEO or asset.offline:
            return -1
        offset = clip.source_in + frame - clip.start
        return self._reader(asset).key_at(Fraction(offset) / self.project.settings.fps)

    def _asset(self, clip: Clip) -> Asset | None:
        return self.project.assets.get(clip.asset_id) if clip.asset_id else None

    def _on_picture_track(self, clip: Clip) -> bool:
        return self.project.track_of(clip.id).kind is TrackKind.VIDEO

    def _covers_frame(self, layer: Layer) -> bool:
        return self._fills(self._picture(layer))

    def _fills(self, picture: Picture) -> bool:
        height, width = picture.rgb.shape[:2]
        return picture.alpha is None and (width, height) == self.size

    # -- pixels -----------------------------------------------------------------------------
    def _picture(self, layer: Layer) -> Picture:
        key = (layer.clip_id, layer.source_frame)
        cached = self._pictures.get(key)
        if cached is not None:
            return cached
        clip = self.project.clip(layer.clip_id)
        asset = self._asset(clip)
        if asset is None and clip.shot_id and self._on_picture_track(clip):
            # A shot with no frame yet: its card fills the frame, as on a storyboard.
            picture = _fit(placeholder_picture(clip.name, clip.text, self.size), self.size)
        elif asset is None:
            picture = _crop_to_ink(title_picture(clip.text or clip.name, self.size))
        elif asset.offline:
            picture = _fit(offline_picture(asset.name, self.size), self.size)
        elif asset.kind is MediaKind.VIDEO:
            picture = self._video_picture(asset, layer.source_frame)
        else:
            picture = _fit(load_still(media_path(self.folder, asset), self.size), self.size)
        if layer.source_frame < 0:  # video frames come and go; stills and titles stay
            self._pictures.put(key, picture)
        return picture

    def _reader(self, asset: Asset) -> VideoReader:
        source = media_path(self.folder, asset)
        if self.use_proxies:
            source = existing_proxy(self.cache_dir, source) or source
        reader = self._readers.get(source)
        if reader is None:
            width, height = asset.width or self.size[0], asset.height or self.size[1]
            fitted = _fitted_size((width, height), self.size)
            reader = self._readers[source] = VideoReader(source, fitted)
        return reader

    def _video_picture(self, asset: Asset, key: int) -> Picture:
        reader = self._reader(asset)
        rgb = reader.frame_by_key(key)
        width, height = reader.size
        return Picture(rgb, None, (self.size[0] - width) // 2, (self.size[1] - height) // 2)


def _alpha(clip: Clip, frame: int) -> int:
    """The clip's opacity at `frame`, its fades from and to black (or what lies below)
    included: a fade of n frames shows 1/(n+1), 2/(n+1), ... as a dissolve does."""
    opacity = clip.opacity
    if clip.fade_in or clip.fade_out:
        at = frame - clip.start
        if clip.fade_in:
            opacity *= min(1.0, (at + 1) / (clip.fade_in + 1))
        if clip.fade_out:
            opacity *= min(1.0, (clip.duration - at) / (clip.fade_out + 1))
    return max(0, min(255, round(opacity * 255)))


def _fitted_size(source: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    scale = min(box[0] / source[0], box[1] / source[1])
    # Even sizes: yuv420p scaling then lands on whole chroma samples.
    return (max(2, round(source[0] * scale / 2) * 2), max(2, round(source[1] * scale / 2) * 2))


def _fit(rgba: np.ndarray, size: tuple[int, int]) -> Picture:
    """Centre an RGBA picture in the frame; fully opaque pictures drop their alpha."""
    height, width = rgba.shape[:2]
    alpha = rgba[..., 3]
    opaque = bool(alpha.min() == 255)
    rgb = np.ascontiguousarray(rgba[..., :3])
    rgb.setflags(write=False)
    return Picture(rgb, None if opaque else alpha, (size[0] - width) // 2, (size[1] - height) // 2)


def _crop_to_ink(rgba: np.ndarray) -> Picture:
    """A full-frame RGBA overlay cut down to where it has ink: blending touches only that."""
    rows = np.flatnonzero(rgba[..., 3].any(axis=1))
    cols = np.flatnonzero(rgba[..., 3].any(axis=0))
    if not len(rows):
        return Picture(rgba[:1, :1, :3], np.zeros((1, 1), np.uint8), 0, 0)
    top, bottom, left, right = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
    ink = rgba[top:bottom, left:right]
    return Picture(np.ascontiguousarray(ink[..., :3]), ink[..., 3], int(left), int(top))


def _blend(canvas: np.ndarray, picture: Picture, alpha: int) -> None:
    height, width = picture.rgb.shape[:2]
    region = canvas[picture.y : picture.y + height, picture.x : picture.x + width]
    if picture.alpha is None and alpha == 255:
        region[...] = picture.rgb
        return
    # Integer "over": weights 0..255, exact at both ends, no float buffers at 1080p.
    if picture.alpha is None:
        weight = np.uint16(alpha)
        mixed = picture.rgb * weight + region * (255 - weight) + 127
    else:
        weight = picture.alpha.astype(np.uint16)
        if alpha != 255:
            weight = (weight * alpha + 127) // 255
        weight = weight[..., None]
        mixed = picture.rgb * weight + region * (255 - weight) + 127
    region[...] = mixed // 255
