"""A feature film's conform: 100,000 clips in the real editor, against the goals for it.

A project of 100,000 clips over 8 tracks (6 picture, 2 sound; the same generator as
bench_ui.py) is saved and loaded (best of 3), opened and drawn in the real main window,
edited through the editor's session (each edit repaints the rows it changed), painted at
three zooms and dragged; the process's peak memory is read at the end.

Goals: open and draw ≤ 2 s, an edit < 5 ms, a paint or drag step < 16 ms, save and load
≤ 0.5 s each, memory ≤ 1 GB.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_large.py [--clips 100000]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

GOALS = {"open and draw": 2000.0, "edit": 5.0, "paint/drag": 16.0, "save": 500.0,
         "load": 500.0, "memory": 1024.0}  # fmt: skip


def best_ms(run, repeat: int = 3) -> tuple[float, float]:
    """The fastest of `repeat` runs: (wall ms, CPU ms of this process), the CPU time being
    what other processes' load on a shared machine barely moves."""
    best = (float("inf"), 0.0)
    for _ in range(repeat):
        start, cpu = time.perf_counter(), time.process_time()
        run()
        best = min(best, ((time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000))
    return best


def save_and_load(folder: Path) -> dict[str, float]:
    from studio.model.files import load_project, save_project

    doc = load_project(folder)
    save, save_cpu = best_ms(lambda: save_project(doc))
    load, load_cpu = best_ms(lambda: load_project(folder))
    size = (folder / "project.json").stat().st_size / 1e6
    print(
        f"save {save:6.0f} ms ({save_cpu:.0f} ms CPU), load {load:6.0f} ms ({load_cpu:.0f} ms "
        f"CPU), best of 3; project.json {size:.1f} MB"
    )
    return {"save": save, "load": load}


def editor_edits(window, count: int = 100) -> float:
    """Median ms of a move, a split and a ripple delete through the editor's session
    (the timeline repaints the changed rows: the paint is timed with the drag)."""
    from studio.model.edits import MoveClip, RippleDelete, SplitClip

    session = window.session
    track = session.project.tracks[1]
    times: list[float] = []

    def split(i: int) -> SplitClip:
        # Every third clip from a quarter in: never the right part of an earlier split.
        clip = track.clips[len(track.clips) // 4 + 3 * i]
        return SplitClip(clip.id, clip.start + clip.duration // 2, f"split{i}")

    for i in range(count):
        for make in (
            lambda i=i: MoveClip(track.clips[len(track.clips) // 2 + i].id, track.end + 5),
            lambda i=i: split(i),
            lambda: RippleDelete([track.clips[len(track.clips) // 3].id]),
        ):
            edit = make()
            start = time.perf_counter()
            result = session.apply(edit)
            times.append((time.perf_counter() - start) * 1000)
            assert result, result.reason
    undo = []
    for _ in range(count):
        start = time.perf_counter()
        session.undo()
        undo.append((time.perf_counter() - start) * 1000)
    median, worst = statistics.median(times), max(times)
    print(
        f"edits through the editor: median {median:.2f} ms, max {worst:.2f} ms "
        f"({len(times)} moves, splits, ripple deletes); undo median {statistics.median(undo):.2f}"
    )
    return max(median, statistics.median(undo))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=100_000)
    args = parser.parse_args()
    from bench_ui import FRAME_BUDGET_MS, bench_editor, build_project

    assert GOALS["paint/drag"] == FRAME_BUDGET_MS
    with tempfile.TemporaryDirectory(prefix="storyreel-large-") as tmp:
        os.environ["STORYREEL_HOME"] = str(Path(tmp) / "home")
        start = time.perf_counter()
        folder = build_project(Path(tmp), clips=args.clips)
        print(f"built a {args.clips}-clip project in {time.perf_counter() - start:.1f} s; "
              f"load average {os.getloadavg()[0]:.1f}")  # fmt: skip
        results = save_and_load(folder)
        editor: dict = {}
        editor.update(bench_editor(folder, keep_open=editor))
        window = editor.pop("window")
        results["open and draw"] = editor.pop("open_ms")
        results["paint/drag"] = max(editor.values())
        results["edit"] = editor_edits(window)
        window.close()
    results["memory"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (RSS) of this process: {results['memory']:.0f} MB")
    missed = {k: v for k, v in results.items() if v > GOALS[k]}
    for key, value in results.items():
        print(f"  {key:14} {value:8.1f} {'MB' if key == 'memory' else 'ms'}  "
              f"(goal ≤ {GOALS[key]:g}){'  MISSED' if key in missed else ''}")  # fmt: skip
    print("GOALS MET" if not missed else f"GOALS MISSED: {', '.join(missed)}")


if __name__ == "__main__":
    main()
