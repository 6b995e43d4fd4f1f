"""Benchmark: render a 60 s 1080p storyboard-and-score against ffmpeg, and simulate playback.

Render: twelve 1080p stills of 5 s each over a 60 s WAV score, to H.264/AAC MP4, by
Storyreel and, in the same run, by the `ffmpeg` command line making the same slideshow
from the same images and WAV with the same encoder settings (goal: at most 1.0x its
time). Both files are checked to hold every frame and the whole 60 s of sound (decoded
with PyAV). Without ffmpeg on PATH (Debian: apt-get install ffmpeg) the comparison is
skipped.

Playback: a 1080p timeline of stills and video clips is played in real time at 24 fps
for `--seconds`, with proxies made first (their making is timed on its own): frames are
composited at the viewer size on a read-ahead thread, the player takes each at its
deadline with the audio for it, and a frame not ready then is dropped.

    .venv/bin/python bench/bench_render.py [--seconds 60] [--repeat 1] [--view 960x540]
        [--skip-render] [--skip-playback] [--no-proxies]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av

from studio.media import synth
from studio.media.compose import Compositor
from studio.media.decode import ReadAhead, make_proxy
from studio.media.mix import Mixer
from studio.media.render import MOVIE_FORMATS, RenderJob, render
from studio.model import Settings
from studio.model.files import create_project
from studio.workflows.importer import placement_edit, prepare_import

FPS = 24
STILL_SECONDS = 5
COLORS = ["#203040", "#604020", "#205030", "#502040", "#303060", "#605030"]


def storyboard(folder: Path, seconds: int) -> tuple[list[Path], Path]:
    stills = [
        synth.write_card(folder / f"board{i:02d}.png", (1920, 1080), f"Shot {i + 1}", color)
        for i, color in enumerate(COLORS * (seconds // STILL_SECONDS // len(COLORS) + 1))
    ][: seconds // STILL_SECONDS]
    score = synth.write_tone(folder / "score.wav", seconds, 48000, 2, 220.0)
    return stills, score


def project_with(folder: Path, pictures: list[Path], durations: list[int], score: Path):
    """Pictures one after another on V1, the score from frame 0 on A1."""
    doc = create_project(folder, Settings(fps=Fraction(FPS), width=1920, height=1080))
    for files, lengths in ((pictures, durations), ([score], [None])):
        prepared = prepare_import(doc.path, files, copy=False)
        edit, _ = placement_edit(doc.project, [p.asset for p in prepared], 0, durations=lengths)
        assert doc.apply(edit)
    return doc


def count_frames(path: Path) -> int:
    with av.open(str(path)) as container:
        return sum(1 for _ in container.demux(video=0) if _.size)


def audio_seconds(path: Path) -> float:
    """Seconds of sound in the file's first audio stream, counted by decoding it (the
    decoder drops the encoder's priming samples, as the container's edit list says)."""
    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        return sum(frame.samples for frame in container.decode(stream)) / stream.rate


def check_output(path: Path, seconds: int) -> str:
    """One line on what `path` holds; raises when it holds less than the timeline."""
    frames, sound = count_frames(path), audio_seconds(path)
    line = f"{frames} frames, {sound:.3f} s of sound"
    # AAC works in 1024-sample frames: the last may round the length up by one of them.
    if frames != seconds * FPS or not seconds - 0.001 <= sound <= seconds + 1024 / 48000:
        raise SystemExit(f"{path.name}: {line}, not {seconds * FPS} frames and {seconds} s")
    return line


def cpu_seconds() -> float:
    """CPU time (user + system) of this process and of its ended children so far."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def best_time(run, repeat: int) -> tuple[float, float]:
    """The fastest of `repeat` runs (the least disturbed by whatever else the machine does):
    its wall seconds and the CPU seconds it used, which other processes' load barely moves."""
    best = (float("inf"), 0.0)
    for _ in range(repeat):
        started, cpu = time.perf_counter(), cpu_seconds()
        run()
        best = min(best, (time.perf_counter() - started, cpu_seconds() - cpu))
    return best


