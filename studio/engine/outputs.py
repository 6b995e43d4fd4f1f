"""Write a generator's output to a media file (PNG, WAV, MP4, TXT) with its provenance.

Files are written under a temporary name and renamed into place, so a failed or
cancelled write never leaves half a file where the project expects a take.
"""

from __future__ import annotations

import uuid
from fractions import Fraction
from pathlib import Path

import numpy as np

from studio.atomic import replacing
from studio.engine import embed
from studio.engine.provenance import Provenance, dumps_compact, write_sidecar
from studio.errors import MediaError
from studio.model.files import PROJECT_FILE, check_inside
from studio.plugins.api import Audio, Image, Kind, Output, Text, Video

EXTENSIONS: dict[Kind, tuple[str, ...]] = {
    Kind.IMAGE: (".png", ".jpg", ".jpeg"),
    Kind.AUDIO: (".wav", ".flac"),
    Kind.VIDEO: (".mp4",),
    Kind.TEXT: (".txt",),
}


def check_extension(path: Path, kind: Kind) -> None:
    allowed = EXTENSIONS[kind]
    if path.suffix.lower() not in allowed:
        raise MediaError(
            f"{path.name}: a {kind.value} output needs one of {', '.join(allowed)} as extension"
        )


def new_media_path(media_dir: Path, generator_id: str, kind: Kind) -> Path:
    """A fresh file name in a project's media/ folder for a generated take.

    A project's media/ that is a link out of the project is refused (ProjectError).
    """
    if (Path(media_dir).parent / PROJECT_FILE).exists():
        check_inside(Path(media_dir).parent, Path(media_dir))
    stem = generator_id.replace(".", "-").replace("/", "-")
    return Path(media_dir) / f"{stem}-{uuid.uuid4().hex[:8]}{EXTENSIONS[kind][0]}"


def write_output(output: Output, path: Path, provenance: Provenance | None = None) -> Path:
    """Encode `output` at `path` (its extension picks the format) and write the sidecar."""
    path = Path(path)
    check_extension(path, output.kind)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = dumps_compact(provenance) if provenance else None
    with replacing(path, MediaError) as partial:
        if isinstance(output, Image):
            _write_image(output, partial, text)
        elif isinstance(output, Audio):
            _write_audio(output, partial, text)
        elif isinstance(output, Video):
            _write_video(output, partial, text)
        elif isinstance(output, Text):
            partial.write_text(output.text, encoding="utf-8")
        if provenance is not None:
            # Before the take is renamed in: a take whose sidecar failed never replaces a file.
            write_sidecar(path, provenance)
    return path


def _write_image(output: Image, path: Path, text: str | None) -> None:
    im = output.image
    if path.suffix.lower() == ".png":
        if im.mode not in ("RGB", "RGBA", "L", "LA"):
            im = im.convert("RGBA" if "A" in im.getbands() else "RGB")
        im.save(path, format="PNG", pnginfo=embed.png_info(text) if text else None)
    else:
        im.convert("RGB").save(path, format="JPEG", quality=95)


def _write_audio(output: Audio, path: Path, text: str | None) -> None:
    import soundfile

    fmt = "WAV" if path.suffix.lower() == ".wav" else "FLAC"
    with soundfile.SoundFile(
        path, "w", output.sample_rate, output.samples.shape[1], subtype="PCM_24", format=fmt
    ) as f:
        if text and fmt == "FLAC":
            f.comment = text  # Vorbis comments have no practical length limit
        f.write(np.clip(output.samples, -1.0, 1.0))
    if text and fmt == "WAV":
        embed.append_ixml(path, text)


def _write_video(output: Video, path: Path, text: str | None) -> None:
    """H.264 yuv420p, one encoded frame per input frame (pts = index), exact count."""
    import av

    frames = output.frames
    # 4:2:0 chroma needs even sizes: repeat the last row/column rather than resample.
    pad_h, pad_w = frames.shape[1] % 2, frames.shape[2] % 2
    if pad_h or pad_w:
        frames = np.pad(frames, ((0, 0), (0, pad_h), (0, pad_w), (0, 0)), mode="edge")
    rate = Fraction(output.fps).limit_denominator(1001)
    try:
        with av.open(str(path), "w", format="mp4") as container:
            if text:
                container.metadata["comment"] = text
            stream = container.add_stream("libx264", rate=rate)
            stream.width, stream.height = frames.shape[2], frames.shape[1]
            stream.pix_fmt = "yuv420p"
            stream.options = {"crf": "18", "preset": "veryfast"}
            audio_stream = None
            if output.audio is not None:
                audio_stream = container.add_stream("aac", rate=output.audio.sample_rate)
                audio_stream.layout = "mono" if output.audio.samples.shape[1] == 1 else "stereo"
            for index, rgb in enumerate(frames):
                frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(rgb), format="rgb24")
                frame.pts = index
                container.mux(stream.encode(frame))
            container.mux(stream.encode())
            if audio_stream is not None:
                _mux_audio(container, audio_stream, output.audio)
    except av.FFmpegError as exc:
        raise MediaError(f"could not encode {path.name}: {exc}") from None


def _mux_audio(container, stream, audio: Audio) -> None:
    import av

    samples = np.clip(audio.samples[:, :2], -1.0, 1.0).astype(np.float32)
    layout = "mono" if samples.shape[1] == 1 else "stereo"
    chunk = 1024  # AAC's frame size
    for start in range(0, len(samples), chunk):
        planar = np.ascontiguousarray(samples[start : start + chunk].T)
        frame = av.AudioFrame.from_ndarray(planar, format="fltp", layout=layout)
        frame.sample_rate = audio.sample_rate
        frame.pts = start
        container.mux(stream.encode(frame))
    container.mux(stream.encode())
