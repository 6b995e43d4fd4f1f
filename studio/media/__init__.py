"""Qt-free media: probing, thumbnails, waveform peaks and synthetic sample media."""

from studio.media.peaks import PeakLevel, Peaks, PeaksCache, compute_peaks
from studio.media.probe import SUPPORTED_EXTENSIONS, MediaInfo, guess_kind, probe
from studio.media.thumbnails import ThumbnailCache, filmstrip, thumbnail

__all__ = [
    "SUPPORTED_EXTENSIONS",
    "MediaInfo",
    "PeakLevel",
    "Peaks",
    "PeaksCache",
    "ThumbnailCache",
    "compute_peaks",
    "filmstrip",
    "guess_kind",
    "probe",
    "thumbnail",
]
