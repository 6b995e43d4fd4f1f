"""Render the timeline: H.264/AAC MP4, ProRes/PCM MOV, WAV, PNG sequence, and the animatic.

A render makes exactly the frames [start, end) of the timeline and exactly the audio
samples under them. It writes under a temporary name beside the target and renames at
the end, so a cancelled or failed render never leaves a partial file under that name.
"""

from __future__ import annotations

import os
import queue
import shutil
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

import av
import numpy as np
import soundfile

from studio.atomic import replacing
from studio.errors import MediaError, StoryreelError, UserError
from studio.media.compose import Compositor
from studio.media.mix import Mixer, audible_tracks
from studio.media.render_checks import check_not_a_source
from studio.model import Clip, MediaKind, Project, Track, TrackKind, limits, new_id
from studio.model.media_files import unusable_media
from studio.model.time import sample_range

Progress = Callable[[int, int], None]  # (frames done, frames in all)
Cancelled = Callable[[], bool]


class RenderCancelled(StoryreelError):
    """The render was cancelled; nothing was left under the target name."""


@dataclass(frozen=True)
class MovieFormat:
    container: str
    video_codec: str
    pix_fmt: str
    audio_codec: str
    video_options: Mapping[str, str]


MOVIE_FORMATS = {
    ".mp4": MovieFormat("mp4", "libx264", "yuv420p", "aac", {"preset": "medium", "crf": "18"}),
    ".mov": MovieFormat("mov", "prores_ks", "yuv422p10le", "pcm_s16le", {"profile": "standard"}),
}
AUDIO_BITRATE = 192_000
# Audio is mixed and encoded this many frames at a time, interleaved with the video.
_AUDIO_BLOCK_FRAMES = 24
_READ_AHEAD = 8
_RUN_MAX = 48  # frames of one still handed over at once: the pictures stay a few runs ahead
_AUDIO_AHEAD = 4  # blocks of sound encoded ahead of the pictures


@dataclass(frozen=True)
class RenderJob:
    """What to render: a project, its folder (media paths are relative to it), and how."""

    project: Project
    folder: Path | None
    size: tuple[int, int] | None = None
    frame_range: tuple[int, int] | None = None
    transitions: Mapping[str, int] | None = None
    use_proxies: bool = False

    def frames(self) -> tuple[int, int]:
        if self.frame_range is None:
            start, end = 0, self.project.duration
        else:
            start, end = self.frame_range
        if start < 0 or end <= start:
            if self.frame_range is None:
                raise UserError("the timeline is empty: nothing to render")
            raise UserError(f"cannot render frames {start} to {end}: the range is empty")
        return start, end

    def frame_size(self) -> tuple[int, int]:
        return self.size or (self.project.settings.width, self.project.settings.height)


def render(
    job: RenderJob,
    out: str | os.PathLike[str],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    video_options: Mapping[str, str] | None = None,
) -> Path:
    """Render to `out`; its extension picks the format (.mp4, .mov, .wav, .png sequence)."""
    target = Path(out)
    suffix = target.suffix.lower()
    # Whoever asked: a render never replaces what the timeline plays, and never opens a
    # device, a FIFO or a system file named by a crafted project.
    check_not_a_source(job.project, job.folder, target)
    _check_frame_size(job)
    job = _unusable_media_offline(job)
    if suffix in MOVIE_FORMATS:
        return render_movie(job, target, progress, cancelled, video_options)
    if suffix == ".wav":
        return render_wav(job, target, progress, cancelled)
    if suffix == ".png":
        return render_png_sequence(job, target, progress, cancelled)[0].parent
    raise UserError(f"cannot render to {target.name}: use .mp4, .mov, .wav or .png")


def _check_frame_size(job: RenderJob) -> None:
    width, height = job.frame_size()
    side = limits.MAX_FRAME_SIDE
    if not (0 < width <= side and 0 < height <= side):
        raise UserError(f"cannot render {width}x{height}: each side must be 1 to {side} pixels")


def _unusable_media_offline(job: RenderJob) -> RenderJob:
    """The job with every asset whose file is not usable media marked offline.

    The project is copied, not changed: the editor's document may be on screen.
    """
    folder = job.folder if job.folder is not None else Path.cwd()
    unusable = unusable_media(job.project, folder)
    if not unusable:
        return job
    project = job.project
    assets = {
        key: replace(asset, offline=True) if key in unusable else asset
        for key, asset in project.assets.items()
    }
    copy = Project(
        settings=project.settings,
        assets=assets,
        tracks=project.tracks,
        markers=project.markers,
        script=project.script,
        scenes=project.scenes,
        shots=project.shots,
        name=project.name,
    )
    return replace(job, project=copy)


