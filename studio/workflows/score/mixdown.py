"""(worker process) The timeline's audio mixdown written as WAV or FLAC, whole or not at all."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import soundfile

from studio.atomic import replacing
from studio.errors import MediaError, UserError
from studio.media.mix import Mixer
from studio.media.render import RenderJob, render_wav
from studio.model import Project

FORMATS = {".wav": "WAV (*.wav)", ".flac": "FLAC (*.flac)"}
_BLOCK_FRAMES = 240  # frames mixed at a time: seconds of audio, a few MB


def export_mixdown(project: Project, folder: Path | None, out: Path) -> int:
    """Mix every audible track over the whole timeline into `out`; returns the samples written.

    WAV goes through the renderer; FLAC (24-bit, lossless) is written the same way, under a
    temporary name renamed into place at the end so a failure leaves no partial file.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(f"cannot export {out.name}: use .wav or .flac")
    job = RenderJob(project, folder)
    if suffix == ".wav":
        render_wav(job, out)
    else:
        _write_flac(job, out)
    return soundfile.info(os.fspath(out)).frames


def export_snapshot(project_pickle: bytes, folder: Path | None, out: Path) -> int:
    """`export_mixdown` of a project pickled on the GUI thread, so later edits cannot race."""
    return export_mixdown(pickle.loads(project_pickle), folder, out)  # noqa: S301 - our own


def _write_flac(job: RenderJob, out: Path) -> None:
    start, end = job.frames()
    mixer = Mixer(job.project, job.folder)
    try:
        with (
            replacing(out, MediaError) as temp,
            soundfile.SoundFile(
                os.fspath(temp), "w", mixer.rate, 2, subtype="PCM_24", format="FLAC"
            ) as flac,
        ):
            for block in range(start, end, _BLOCK_FRAMES):
                flac.write(mixer.frames(block, min(end, block + _BLOCK_FRAMES)))
    except soundfile.SoundFileError as error:  # "System error." when the disk is full
        raise MediaError(
            f"cannot export {out.name}: the sound could not be written ({error})"
        ) from None
