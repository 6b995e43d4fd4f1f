"""What a media file is: its kind (image, video, audio), size, frame rate and length."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING

import soundfile

from studio.errors import MediaError

if TYPE_CHECKING:
    import av

# PyAV and Pillow are imported where a file needs them: each costs 45-60 ms, and landing a
# generated sound file (`storyreel reel score`) needs neither.

IMAGE, VIDEO, AUDIO = "image", "video", "audio"

SUPPORTED_EXTENSIONS: dict[str, frozenset[str]] = {
    IMAGE: frozenset({".png", ".jpg", ".jpeg", ".webp", ".tif", ".tiff", ".bmp", ".gif"}),
    VIDEO: frozenset({".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".mpg", ".mpeg", ".ts"}),
    AUDIO: frozenset(
        {".wav", ".flac", ".ogg", ".oga", ".opus", ".mp3", ".aac", ".m4a", ".aif", ".aiff"}
    ),
}

# Pillow is asked only for these, so that a lax plugin (TGA, ...) never claims random bytes.
# An animated GIF or WebP is an image: Storyreel shows and places its first frame.
_PILLOW_FORMATS = ("PNG", "JPEG", "WEBP", "TIFF", "BMP", "GIF")


@dataclass(frozen=True)
class MediaInfo:
    """The facts about one media file that the timeline and the importer need.

    Video files with an audio track also carry that track's sample_rate, samples and
    channels. `samples` counts audio frames (one per channel per instant).
    """

    path: str
    kind: str
    codec: str
    width: int | None = None
    height: int | None = None
    fps: Fraction | None = None
    frames: int | None = None
    sample_rate: int | None = None
    samples: int | None = None
    channels: int | None = None
    has_audio: bool = False

    @property
    def duration(self) -> Fraction | None:
        """Length in seconds, exact; None for still images and unknown lengths."""
        if self.kind == VIDEO and self.frames is not None and self.fps:
            return self.frames / self.fps
        if self.kind == AUDIO and self.samples is not None and self.sample_rate:
            return Fraction(self.samples, self.sample_rate)
        return None


def guess_kind(path: str | os.PathLike[str]) -> str | None:
    """The kind a file's extension suggests, or None; cheap, for filtering file lists."""
    suffix = Path(path).suffix.lower()
    for kind, extensions in SUPPORTED_EXTENSIONS.items():
        if suffix in extensions:
            return kind
    return None


def probe(path: str | os.PathLike[str]) -> MediaInfo:
    """Read a media file's header and say what it is; MediaError if it is not usable.

    The kind comes from the content: a PNG renamed `.mp4` is an image.
    """
    source = Path(path)
    if not source.exists():
        raise cannot_read(path, "no such file")
    if source.is_dir():
        raise cannot_read(path, "it is a folder")
    mode = source.stat().st_mode
    if not stat.S_ISREG(mode):  # /dev/zero, a FIFO: reading would never end or never start
        raise cannot_read(path, "it is not a regular file (a device, FIFO or socket)")
    if source.stat().st_size == 0:
        raise cannot_read(path, "the file is empty")
    if _sound_file_header(source):  # not a format Pillow is asked for: no need to try it
        info = _probe_sound_file(source) or _probe_container(source)
    else:
        info = _probe_image(source) or _probe_sound_file(source) or _probe_container(source)
    if info is None:
        raise cannot_read(path, "not an image, audio or video file, or the file is damaged")
    return info


def _sound_file_header(source: Path) -> bool:
    """Whether the file starts as a WAV, FLAC or AIFF file does."""
    try:
        with open(source, "rb") as file:
            head = file.read(12)
    except OSError:
        return False
    kind = head[8:12]
    return (
        head[:4] == b"fLaC"
        or (head[:4] in (b"RIFF", b"RF64") and kind == b"WAVE")
        or (head[:4] == b"FORM" and kind in (b"AIFF", b"AIFC"))
    )


def cannot_read(path: str | os.PathLike[str], reason: str) -> MediaError:
    """The one-line error every reader in studio.media raises for a file it cannot use."""
    return MediaError(f"Cannot read media file {os.fspath(path)}: {reason}")


def open_container(path: str | os.PathLike[str]) -> av.container.InputContainer:
    """Open a file with PyAV, turning its exceptions into MediaError."""
    import av

    try:
        return av.open(os.fspath(path), metadata_errors="ignore")
    except FileNotFoundError:
        raise cannot_read(path, "no such file") from None
    except (av.FFmpegError, OSError, ValueError) as error:
        raise cannot_read(path, _ffmpeg_reason(error)) from None


def picture_streams(container: av.container.InputContainer) -> list[av.VideoStream]:
    """The container's moving-picture streams, without attached cover art."""
    import av

    return [
        stream
        for stream in container.streams.video
        if not stream.disposition & av.stream.Disposition.attached_pic
    ]


def sound_delay(container: av.container.InputContainer, sound: av.AudioStream) -> Fraction:
    """Seconds from a file's first picture to its first sound (negative: the sound is first).

    A file's time starts at its first picture (frame 0 of its clips), so a video's sound
    is placed this far in, as players do; a file with no picture starts at its sound.
    """
    pictures = picture_streams(container)
    if not pictures:
        return Fraction(0)
    return _start_seconds(sound) - _start_seconds(pictures[0])


def _start_seconds(stream: av.stream.Stream) -> Fraction:
    if stream.start_time is None or not stream.time_base:
        return Fraction(0)
    return stream.start_time * stream.time_base


