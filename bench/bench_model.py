"""Benchmark: project save/load against OpenTimelineIO, and the cost of single edits.

A generated project of 10,000 clips over 8 tracks is saved and loaded as a Storyreel
project and, in the same run, the same timeline is written and read as .otio by
OpenTimelineIO (its C++ JSON serializer). Edits are timed one by one (median).

    .venv/bin/python bench/bench_model.py [--clips 10000] [--tracks 8] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import opentimelineio as otio

from studio.model import Asset, Clip, Document, MediaKind, Project, Settings, Track, TrackKind
from studio.model.edits import MoveClip, RippleDelete, SplitClip
from studio.model.files import load_project, save_project


def generated_project(clips: int, tracks: int, empty_tracks_but: int | None = None) -> Project:
    """Clips of 24–60 frames with 0–11 frame gaps, spread evenly over the tracks."""
    assets = {
        f"a{i}": Asset(
            f"a{i}",
            MediaKind.VIDEO,
            f"take {i}",
            f"media/take{i}.mp4",
            1920,
            1080,
            Fraction(24),
            100_000,
        )
        for i in range(50)
    }
    track_list = []
    per_track = clips // tracks
    for t in range(tracks):
        kind = TrackKind.VIDEO if t < tracks // 2 else TrackKind.AUDIO
        track = Track(f"t{t}", kind, f"{'V' if kind is TrackKind.VIDEO else 'A'}{t}")
        if empty_tracks_but is None or t == empty_tracks_but:
            start = 0
            for i in range(per_track):
                duration = 24 + (i * 7 + t) % 37
                asset = f"a{(i + t) % 50}"
                track.clips.append(Clip(f"c{t}_{i}", asset, start, duration, i % 10, f"Shot {i}"))
                start += duration + (i * 5) % 12
        track_list.append(track)
    if any(t.kind is TrackKind.AUDIO for t in track_list):
        for asset in assets.values():
            asset.has_audio = True
    return Project(settings=Settings(fps=Fraction(24)), assets=assets, tracks=track_list)


def to_otio(project: Project) -> otio.schema.Timeline:
    rate = float(project.settings.fps)
    timeline = otio.schema.Timeline(name="bench")
    refs = {a.id: otio.schema.ExternalReference(target_url=a.path) for a in project.assets.values()}
    for track in project.tracks:
        kind = otio.schema.TrackKind.Video if track.kind is TrackKind.VIDEO else "Audio"
        out = otio.schema.Track(name=track.name, kind=kind)
        cursor = 0
        for clip in track.clips:
            if clip.start > cursor:
                out.append(
                    otio.schema.Gap(duration=otio.opentime.RationalTime(clip.start - cursor, rate))
                )
            out.append(
                otio.schema.Clip(
                    name=clip.name,
                    media_reference=refs[clip.asset_id].clone(),
                    source_range=otio.opentime.TimeRange(
                        otio.opentime.RationalTime(clip.source_in, rate),
                        otio.opentime.RationalTime(clip.duration, rate),
                    ),
                )
            )
            cursor = clip.end
        timeline.tracks.append(out)
    return timeline


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def median_edit_ms(doc: Document, make_edit, count: int) -> float:
    times = []
    for i in range(count):
        edit = make_edit(i)
        t0 = time.perf_counter()
        result = doc.apply(edit)
        times.append(time.perf_counter() - t0)
        assert result, result.reason
    return statistics.median(times) * 1000


def edit_timings(project: Project, track_index: int = 0, count: int = 200) -> dict[str, float]:
    doc = Document(project)
    track = project.tracks[track_index]
    clips = track.clips
    # Move: clips from the middle of the track to past its end (a real re-placement).
    middle = [clips[len(clips) // 2 + 2 * i] for i in range(count)]
    out = {}
    out["move"] = median_edit_ms(doc, lambda i: MoveClip(middle[i].id, track.end + 5), count)
    middle = [clips[len(clips) // 4 + i] for i in range(count)]
    out["split"] = median_edit_ms(
        doc, lambda i: SplitClip(middle[i].id, middle[i].start + 10, f"split{i}"), count
    )
    out["ripple delete"] = median_edit_ms(
        doc, lambda i: RippleDelete([track.clips[len(track.clips) // 3].id]), count
    )
    undo = []
    for _ in range(count):
        t0 = time.perf_counter()
        doc.undo()
        undo.append(time.perf_counter() - t0)
    out["undo"] = statistics.median(undo) * 1000
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=10_000)
    parser.add_argument("--tracks", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    project = generated_project(args.clips, args.tracks)
    folder = Path(tempfile.mkdtemp()) / "Bench.storyreel"
    doc = Document(project, folder)
    timeline = to_otio(project)
    otio_file = folder.parent / "bench.otio"

    save = best_of(lambda: save_project(doc), args.repeat)
    load = best_of(lambda: load_project(folder), args.repeat)
    otio_write = best_of(lambda: otio.adapters.write_to_file(timeline, str(otio_file)), args.repeat)
    otio_read = best_of(lambda: otio.adapters.read_from_file(str(otio_file)), args.repeat)
    size = (folder / "project.json").stat().st_size
    print(f"{project.clip_count()} clips over {len(project.tracks)} tracks (best of {args.repeat})")
    print(
        f"  save   {save * 1000:8.1f} ms   OTIO write {otio_write * 1000:8.1f} ms   "
        f"ratio {save / otio_write:.2f}  (goal ≤ 1)"
    )
    print(
        f"  load   {load * 1000:8.1f} ms   OTIO read  {otio_read * 1000:8.1f} ms   "
        f"ratio {load / otio_read:.2f}  (goal ≤ 1)"
    )
    print(f"  project.json {size / 1e6:.2f} MB, .otio {otio_file.stat().st_size / 1e6:.2f} MB")

    print("single edits, median ms (goal < 5 ms each)")
    full = edit_timings(generated_project(args.clips, args.tracks))
    alone = edit_timings(generated_project(args.clips, args.tracks, empty_tracks_but=0))
    print(f"  {'edit':<14}{'10k project':>12}{'only its track':>16}{'ratio':>8}")
    for name in full:
        print(f"  {name:<14}{full[name]:12.3f}{alone[name]:16.3f}{full[name] / alone[name]:8.2f}")
    print("  (ratio ≈ 1: an edit's cost does not depend on clips on other tracks)")


if __name__ == "__main__":
    main()