# -- movies ---------------------------------------------------------------------------------


def render_movie(
    job: RenderJob,
    out: Path,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    video_options: Mapping[str, str] | None = None,
) -> Path:
    """Encode video and mixed audio into one MP4 (H.264/AAC) or MOV (ProRes/PCM) file."""
    spec = MOVIE_FORMATS[out.suffix.lower()]
    start, end = job.frames()
    width, height = job.frame_size()
    if width % 2 or height % 2:
        raise UserError(f"{out.suffix} needs an even width and height, not {width}x{height}")
    settings = job.project.settings
    mixer = Mixer(job.project, job.folder)
    with _temporary(out) as temp, av.open(os.fspath(temp), "w", format=spec.container) as movie:
        video = movie.add_stream(spec.video_codec, rate=settings.fps)
        video.width, video.height, video.pix_fmt = width, height, spec.pix_fmt
        video.options = dict(video_options or spec.video_options)
        video.codec_context.thread_count = 0  # as many encoder threads as cores
        # Frame threads, as the ffmpeg command line uses: PyAV defaults to slice threads,
        # which x264 runs less efficiently.
        video.codec_context.thread_type = "FRAME"
        _tag_bt709(video.codec_context)
        sound = movie.add_stream(spec.audio_codec, rate=settings.sample_rate, layout="stereo")
        if spec.audio_codec == "aac":
            sound.bit_rate = AUDIO_BITRATE
        with _AudioPackets(sound, mixer, start, end) as audio:
            for index, picture in enumerate(_pictures(job, spec.pix_fmt, start, end)):
                _check(cancelled, out)
                picture.pts = index
                movie.mux(video.encode(picture))
                frame = start + index + 1
                if frame in audio.block_ends:  # the same interleaving as encoding in line
                    movie.mux(audio.next_block())
                if progress is not None:
                    progress(index + 1, end - start)
            movie.mux(video.encode(None))
            movie.mux(audio.next_block())  # the encoder's last packets
        _check(cancelled, out)  # a cancel during the last frames still cancels
    return out


class _AudioPackets:
    """The sound of [start, end) mixed and AAC/PCM-encoded on a thread of its own, a few
    blocks ahead, so the thread feeding the video encoder never stops to do it (on two
    cores it did, for about 5% of a 1080p render). Blocks of _AUDIO_BLOCK_FRAMES frames;
    after the last block comes the encoder's flush."""

    def __init__(self, sound, mixer: Mixer, start: int, end: int) -> None:
        ends = list(range(start + _AUDIO_BLOCK_FRAMES, end, _AUDIO_BLOCK_FRAMES)) + [end]
        self.block_ends = frozenset(ends)
        self._blocks = list(zip([start, *ends[:-1]], ends, strict=True))
        self._sound, self._mixer = sound, mixer
        self._first = sample_range(mixer.project, start, start)[0]
        self._ready: queue.Queue = queue.Queue(maxsize=_AUDIO_AHEAD)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._encode, name="render-audio", daemon=True)

    def __enter__(self) -> _AudioPackets:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        while self._thread.is_alive():  # unblock it if it waits on a full queue
            try:
                self._ready.get(timeout=0.05)
            except queue.Empty:
                pass
        self._thread.join()

    def next_block(self) -> list:
        """The packets of the next block (the flush after the last one)."""
        item = self._ready.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def _encode(self) -> None:
        try:
            for block_start, block_end in self._blocks:
                self._put(_encode_audio(self._sound, self._mixer, block_start, block_end,
                                        self._first))  # fmt: skip
            self._put(self._sound.encode(None))
        except BaseException as error:  # noqa: BLE001 - raised again on the muxing thread
            self._put(error)

    def _put(self, item) -> None:
        while not self._stop.is_set():
            try:
                self._ready.put(item, timeout=0.1)
                return
            except queue.Full:
                continue


