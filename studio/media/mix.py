"""The timeline's sound: every audible audio track mixed at the project rate, sample-exact.

Track rules: when any audio track is solo, only solo tracks play; a muted track never
plays. Sources are resampled to the project rate and mapped to stereo (mono is doubled,
extra channels are dropped). The sum is clipped to [-1, 1].

A clip's level is its `gain_db` times its fades (frames of linear fade), and, where a clip
ducks under dialogue (`duck_db`), the ducking envelope (studio.media.ducking).
"""

from __future__ import annotations

import copy
import dataclasses
import os
from operator import attrgetter
from pathlib import Path

import av
import numpy as np
import soundfile

from studio.media.decode import LRU
from studio.media.ducking import DuckingMap
from studio.media.probe import cannot_read, open_container, sound_delay
from studio.model import Asset, Clip, MediaKind, Project, Track, TrackKind
from studio.model.files import media_path
from studio.model.project import clips_in_range
from studio.model.time import frames_to_samples, sample_range

CHANNELS = 2


def audible_tracks(project: Project) -> list[Track]:
    """The audio tracks that play, by the mute and solo rules above."""
    tracks = [t for t in project.tracks if t.kind is TrackKind.AUDIO and not t.muted]
    solo = [t for t in tracks if t.solo]
    return solo or tracks


_clip_values = attrgetter(*(f.name for f in dataclasses.fields(Clip)))


def sound_only(project: Project) -> Project:
    """A copy of what the mix reads: settings, audio tracks and the assets on them.

    Playback mixes on its own thread; the copy lets the editor change the original
    meanwhile. It costs the audio clips only, not the whole timeline.
    """
    # Clips and tracks hold only immutable values besides the clip list, so new clips built
    # from their values do (a third of copy.copy's cost: it runs on the GUI thread).
    tracks = []
    for track in project.tracks:
        if track.kind is TrackKind.AUDIO:
            twin = copy.copy(track)
            twin.clips = [Clip(*_clip_values(c)) for c in track.clips]
            tracks.append(twin)
    used = {c.asset_id for t in tracks for c in t.clips if c.asset_id}
    assets = {a: copy.copy(project.assets[a]) for a in used if a in project.assets}
    return Project(settings=copy.copy(project.settings), assets=assets, tracks=tracks)


class Mixer:
    """Mixes any range of the timeline; decoded sources are kept for the next call.

    Mixers of successive versions of one timeline may share `sources`, so an edit does not
    decode every file again.
    """

    def __init__(
        self,
        project: Project,
        folder: str | os.PathLike[str] | None,
        sources: LRU[np.ndarray] | None = None,
    ) -> None:
        self.project = project
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.rate = project.settings.sample_rate
        self._sources: LRU[np.ndarray] = sources if sources is not None else LRU(16)
        self._ducking: DuckingMap | None = None

    def frames(self, start: int, end: int) -> np.ndarray:
        """The mix under timeline frames [start, end): float32 [samples, 2]."""
        first, last = sample_range(self.project, start, end)
        return self.samples(first, last - first)

    def samples(self, first: int, count: int) -> np.ndarray:
        """`count` samples of the mix from timeline sample `first`: float32 [count, 2]."""
        out = np.zeros((max(0, count), CHANNELS), dtype=np.float32)
        if count <= 0:
            return out
        fps = self.project.settings.fps
        # Frames that touch the window; clips outside it cost nothing.
        first_frame = first * fps.numerator // (self.rate * fps.denominator)
        last_frame = (first + count) * fps.numerator // (self.rate * fps.denominator) + 1
        for track in audible_tracks(self.project):
            for clip in clips_in_range(track, first_frame, last_frame):
                if clip.enabled:  # a disabled clip is never heard
                    self._add_clip(out, first, clip)
        np.clip(out, -1.0, 1.0, out=out)
        return out

    def _add_clip(self, out: np.ndarray, first: int, clip: Clip) -> None:
        asset = self.project.assets.get(clip.asset_id) if clip.asset_id else None
        if asset is None or asset.offline or not _has_sound(asset):
            return
        clip_first, clip_last = sample_range(self.project, clip.start, clip.end)
        lo, hi = max(first, clip_first), min(first + len(out), clip_last)
        if lo >= hi:
            return
        audio = self._source(asset)
        offset = frames_to_samples(clip.source_in, self.rate, self.project.settings.fps)
        src_lo = lo - clip_first + offset
        src_hi = min(hi - clip_first + offset, len(audio))
        if src_lo >= src_hi:
            return  # the clip runs past its media's end: silence there
        part = audio[src_lo:src_hi]
        envelope = _envelope(self.project, clip, lo - clip_first, len(part), clip_last - clip_first)
        if clip.duck_db < 0:
            duck = self.ducking.gain(clip.duck_db, lo, len(part))
            if duck is not None:
                envelope = duck * (1.0 if envelope is None else envelope)
                envelope = envelope.astype(np.float32)
        target = out[lo - first : lo - first + len(part)]
        if envelope is None:
            target += part
        else:
            target += part * envelope[:, None]

    @property
    def ducking(self) -> DuckingMap:
        """Where dialogue plays, found once per mixer (a mixer mixes one state of a timeline)."""
        if self._ducking is None:
            self._ducking = DuckingMap(self.project)
        return self._ducking

    def _source(self, asset: Asset) -> np.ndarray:
        path = media_path(self.folder, asset)
        key = (path, self.rate)  # mixers sharing `sources` may mix at different rates
        cached = self._sources.get(key)
        if cached is None:
            cached = decode_audio(path, self.rate)
            self._sources.put(key, cached)
        return cached


