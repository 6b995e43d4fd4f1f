"""Score benchmarks: peaks + spectrogram of an hour of 48 kHz stereo, and a 16-clip mixdown.

Each is timed against a plain numpy/soundfile version of the same computation in the same
run (best of --repeat), and the results are checked equal so the two do the same work.

.venv/bin/python bench/bench_score.py [--repeat 3] [--scratch DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import numpy as np
import soundfile

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.media.analysis import file_spectrogram  # noqa: E402
from studio.media.mix import Mixer  # noqa: E402
from studio.media.peaks import compute_peaks  # noqa: E402
from studio.model import Asset, Clip, MediaKind, Project, Settings, Track, TrackKind  # noqa: E402

RATE, HOUR = 48000, 3600
SPP, COLUMNS, N_FFT, WINDOWS = 512, 2048, 2048, 4


def write_hour(path: Path) -> Path:
    """An hour of 48 kHz stereo PCM16 (660 MiB), written a minute at a time; reused if there."""
    if path.exists() and soundfile.info(path).frames == RATE * HOUR:
        return path
    rng = np.random.default_rng(0)
    t = np.arange(RATE * 60) / RATE
    with soundfile.SoundFile(path, "w", RATE, 2, subtype="PCM_16") as sound:
        for minute in range(60):
            tone = np.sin(2 * np.pi * (110 + 20 * minute) * t) * 0.3
            noise = rng.standard_normal(len(t)) * 0.05
            block = np.stack([tone + noise, tone - noise], axis=1)
            sound.write((block * 32767).astype(np.int16))
    return path


def plain_peaks(path: Path) -> tuple[np.ndarray, np.ndarray]:
    mins, maxs = [], []
    with soundfile.SoundFile(path) as sound:
        for block in sound.blocks(SPP * 128, dtype="int16", always_2d=True):
            whole = len(block) - len(block) % SPP
            buckets = np.ascontiguousarray(block[:whole].T).reshape(2, -1, SPP)
            mins.append(buckets.min(axis=2))
            maxs.append(buckets.max(axis=2))
            if whole < len(block):
                mins.append(block[whole:].min(axis=0)[:, None])
                maxs.append(block[whole:].max(axis=0)[:, None])
    scale = np.float32(1 / 32768)
    return np.concatenate(mins, 1) * scale, np.concatenate(maxs, 1) * scale


def plain_spectrogram(path: Path) -> np.ndarray:
    window = np.hanning(N_FFT + 1)[:-1]
    scale = 2.0 / window.sum()
    columns = []
    with soundfile.SoundFile(path) as sound:
        starts = np.linspace(0, sound.frames - N_FFT, COLUMNS * WINDOWS).round().astype(int)
        for column in range(COLUMNS):
            power = 0.0
            for start in starts[column * WINDOWS : (column + 1) * WINDOWS]:
                sound.seek(int(start))
                mono = sound.read(N_FFT, dtype="float32").mean(axis=1)
                power = power + np.abs(np.fft.rfft(mono * window) * scale) ** 2
            columns.append(10 * np.log10(np.maximum(power / WINDOWS, 1e-12)))
    return np.array(columns).T


def ours_overview(path: Path):
    return compute_peaks(path, SPP), file_spectrogram(path, COLUMNS, N_FFT, WINDOWS)


def plain_overview(path: Path):
    return plain_peaks(path), plain_spectrogram(path)


def mix_project(folder: Path) -> tuple[Project, list[Path]]:
    """16 clips of 2.5 min (44.1 kHz stereo, so the mixer resamples) on 4 tracks: 10 minutes."""
    rate, seconds = 44100, 150
    files, tracks, assets = [], [], {}
    t = np.arange(rate * seconds) / rate
    fps = Fraction(24)
    for index in range(16):
        path = folder / f"clip-{index}.wav"
        if not path.exists():
            tone = 0.1 * np.sin(2 * np.pi * (220 + 30 * index) * t)
            soundfile.write(path, np.stack([tone, tone], 1), rate, subtype="PCM_16")
        files.append(path)
        assets[f"a{index}"] = Asset(
            f"a{index}", MediaKind.AUDIO, path.stem, str(path),
            sample_rate=rate, samples=rate * seconds, channels=2,
        )  # fmt: skip
    for lane in range(4):
        clips = [
            Clip(f"c{lane}-{k}", f"a{lane * 4 + k}", k * seconds * 24, seconds * 24)
            for k in range(4)
        ]
        tracks.append(Track(f"t{lane}", TrackKind.AUDIO, f"A{lane + 1}", clips))
    return Project(Settings(fps=fps, sample_rate=RATE), assets, tracks), files


def plain_mix(project: Project, files: list[Path]) -> np.ndarray:
    import scipy.signal

    out = np.zeros((RATE * 600, 2), np.float32)
    for lane in range(4):
        for k in range(4):
            audio, rate = soundfile.read(files[lane * 4 + k], dtype="float32", always_2d=True)
            g = math.gcd(rate, RATE)
            audio = scipy.signal.resample_poly(audio, RATE // g, rate // g, axis=0)
            first = k * 150 * RATE
            part = audio[: 150 * RATE]
            out[first : first + len(part)] += part
    return np.clip(out, -1, 1)


def best(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "sr-bench")
    args = parser.parse_args()
    args.scratch.mkdir(parents=True, exist_ok=True)

    hour = write_hour(args.scratch / "hour-48k-stereo.wav")
    ours_s, (peaks, spec) = best(lambda: ours_overview(hour), args.repeat)
    plain_s, ((mins, maxs), plain_db) = best(lambda: plain_overview(hour), args.repeat)
    np.testing.assert_array_equal(peaks.mins, mins)
    np.testing.assert_array_equal(peaks.maxs, maxs)
    np.testing.assert_allclose(spec.db, plain_db, atol=0.05)
    peaks_s, _ = best(lambda: compute_peaks(hour, SPP), args.repeat)
    spec_s, _ = best(lambda: file_spectrogram(hour, COLUMNS, N_FFT, WINDOWS), args.repeat)
    print(json.dumps({
        "case": "overview of 1 h 48 kHz stereo PCM16 (peaks + spectrogram)",
        "ours_s": round(ours_s, 3), "plain_s": round(plain_s, 3),
        "ratio": round(ours_s / plain_s, 2), "peaks_s": round(peaks_s, 3),
        "spectrogram_s": round(spec_s, 3), "goal": "ratio <= 1.2, ours < 2 s",
    }), flush=True)  # fmt: skip

    project, files = mix_project(args.scratch)
    mix = Mixer(project, args.scratch)
    end = project.duration
    # A fresh mixer each time: decoding and resampling the sources is the work measured.
    ours_s, ours_mix = best(lambda: Mixer(project, args.scratch).frames(0, end), args.repeat)
    plain_s, plain = best(lambda: plain_mix(project, files), args.repeat)
    np.testing.assert_allclose(ours_mix, plain, atol=2e-3)
    warm_s, _ = best(lambda: mix.frames(0, end), args.repeat)
    print(json.dumps({
        "case": "mixdown of 16 clips (44.1 kHz -> 48 kHz) over 10 minutes (studio.media.mix)",
        "ours_s": round(ours_s, 3), "plain_s": round(plain_s, 3),
        "ratio": round(ours_s / plain_s, 2), "warm_s": round(warm_s, 3),
    }), flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