def _probe_image(source: Path) -> MediaInfo | None:
    from PIL import Image

    from studio.media.orientation import upright_size

    Image.init()  # registers the WebP and TIFF readers; a no-op after the first call
    try:
        with Image.open(source, formats=_PILLOW_FORMATS) as image:
            width, height = upright_size(image)  # a portrait photo stored sideways is portrait
            return MediaInfo(
                path=str(source),
                kind=IMAGE,
                codec=(image.format or "unknown").lower(),
                width=width,
                height=height,
            )
    except Image.DecompressionBombError:
        # Not damaged: a few KB that would inflate to gigabytes of pixels. Say so.
        limit = Image.MAX_IMAGE_PIXELS or 0
        raise cannot_read(
            source,
            f"the image is too large to open safely (over {2 * limit:,} pixels, "
            "as a decompression bomb would be)",
        ) from None
    except (OSError, SyntaxError, ValueError):
        return None


# Formats whose headers count their samples, so 0 means empty rather than unknown.
_COUNTED_FORMATS = frozenset({"WAV", "WAVEX", "AIFF", "FLAC", "CAF", "W64", "RF64", "AU"})


def _probe_sound_file(source: Path) -> MediaInfo | None:
    try:
        info = soundfile.info(str(source))
    except (RuntimeError, soundfile.SoundFileError, OSError, TypeError):
        return None
    if info.frames == 0 and info.samplerate > 0 and info.format in _COUNTED_FORMATS:
        # A valid header with no samples: not a clip of some default length.
        raise cannot_read(source, "it holds no sound (0 samples)")
    if info.frames <= 0 or info.samplerate <= 0:
        return None  # libsndfile could not count it; PyAV may do better
    codec = info.subtype if info.format == "WAV" else info.format
    if info.format == "OGG":
        codec = info.subtype
    return MediaInfo(
        path=str(source),
        kind=AUDIO,
        codec=codec.lower(),
        sample_rate=info.samplerate,
        samples=info.frames,
        channels=info.channels,
    )


def _probe_container(source: Path) -> MediaInfo | None:
    try:
        container = open_container(source)
    except MediaError:
        return None
    with container:
        if container.format.name == "image2" or container.format.name.endswith("_pipe"):
            return None  # a still image that Pillow could not read: damaged
        pictures = picture_streams(container)
        sounds = container.streams.audio
        if not pictures and not sounds:
            raise cannot_read(source, "it has no video or audio stream")
        audio_facts = _audio_facts(container, sounds[0]) if sounds else {}
        if not pictures:
            audio_facts["samples"] = _decoded_samples(container, sounds[0], audio_facts["samples"])
            if audio_facts.get("samples") == 0:
                raise cannot_read(source, "it holds no sound (0 samples)")
            return MediaInfo(path=str(source), kind=AUDIO, **audio_facts)
        video = pictures[0]
        fps = video.average_rate or video.guessed_rate or None
        return MediaInfo(
            path=str(source),
            kind=VIDEO,
            codec=video.codec_context.name,
            width=video.codec_context.width,
            height=video.codec_context.height,
            fps=Fraction(fps) if fps else None,
            frames=_frame_count(container, video, fps),
            has_audio=bool(sounds),
            sample_rate=audio_facts.get("sample_rate"),
            samples=audio_facts.get("samples"),
            channels=audio_facts.get("channels"),
        )


def _frame_count(
    container: av.container.InputContainer, video: av.VideoStream, fps: Fraction | None
) -> int | None:
    if video.frames > 0:
        return video.frames
    seconds = _stream_seconds(container, video)
    if seconds is None or not fps:
        return None
    return round(seconds * fps)


def _audio_facts(container: av.container.InputContainer, sound: av.AudioStream) -> dict:
    rate = sound.codec_context.sample_rate
    seconds = _stream_seconds(container, sound)
    return {
        "codec": sound.codec_context.name,
        "sample_rate": rate,
        "channels": sound.codec_context.channels,
        "samples": round(seconds * rate) if seconds is not None else None,
    }


def _decoded_samples(
    container: av.container.InputContainer, sound: av.AudioStream, stated: int | None
) -> int | None:
    """How many samples a sound file decodes to: its length, whatever its header says.

    Headers round or pad: Opus in WebM states 240,384 samples where 240,000 decode (a
    duration tag in milliseconds), in Ogg 240,312 (the encoder's pre-skip counted), and an
    MP3's length may be guessed from its bit rate. Decoding sound is quick (about 0.1 s a
    minute of MP3 or AAC), and the mix plays exactly what decodes.
    """
    import av

    counted = 0
    try:
        for frame in container.decode(sound):
            counted += frame.samples
    except av.FFmpegError:
        return stated  # damaged part way: the header's word, as the mix will fail there anyway
    return counted


def _stream_seconds(
    container: av.container.InputContainer, stream: av.stream.Stream
) -> Fraction | None:
    if stream.duration and stream.time_base:
        return stream.duration * stream.time_base
    if container.duration:
        import av

        return Fraction(container.duration, av.time_base)
    return None


def _ffmpeg_reason(error: Exception) -> str:
    # FFmpeg messages end with ": 'path'"; the path is already in our message.
    message = getattr(error, "strerror", None) or str(error)
    if "Invalid data" in message:
        return "the file is damaged or not a media file"
    return message.split(": '")[0].strip().rstrip(".").lower() or type(error).__name__