def _has_sound(asset: Asset) -> bool:
    return asset.kind is MediaKind.AUDIO or (asset.kind is MediaKind.VIDEO and asset.has_audio)


def _envelope(
    project: Project, clip: Clip, start: int, count: int, length: int
) -> np.ndarray | None:
    """Gain times fades for samples [start, start + count) of a clip `length` samples long."""
    gain = 10.0 ** (clip.gain_db / 20.0)
    rate, fps = project.settings.sample_rate, project.settings.fps
    fade_in = frames_to_samples(clip.fade_in, rate, fps)
    fade_out = frames_to_samples(clip.fade_out, rate, fps)
    if gain == 1.0 and not fade_in and not fade_out:
        return None
    at = np.arange(start, start + count, dtype=np.float64)
    envelope = np.full(count, gain, dtype=np.float64)
    if fade_in:
        envelope *= np.clip(at / fade_in, 0.0, 1.0)
    if fade_out:
        envelope *= np.clip((length - at) / fade_out, 0.0, 1.0)
    return envelope.astype(np.float32)


def decode_audio(path: str | os.PathLike[str], rate: int) -> np.ndarray:
    """A whole file's sound at `rate` as read-only float32 [samples, 2]."""
    audio = _read_with_soundfile(path, rate)
    if audio is None:
        audio = _read_with_pyav(path, rate)
    audio = _to_stereo(audio)
    audio.setflags(write=False)
    return audio


def _read_with_soundfile(path: str | os.PathLike[str], rate: int) -> np.ndarray | None:
    # libsndfile is the fast path for WAV/FLAC already at the project rate.
    try:
        with soundfile.SoundFile(os.fspath(path)) as sound:
            if sound.samplerate != rate:
                return None
            return sound.read(dtype="float32", always_2d=True)
    except (RuntimeError, soundfile.SoundFileError, OSError, TypeError):
        return None


def _read_with_pyav(path: str | os.PathLike[str], rate: int) -> np.ndarray:
    with open_container(path) as container:
        if not container.streams.audio:
            raise cannot_read(path, "it has no audio")
        stream = container.streams.audio[0]
        channels = stream.codec_context.channels
        # Packed float at the target rate, channels untouched: we map them ourselves.
        resampler = av.AudioResampler(format="flt", layout=stream.codec_context.layout, rate=rate)
        # A video's sound starts where its stream says, not with the first picture.
        delay = round(sound_delay(container, stream) * rate)
        blocks = [np.zeros((max(0, delay), channels), dtype=np.float32)]
        try:
            for frame in container.decode(stream):
                frame.pts = None  # resample by sample count, not by possibly gappy timestamps
                blocks.extend(_packed(resampler.resample(frame), channels))
            blocks.extend(_packed(resampler.resample(None), channels))
        except av.FFmpegError as error:
            raise cannot_read(path, f"the audio is damaged ({error})") from None
    # Sound before the first picture lies before the clip's first frame: it is cut.
    return np.concatenate(blocks)[max(0, -delay) :].astype(np.float32, copy=False)


def _packed(frames: list[av.AudioFrame], channels: int) -> list[np.ndarray]:
    return [frame.to_ndarray().reshape(-1, channels) for frame in frames]


def _to_stereo(audio: np.ndarray) -> np.ndarray:
    if audio.shape[1] == CHANNELS:
        return np.ascontiguousarray(audio)
    if audio.shape[1] == 1:
        return np.repeat(audio, CHANNELS, axis=1)
    return np.ascontiguousarray(audio[:, :CHANNELS])
