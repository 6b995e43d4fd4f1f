"""Editor benchmark: a 10,000-clip project's open, paint and drag times, and start-up time.

    .venv/bin/python bench/bench_ui.py            # QT_QPA_PLATFORM=offscreen unless set

Goals (the rule of docs/benchmarks.md, and the verdict's): every paint and drag step under
16 ms; start-up to a shown window within 2x a bare QMainWindow started by the same Python,
counted in instructions (valgrind; CPU time without it), never wall time, which swings
±50 ms on a shared machine; the sample on screen within 1.5 s of the window; no
torch/diffusers/transformers imported by start-up.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

HEAVY = ("torch", "diffusers", "transformers")
FRAME_BUDGET_MS = 16.0


def build_project(folder: Path, clips: int = 10_000, tracks: int = 8, videos: int = 1):
    """A saved project with `clips` clips over `tracks` tracks (6 picture, 2 sound).

    `videos` > 1: that many video files, each clip cut from its own place in one, as a
    film's shots are: scrolling then brings pictures not yet made into view."""
    from studio.media import synth
    from studio.model import Asset, Clip, MediaKind, Project, Track, TrackKind, new_id
    from studio.model.files import create_project, save_project

    doc = create_project(folder / "Bench")
    media = doc.path / "media"
    still = synth.write_card(media / "still.png", (320, 180), "still", (90, 60, 120))
    tone = synth.write_tone(media / "tone.wav", seconds=4.0)
    pictures = [Asset(new_id("a"), MediaKind.IMAGE, "still", f"media/{still.name}", 320, 180)]
    for v in range(videos):
        video = synth.write_test_video(media / f"video{v or ''}.mp4", 96, 24, (160, 90))
        pictures.append(
            Asset(
                new_id("a"), MediaKind.VIDEO, f"video {v}", f"media/{video.name}", 160, 90, 24, 96
            )  # fmt: skip
        )
    sound = Asset(new_id("a"), MediaKind.AUDIO, "tone", f"media/{tone.name}", sample_rate=48000,
                  samples=4 * 48000, channels=2)  # fmt: skip
    rng = random.Random(7)
    project = Project(settings=doc.project.settings, name="Bench")
    project.assets = {a.id: a for a in [*pictures, sound]}
    per_track = clips // tracks
    for t in range(tracks):
        kind = TrackKind.AUDIO if t >= tracks - 2 else TrackKind.VIDEO
        track = Track(new_id("t"), kind, f"{'A' if kind is TrackKind.AUDIO else 'V'}{t + 1}")
        cursor = 0
        for i in range(per_track):
            cursor += rng.choice((0, 0, 0, 6, 24))
            duration = rng.randint(12, 90)
            if kind is TrackKind.AUDIO:
                asset, source_in = sound, 0
            elif videos == 1:
                asset, source_in = pictures[i % 2], 0
            else:
                asset = pictures[0] if i % 2 == 0 else pictures[rng.randint(1, videos)]
                source_in = rng.randint(0, 96 - duration) if asset.kind is MediaKind.VIDEO else 0
            track.clips.append(
                Clip(new_id("c"), asset.id, cursor, duration, source_in, f"shot {t}-{i}")
            )
            cursor += duration
        project.tracks.append(track)
    project.reindex()
    doc.project = project
    save_project(doc)
    return doc.path


def timed_repaints(widget, runs: int = 15) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        widget.repaint()
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(times: list[float]) -> str:
    return f"median {statistics.median(times):6.2f} ms, max {max(times):6.2f} ms"


def wait_for_pictures(app, window, seconds: float = 20.0) -> None:
    end = time.monotonic() + seconds
    while (window.work.pending or window.pictures.busy()) and time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)
    app.processEvents()