def _pictures(job: RenderJob, pix_fmt: str, start: int, end: int) -> Iterator[av.VideoFrame]:
    """Encoder-ready frames for [start, end), made on a worker thread a few frames ahead.

    A run of identical frames (a still held for seconds) is composited and converted to
    the encoder's pixel format once, and crosses from the worker thread once, as (frame,
    count): a hand-over per frame cost the encoding thread a wake-up each, and on a loaded
    machine each wake-up waits for a time slice. The same frame object goes to the encoder
    again.
    """
    ahead: queue.Queue = queue.Queue(maxsize=_READ_AHEAD)
    stop = threading.Event()

    def hand_over(item) -> bool:
        while not stop.is_set():
            try:
                ahead.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            with Compositor(
                job.project, job.folder, job.frame_size(), job.use_proxies, job.transitions
            ) as compositor:
                run: tuple | None = None  # (layers, picture, frames) being gathered
                for frame in range(start, end):
                    layers = compositor.layers(frame)
                    if run is not None and run[0] == layers and run[2] < _RUN_MAX:
                        run = (layers, run[1], run[2] + 1)
                        continue
                    if run is not None and not hand_over(run[1:]):
                        return
                    if run is not None and run[0] == layers:  # the same still, past _RUN_MAX
                        picture = run[1]
                    else:
                        rgb = av.VideoFrame.from_ndarray(compositor.compose(layers), "rgb24")
                        picture = rgb.reformat(format=pix_fmt, dst_colorspace="itu709")
                    run = (layers, picture, 1)
                if run is not None and not hand_over(run[1:]):
                    return
            ahead.put(None)
        except BaseException as error:  # noqa: BLE001 - raised again on the encoding thread
            ahead.put(error)

    worker = threading.Thread(target=produce, name="render-frames", daemon=True)
    worker.start()
    try:
        while True:
            item = ahead.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            picture, count = item
            for _ in range(count):
                yield picture
    finally:
        stop.set()
        while worker.is_alive():  # unblock a producer waiting on a full queue
            try:
                ahead.get(timeout=0.05)
            except queue.Empty:
                pass
        worker.join()


def _encode_audio(sound, mixer: Mixer, start: int, end: int, first_sample: int) -> list:
    """The packets of the mixed sound under frames [start, end)."""
    block = mixer.frames(start, end)
    if not len(block):
        return []
    planar = np.ascontiguousarray(block.T)
    frame = av.AudioFrame.from_ndarray(planar, format="fltp", layout="stereo")
    frame.sample_rate = mixer.rate
    frame.pts = sample_range(mixer.project, start, start)[0] - first_sample
    return sound.encode(frame)


def _tag_bt709(context) -> None:
    # HD is BT.709; players guess BT.601 for untagged small frames and shift the colours.
    context.colorspace = context.color_primaries = context.color_trc = 1


# -- audio and stills -----------------------------------------------------------------------


