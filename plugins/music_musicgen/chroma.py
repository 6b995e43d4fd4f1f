"""MusicGen-Melody's melody features, computed with torch alone.

transformers' MusicgenMelodyFeatureExtractor needs torchaudio for its spectrogram and
resampling, and torchaudio is tied to one torch release each; this computes the same
features (the dominant chroma bin of each STFT frame, one-hot) from the model folder's
`preprocessor_config.json`, so melody conditioning works with whatever torch is installed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.plugins.api import audio_tools


@dataclass(frozen=True)
class ChromaSettings:
    sampling_rate: int = 32000
    n_fft: int = 16384
    hop_length: int = 4096
    chunk_length: int = 30  # seconds of melody the model reads at most
    num_chroma: int = 12

    @classmethod
    def from_file(cls, path: str | Path) -> ChromaSettings:
        data = json.loads(Path(path).read_text())
        names = ("sampling_rate", "n_fft", "hop_length", "chunk_length", "num_chroma")
        return cls(**{k: int(data[k]) for k in names if k in data})


def melody_features(audio: np.ndarray, rate: int, settings: ChromaSettings, torch):
    """[1, frames, num_chroma] one-hot chroma of `audio` (float32 [samples, channels])."""
    from transformers.audio_utils import chroma_filter_bank  # numpy only: no torchaudio

    mono = audio.mean(axis=1, keepdims=True, dtype=np.float32)
    mono = audio_tools.resample(mono, rate, settings.sampling_rate)[:, 0]
    mono = mono[: settings.chunk_length * settings.sampling_rate]
    wave = torch.from_numpy(np.ascontiguousarray(mono, dtype=np.float32))
    n_fft = settings.n_fft
    if len(wave) < n_fft:  # as the extractor does: centre short audio in one window
        short = n_fft - len(wave)
        wave = torch.nn.functional.pad(wave, (short // 2, short - short // 2))
    window = torch.hann_window(n_fft)
    spectrum = torch.stft(
        wave, n_fft, hop_length=settings.hop_length, win_length=n_fft, window=window,
        center=True, pad_mode="reflect", return_complex=True,
    ).abs().pow(2)  # fmt: skip
    filters = chroma_filter_bank(
        sampling_rate=settings.sampling_rate,
        num_frequency_bins=n_fft,
        tuning=0,
        num_chroma=settings.num_chroma,
    )
    chroma = torch.from_numpy(filters).float() @ spectrum  # [chroma, frames]
    # Only the loudest bin of each frame counts, so no normalisation changes the result.
    strongest = chroma.argmax(dim=0)
    return torch.nn.functional.one_hot(strongest, settings.num_chroma).float()[None]