def bench_editor(folder: Path, keep_open: dict | None = None) -> dict[str, float]:
    """Open, paint and drag times (ms); `keep_open` gets the window, left open, as "window"."""
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from studio.model.files import load_project
    from studio.ui.qt_app import create_app
    from studio.ui.qt_main_window import MainWindow

    app = create_app()
    window = MainWindow()
    window.ask_before_closing = False
    window.resize(1600, 1000)
    start = time.perf_counter()
    doc = load_project(folder)
    window.set_document(doc)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.timeline.canvas.repaint()
    open_ms = (time.perf_counter() - start) * 1000
    print(f"open and show {doc.project.clip_count()} clips: {open_ms:.0f} ms")
    results = {"open_ms": open_ms}

    panel, canvas = window.timeline, window.timeline.canvas
    zooms = {"whole timeline": None, "about 2 minutes": 0.5, "close (8 px/frame)": 8.0}
    for label, px_per_frame in zooms.items():
        if px_per_frame is None:
            panel.fit()
        else:
            panel.geo.px_per_frame = px_per_frame
            panel.hbar.setValue(int(panel.geo.px_per_frame * 1000))
            panel.geo.scroll_x = float(panel.hbar.value())
        canvas.repaint()
        wait_for_pictures(app, window)
        times = timed_repaints(canvas)
        results[f"paint {label}"] = max(times)
        print(f"paint, {label:>20}: {summary(times)}  ({canvas.last_paint_clips} clips looked at)")

    # A drag at the middle zoom: press on a clip, then timed steps of mouse move + repaint.
    panel.geo.px_per_frame = 2.0
    panel.hbar.setValue(2000)
    panel.geo.scroll_x = 2000.0
    canvas.repaint()
    row = 1
    track = window.session.project.tracks[row]
    frame = int(panel.geo.x_to_frame(canvas.width() / 2))
    # A clip with room on both sides for the drag's ±6 frames (at 2 px a frame): at 100,000
    # clips the tracks are packed, and a drag among touching clips is refused at every step.
    room = 8
    ahead = list(zip(track.clips, track.clips[1:], track.clips[2:], strict=False))
    clip = next(
        c
        for before, c, after in ahead
        if c.start >= frame
        and c.duration > 30
        and c.start - (before.start + before.duration) >= room
        and after.start - (c.start + c.duration) >= room
    )
    y = panel.geo.row_top(row) + panel.geo.heights[row] // 2
    x = round(panel.geo.frame_to_x(clip.start + clip.duration / 2))
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), QPoint(x, y))
    steps = []
    for i in range(1, 41):
        # Small steps back and forth: some land (a move), some hit a neighbour (refused).
        dx = 3 * (i % 10) - 12
        start = time.perf_counter()
        QTest.mouseMove(canvas, QPoint(x + dx, y))
        canvas.repaint()
        steps.append((time.perf_counter() - start) * 1000)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0), QPoint(x, y))
    results["drag step"] = max(steps)
    print(f"drag step (move + repaint):      {summary(steps)}")
    moved = window.session.project.clip(clip.id).start - clip.start
    print(f"  the drag moved the clip {moved:+d} frames")
    print(
        "  slowest steps (ms):",
        sorted(round(s, 1) for s in steps)[-5:],
        "first:",
        round(steps[0], 1),
    )
    undo_steps = 0
    while window.session.doc.can_undo():
        window.session.doc.undo()
        undo_steps += 1
    print(f"undo steps the drag left: {undo_steps} (one expected)")
    if keep_open is None:
        window.close()
    else:
        keep_open["window"] = window
    return results


STARTUP_CHILD = {
    "bare": (
        "from PySide6.QtWidgets import QApplication, QMainWindow\n"
        "from PySide6.QtTest import QTest\n"
        "app = QApplication([])\n"
        "w = QMainWindow(); w.resize(1200, 800); w.show(); QTest.qWaitForWindowExposed(w)\n"
        "report('SHOWN')\n"
        "report('READY')\n"
    ),
    # As `storyreel` does it (cli_commands.gui.launch, then run_app): the window first,
    # then the project from the event loop.
    "app": (
        "import gc\n"
        "from studio.cli_commands.gui import pause_collector\n"
        "pause_collector()\n"
        "from studio.ui.qt_app import create_app\n"
        "from studio.ui.qt_main_window import MainWindow\n"
        "from PySide6.QtTest import QTest\n"
        "app = create_app()\n"
        "w = MainWindow(panels='later'); w.show(); gc.enable()\n"
        "QTest.qWaitForWindowExposed(w)\n"
        "report('SHOWN')\n"
        "app.processEvents()  # the panels install themselves from the event loop\n"
        "w.open_project(PROJECT); w.timeline.canvas.repaint(); w.ask_before_closing = False\n"
        "report('READY')\n"
    ),
}
# The same without the panels other modules install (generation hub, Jobs dock...), to
# tell the editor's own start-up cost from theirs.
STARTUP_CHILD["core"] = (
    "import studio.ui.qt_panels\nstudio.ui.qt_panels.INSTALLERS = ()\n" + STARTUP_CHILD["app"]
)


