"""Qt-free media: probing, thumbnails, waveform peaks and synthetic sample media.

Peaks and thumbnails are imported when first asked for: they bring PyAV and Pillow
(about 100 ms), which probing a sound file, or a command landing one, does not need.
"""

import importlib

from studio.media.probe import SUPPORTED_EXTENSIONS, MediaInfo, guess_kind, probe

_LAZY = {
    "PeakLevel": "studio.media.peaks",
    "Peaks": "studio.media.peaks",
    "PeaksCache": "studio.media.peaks",
    "compute_peaks": "studio.media.peaks",
    "ThumbnailCache": "studio.media.thumbnails",
    "filmstrip": "studio.media.thumbnails",
    "thumbnail": "studio.media.thumbnails",
}

__all__ = ["SUPPORTED_EXTENSIONS", "MediaInfo", "guess_kind", "probe", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'studio.media' has no attribute {name!r}")