def bench_render(work: Path, seconds: int, repeat: int) -> None:
    stills, score = storyboard(work, seconds)
    frames_each = STILL_SECONDS * FPS
    doc = project_with(work / "board", stills, [frames_each] * len(stills), score)
    ours_out = work / "ours.mp4"
    ours, ours_cpu = best_time(lambda: render(RenderJob(doc.project, doc.path), ours_out), repeat)
    print(
        f"storyreel render  {ours:6.2f} s wall, {ours_cpu:6.2f} s CPU   "
        f"{check_output(ours_out, seconds)}"
    )

    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        print("ffmpeg not found on PATH: comparison skipped (apt-get install ffmpeg)")
        return
    listing = work / "slides.txt"
    lines = [f"file '{still}'\nduration {STILL_SECONDS}" for still in stills]
    lines.append(f"file '{stills[-1]}'")  # the concat demuxer ignores the last duration
    listing.write_text("\n".join(lines) + "\n")
    options = MOVIE_FORMATS[".mp4"].video_options
    ffmpeg_out = work / "ffmpeg.mp4"
    command = [
        ffmpeg, "-y", "-hide_banner", "-loglevel", "error",
        "-f", "concat", "-safe", "0", "-i", str(listing), "-i", str(score),
        "-vf", f"format=yuv420p,fps={FPS}",
        "-c:v", "libx264", "-preset", options["preset"], "-crf", options["crf"],
        "-c:a", "aac", "-b:a", "192k", "-t", str(seconds), str(ffmpeg_out),
    ]  # fmt: skip
    # Only -t ends it: "-frames:v" closed the file when the last picture was encoded, with
    # the audio encoder still 2 s behind (57.9 s of sound in a 60 s slideshow).
    theirs, theirs_cpu = best_time(lambda: subprocess.run(command, check=True), repeat)
    print(
        f"ffmpeg slideshow  {theirs:6.2f} s wall, {theirs_cpu:6.2f} s CPU   "
        f"{check_output(ffmpeg_out, seconds)}"
    )
    print(
        f"ratio storyreel/ffmpeg: {ours / theirs:.3f} wall time (goal ≤ 1.0), "
        f"{ours_cpu / theirs_cpu:.3f} CPU time; load average {os.getloadavg()[0]:.1f}"
    )


def playback_timeline(work: Path, seconds: int):
    """1080p stills and 5 s pieces of a 10 s 1080p take, alternating, over a score."""
    video = synth.write_test_video(work / "take.mp4", 10 * FPS, FPS, (1920, 1080))
    stills, score = storyboard(work, seconds)
    # Alternate a 5 s still and 5 s of the 10 s take, each take clip from a new in-point.
    files, durations = [], []
    for index in range(seconds // STILL_SECONDS):
        files.append(stills[index] if index % 2 == 0 else video)
        durations.append(STILL_SECONDS * FPS)
    doc = project_with(work / "play", files, durations, score)
    takes = [c for t in doc.project.tracks for c in t.clips if c.name == "take"]
    for number, clip in enumerate(takes):
        clip.source_in = (number * 37) % (5 * FPS)
    return doc, video


def bench_playback(work: Path, seconds: int, view: tuple[int, int], proxies: bool) -> None:
    doc, video = playback_timeline(work, seconds)
    if proxies:
        started = time.perf_counter()
        make_proxy(video, doc.path / "cache")
        print(f"proxy of the 10 s 1080p take made in {time.perf_counter() - started:.2f} s")
    compositor = Compositor(doc.project, doc.path, view, use_proxies=proxies)
    mixer = Mixer(doc.project, doc.path)
    total = seconds * FPS
    ahead = ReadAhead(compositor.frame, depth=12, end=total)
    ahead.get(0, wait=5.0)  # the player shows the first frame before the clock starts
    dropped, start = 0, time.perf_counter()
    for frame in range(total):
        deadline = start + frame / FPS
        pause = deadline - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        mixer.frames(frame, frame + 1)  # the audio device pulls this much per frame
        if ahead.get(frame) is None:
            dropped += 1
    ahead.stop()
    if ahead.error is not None:
        raise ahead.error
    mode = "proxies on" if proxies else "proxies off"
    print(
        f"playback {view[0]}x{view[1]} at {FPS} fps, {seconds} s, {mode}: "
        f"{total - dropped}/{total} frames on time, {dropped} dropped"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=1, help="render runs; the best counts")
    parser.add_argument("--view", default="960x540", help="viewer size for playback")
    parser.add_argument("--skip-render", action="store_true")
    parser.add_argument("--skip-playback", action="store_true")
    parser.add_argument("--no-proxies", action="store_true", help="play the 1080p media")
    args = parser.parse_args()
    view = tuple(int(v) for v in args.view.split("x"))
    with tempfile.TemporaryDirectory(prefix="storyreel-bench-") as temp:
        work = Path(temp)
        if not args.skip_render:
            bench_render(work, args.seconds, args.repeat)
        if not args.skip_playback:
            bench_playback(work, args.seconds, view, not args.no_proxies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