def startup_seconds(kind: str, project: Path) -> tuple[float, float, float, list[str]]:
    """Seconds from launching Python to a shown window (wall clock and the process's CPU
    time), and to the project painted in it."""
    code = (
        "import sys\n"
        f"PROJECT = {str(project)!r}\n"
        "import time\n"
        "def report(what):\n"
        f"    heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "    print(what, time.process_time(), heavy, flush=True)\n" + STARTUP_CHILD[kind]
    )
    # The environment as it is: the children start from the bytecode the install compiled
    # (`make setup`, pip), or compile as they go where there is none; main() says which.
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, env=env
    )
    shown_line = child.stdout.readline()
    shown = time.perf_counter() - start
    ready_line = child.stdout.readline()
    ready = time.perf_counter() - start
    child.wait()
    if not (shown_line.startswith("SHOWN") and ready_line.startswith("READY")):
        raise RuntimeError(f"{kind} start-up failed")
    cpu = float(shown_line.split()[1])
    heavy = eval(ready_line.split(" ", 2)[2])  # our own child's list literal
    return shown, cpu, ready, heavy


def startup_instructions(kind: str) -> int:
    """Instructions (valgrind's callgrind) from launch to the shown window, for `kind`.

    Unlike seconds, the count does not move with whatever else the machine runs, so it
    tells a 3% change from noise.
    """
    # The same child as the timed start-up, ending once the shown window has painted.
    code = STARTUP_CHILD[kind].split("report('SHOWN')")[0]
    code = code.replace("QTest.qWaitForWindowExposed(w)", "app.processEvents()")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
        for _ in range(2):  # the first run warms the file cache (and writes any bytecode)
            done = subprocess.run(
                ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}",
                 sys.executable, "-c", code],
                capture_output=True, text=True, env=env, check=True,
            )  # fmt: skip
        return int(done.stderr.split("Collected :")[1].split()[0])


SAMPLE_CHILD = """
import os, sys, time
# As `storyreel` starts (cli_commands.gui.launch): the sample's build first, then Qt.
from studio.ui.first_project import start_sample_early
early = start_sample_early()
from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from studio.ui.qt_app import create_app, start_editor
app = create_app()
w = start_editor(None, early)  # the window, its warm-up, the sample and the welcome
w.ask_before_closing = False
QTest.qWaitForWindowExposed(w)
shown = time.perf_counter()
gaps, last = [], [time.perf_counter()]
busy, last_cpu = [], [time.thread_time()]  # the GUI thread's own CPU time in each wait
def tick():
    now, cpu = time.perf_counter(), time.thread_time()
    gaps.append(now - last[0])
    busy.append(cpu - last_cpu[0])
    last[0], last_cpu[0] = now, cpu
ticker = QTimer(interval=5)
ticker.timeout.connect(tick)
ticker.start()
def on_screen():
    return w.session is not None and w.session.doc.path is not None and w.viewer.shown is not None
while not on_screen() and time.perf_counter() - shown < 60:
    app.processEvents()
    time.sleep(0.001)
ready = time.perf_counter()
while time.perf_counter() - shown < 3:  # the rest of the first seconds: panels, thumbnails
    app.processEvents()
    time.sleep(0.001)
print(f"{ready - shown:.3f} {max(gaps) * 1000:.0f} {max(busy) * 1000:.0f}", flush=True)
os._exit(0)
"""