def render_wav(
    job: RenderJob, out: Path, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> Path:
    """The audio mixdown of the range as 24-bit stereo WAV at the project rate."""
    start, end = job.frames()
    mixer = Mixer(job.project, job.folder)
    with (
        _temporary(out) as temp,
        soundfile.SoundFile(
            os.fspath(temp), "w", mixer.rate, 2, subtype="PCM_24", format="WAV"
        ) as wav,
    ):
        for block_start in range(start, end, _AUDIO_BLOCK_FRAMES * 10):
            _check(cancelled, out)
            block_end = min(end, block_start + _AUDIO_BLOCK_FRAMES * 10)
            wav.write(mixer.frames(block_start, block_end))
            if progress is not None:
                progress(block_end - start, end - start)
        _check(cancelled, out)
    return out


def render_png_sequence(
    job: RenderJob, out: Path, progress: Progress | None = None, cancelled: Cancelled | None = None
) -> list[Path]:
    """One PNG per frame: `out` "shot.png" gives shot_00000.png, shot_00001.png, ...

    The files are written in a hidden folder beside them and moved in only when all are done.
    """
    start, end = job.frames()
    digits = max(5, len(str(end - start - 1)))
    names = [f"{out.stem}_{index:0{digits}d}.png" for index in range(end - start)]
    staging = out.with_name(f".{out.stem}.rendering-{os.getpid()}")
    staging.mkdir(parents=True, exist_ok=False)
    try:
        with Compositor(
            job.project, job.folder, job.frame_size(), job.use_proxies, job.transitions
        ) as compositor:
            for index, name in enumerate(names):
                _check(cancelled, out)
                pixels = compositor.frame(start + index)
                av.VideoFrame.from_ndarray(pixels, "rgb24").to_image().save(
                    staging / name, compress_level=1
                )
                if progress is not None:
                    progress(index + 1, end - start)
        _check(cancelled, out)
        done = []
        for name in names:
            os.replace(staging / name, out.with_name(name))
            done.append(out.with_name(name))
        return done
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# -- the animatic ---------------------------------------------------------------------------


def render_animatic(
    job: RenderJob,
    out: str | os.PathLike[str],
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """Render the storyboard (see `animatic_project`) with the score, to any render format.

    It lasts as long as the shots together; the score is cut there.
    """
    return render(animatic_job(job), out, progress, cancelled)


def animatic_job(job: RenderJob) -> RenderJob:
    """The job that renders the storyboard of `job`'s project (see `animatic_project`)."""
    board = animatic_project(job.project)
    length = sum(shot.duration for shot in job.project.shots)
    return RenderJob(board, job.folder, job.size, job.frame_range or (0, length))


def animatic_project(project: Project) -> Project:
    """The storyboard as a timeline of its own: each shot in order for its duration.

    A shot shows its picked take (else its newest take, else the clip that shows it on
    the timeline, else nothing) under a caption with its number and description; the
    project's audible sound tracks play under it from the start, as the score.
    """
    if not project.shots:
        raise UserError("the project has no storyboard shots: nothing to make an animatic of")
    on_timeline = {c.shot_id: c for c in project.all_clips() if c.shot_id and c.asset_id}
    pictures = Track(new_id("t"), TrackKind.VIDEO, "Storyboard")
    captions = Track(new_id("t"), TrackKind.TEXT, "Captions")
    cursor = 0
    for number, shot in enumerate(project.shots, 1):
        asset_id = shot.picked or (shot.takes[-1] if shot.takes else None)
        source_in = 0
        if asset_id not in project.assets and shot.id in on_timeline:
            asset_id, source_in = on_timeline[shot.id].asset_id, on_timeline[shot.id].source_in
        asset = project.assets.get(asset_id) if asset_id else None
        if asset is not None and asset.kind in (MediaKind.IMAGE, MediaKind.VIDEO):
            pictures.clips.append(
                Clip(new_id("c"), asset.id, cursor, shot.duration, source_in, shot_id=shot.id)
            )
        caption = f"{_shot_number(project, shot, number)}  {shot.description}".strip()
        captions.clips.append(
            Clip(new_id("c"), None, cursor, shot.duration, text=caption[:90], shot_id=shot.id)
        )
        cursor += shot.duration
    sound = [
        replace(track, id=new_id("t"), clips=[replace(c, id=new_id("c")) for c in track.clips])
        for track in audible_tracks(project)
    ]
    return Project(
        settings=project.settings,
        assets=project.assets,
        tracks=[captions, pictures, *sound],
        scenes=project.scenes,
        shots=project.shots,
        name=f"{project.name} animatic",
    )


def _shot_number(project: Project, shot, number: int) -> str:
    scene = next((s for s in project.scenes if s.id == shot.scene_id), None)
    if scene is None:
        return str(number)
    in_scene = [s.id for s in project.shots if s.scene_id == scene.id].index(shot.id) + 1
    scene_number = scene.number or str(project.scenes.index(scene) + 1)
    return f"{scene_number}.{in_scene}"


def _check(cancelled: Cancelled | None, out: Path) -> None:
    if cancelled is not None and cancelled():
        raise RenderCancelled(f"render of {out.name} cancelled")


@contextmanager
def _temporary(out: Path) -> Iterator[Path]:
    """A temporary path beside `out` (same suffix: muxers look at it), renamed in at the end."""
    if out.is_dir():
        raise UserError(f"cannot render to {out}: it is a folder")
    if not out.parent.is_dir():
        raise UserError(f"cannot render to {out}: no folder {out.parent}")
    try:
        with replacing(out, MediaError) as temp:
            yield temp
    except av.FFmpegError as error:  # replacing has removed the temporary file
        raise MediaError(f"cannot render {out.name}: {error}") from None
    except soundfile.SoundFileError as error:  # libsndfile says "System error." for a full disk
        raise MediaError(
            f"cannot render {out.name}: the sound could not be written ({error})"
        ) from None