def sample_on_screen(home: Path) -> tuple[float, float, float]:
    """(seconds from the shown window to the sample's picture in the viewer, the longest
    the event loop went without a turn in the first 3 s, in ms, and the most CPU time the
    GUI thread itself spent in one such wait, in ms) for a start with `home`. The last is
    what other processes cannot inflate: on a busy machine a wait is long because the GUI
    thread is not scheduled, not because it works."""
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    env["STORYREEL_HOME"] = str(home)
    done = subprocess.run(
        [sys.executable, "-c", SAMPLE_CHILD], capture_output=True, text=True, env=env, check=True
    )
    seconds, stall, busy = done.stdout.split()
    return float(seconds), float(stall), float(busy)


def bench_sample(work: Path, runs: int) -> float:
    """The first minutes: the sample on screen after the window (goal ≤ 1.5 s) and no input
    waiting more than 100 ms, on a first start (the sample is built) and a later one.
    Returns the slower start's median seconds to the sample on screen."""
    first = [sample_on_screen(work / f"first-{n}") for n in range(runs)]
    later = [sample_on_screen(work / "first-0") for _ in range(runs)]
    slowest = 0.0
    for label, rows in (("first start", first), ("later start", later)):
        on_screen = statistics.median(r[0] for r in rows)
        slowest = max(slowest, on_screen)
        stall = max(r[1] for r in rows)
        busy = max(r[2] for r in rows)
        print(
            f"sample on screen, {label}: {on_screen * 1000:.0f} ms after the window "
            f"(goal ≤ 1500); longest wait of the event loop {stall:.0f} ms (goal ≤ 100), "
            f"of which the GUI thread's own work at most {busy:.0f} ms"
        )
    return slowest


def bench_instructions() -> float | None:
    """Instructions to a shown window, Storyreel ÷ bare QMainWindow; None without valgrind."""
    if shutil.which("valgrind") is None:
        print("instructions to a shown window: skipped (Debian: apt-get install valgrind)")
        return None
    bare, app = startup_instructions("bare"), startup_instructions("app")
    print(
        f"instructions to a shown window: bare {bare / 1e6:.0f} M, Storyreel {app / 1e6:.0f} M"
        f" → ratio {app / bare:.2f}x (goal ≤ 2x)"
    )
    return app / bare


def bytecode_state(root: Path) -> str:
    """Whether the app's modules start from compiled bytecode: an up-to-date .pyc beside
    each source (what `make setup` and pip's install compile), checked by its header."""
    import importlib.util

    sources = [f for folder in ("studio", "plugins") for f in (root / folder).rglob("*.py")]
    prefix = sys.pycache_prefix
    fresh = 0
    for source in sources:
        cached = Path(importlib.util.cache_from_source(str(source)))
        try:
            header = cached.read_bytes()[:16]
        except OSError:
            continue
        # A timestamp .pyc (flags 0) names its source's mtime; a hash-based one counts as compiled.
        flags = int.from_bytes(header[4:8], "little")
        mtime = int(source.stat().st_mtime) & 0xFFFFFFFF
        fresh += flags != 0 or int.from_bytes(header[8:12], "little") == mtime
    where = f" (under PYTHONPYCACHEPREFIX {prefix})" if prefix else ""
    if fresh == len(sources):
        return f"from compiled bytecode: all {len(sources)} modules{where}"
    writes = "not written (PYTHONDONTWRITEBYTECODE)" if sys.dont_write_bytecode else "written"
    return (
        f"{len(sources) - fresh} of {len(sources)} modules without compiled bytecode{where}: "
        f"compiled at each start, their bytecode {writes}"
    )


def small_project(folder: Path) -> Path:
    """A project the size of the sample: a few cards and a score."""
    from studio.media import synth
    from studio.model.files import create_project, save_project
    from studio.workflows.importer import import_files

    doc = create_project(folder / "Small")
    cards = [synth.write_card(folder / f"card-{i}.png", (640, 360), str(i)) for i in range(6)]
    import_files(doc, cards, at_frame=0)
    import_files(doc, [synth.write_tone(folder / "score.wav", seconds=10.0)], at_frame=0)
    save_project(doc)
    return doc.path


def bench_startup(project: Path, runs: int = 5) -> tuple[float, float]:
    """(wall-time ratio, CPU-time ratio) to a shown window, Storyreel ÷ bare QMainWindow."""
    shown: dict[str, list[float]] = {"bare": [], "app": [], "core": []}
    cpu: dict[str, list[float]] = {"bare": [], "app": [], "core": []}
    ready: list[float] = []
    heavy_seen: list[str] = []
    for kind in shown:  # warm the file and bytecode caches for each
        startup_seconds(kind, project)
    for _ in range(runs):
        for kind in shown:  # interleaved, so a busy moment slows all alike
            seconds, cpu_seconds, ready_seconds, heavy = startup_seconds(kind, project)
            shown[kind].append(seconds)
            cpu[kind].append(cpu_seconds)
            heavy_seen += heavy
            if kind == "app":
                ready.append(ready_seconds)
    bare, app, core = (statistics.median(shown[k]) for k in ("bare", "app", "core"))
    print(
        f"start-up to a shown window: bare QMainWindow {bare * 1000:.0f} ms, Storyreel "
        f"{app * 1000:.0f} ms → ratio {app / bare:.2f}x (goal ≤ 2x); with the project "
        f"open and painted {statistics.median(ready) * 1000:.0f} ms"
    )
    print(
        f"  of which installed panels (qt_panels.INSTALLERS): {(app - core) * 1000:.0f} ms; "
        f"without them {core * 1000:.0f} ms → ratio {core / bare:.2f}x"
    )
    # Wall time on a shared 2-core machine swings by ±50 ms run to run; the CPU time the
    # process spent to reach the shown window is the same work, counted without the noise.
    bare_cpu, app_cpu = (statistics.median(cpu[k]) for k in ("bare", "app"))
    print(
        f"  CPU time to a shown window: bare {bare_cpu * 1000:.0f} ms, Storyreel "
        f"{app_cpu * 1000:.0f} ms → ratio {app_cpu / bare_cpu:.2f}x"
    )
    print(f"heavy modules imported at start-up: {sorted(set(heavy_seen)) or 'none'}")
    if heavy_seen:
        raise SystemExit("start-up imported " + ", ".join(sorted(set(heavy_seen))))
    return app / bare, app_cpu / bare_cpu


def verdict(paints: dict[str, float], instructions: float | None, cpu_ratio: float,
            sample_s: float) -> str:  # fmt: skip
    """The one rule of docs/benchmarks.md: every paint and drag step < 16 ms; start-up to
    a shown window ≤ 2x a bare QMainWindow's by instructions (by CPU time where valgrind
    is missing), never by wall time; the sample on screen ≤ 1.5 s after the window."""
    missed = [f"{k} {v:.1f} ms" for k, v in paints.items() if v >= FRAME_BUDGET_MS]
    if instructions is not None and instructions > 2.0:
        missed.append(f"start-up {instructions:.2f}x by instructions")
    elif instructions is None and cpu_ratio > 2.0:
        missed.append(f"start-up {cpu_ratio:.2f}x by CPU time (no valgrind)")
    if sample_s > 1.5:
        missed.append(f"sample on screen after {sample_s * 1000:.0f} ms")
    return "GOALS MET" if not missed else "GOALS MISSED: " + "; ".join(missed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clips", type=int, default=10_000)
    parser.add_argument("--startup-runs", type=int, default=5)
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    print(f"start-up measured {bytecode_state(root)}")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["STORYREEL_HOME"] = str(Path(tmp) / "home")
        start = time.perf_counter()
        folder = build_project(Path(tmp), clips=args.clips)
        print(f"built a {args.clips}-clip project in {time.perf_counter() - start:.1f} s")
        results = bench_editor(folder)
        _, cpu_ratio = bench_startup(small_project(Path(tmp)), args.startup_runs)
        sample_s = bench_sample(Path(tmp) / "homes", 3)
        instructions = bench_instructions()
    after = bytecode_state(root)
    if not after.startswith("from compiled"):
        print(f"after the runs: {after}")
    paints = {k: v for k, v in results.items() if k != "open_ms"}
    print("worst paint/drag: " + ", ".join(f"{k} {v:.1f} ms" for k, v in paints.items()))
    print(verdict(paints, instructions, cpu_ratio, sample_s))


if __name__ == "__main__":
    main()
