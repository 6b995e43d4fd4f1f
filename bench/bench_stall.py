"""The editor under a job: how long the GUI event loop stalls in the real main window.

The real `MainWindow` (every panel, the Jobs dock, the engine bridge) opens a 10,000-clip
project; the app's GenerationHub runs a tiny random-weight Stable Diffusion job (the
`diffusers.image` plugin, 20 steps) back to back, the way the app runs jobs (a worker
process unless --isolation says otherwise), while the timeline scrolls at the "about 2
minutes" zoom, repainting as it goes. A 2 ms precise timer on the GUI thread records the
gap between its ticks: a stall is a gap minus the timer's interval. Each configuration
runs in a fresh child process (torch's thread pool is per process), quiet and beside
`--busy` processes spinning on the CPU.

Goal: no stall over 16 ms while a job runs and the timeline scrolls, with two busy
processes beside it, on a 2-core machine.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_stall.py [--seconds 15]
        [--busy 0,2] [--threads app,all] [--isolation process] [--size 256] [--clips 10000]

--threads: "app" is what the app does by default (STORYREEL_CPU_THREADS unset), "all"
torch on every core (the app before issue 23), a number that many threads.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

TICK_MS = 2
SCROLL_MS = 16  # a scroll step per frame of a 60 Hz screen, as a trackpad sends them
SCROLL_PX = 24
GOAL_MS = 16.0
STEPS = 20


def nearest_rank(sorted_values: list[float], fraction: float) -> float:
    """The value below which `fraction` of the values lie (nearest-rank: one of them, so a
    percentile is never above the maximum, as an interpolating estimate can be)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, -(-len(sorted_values) * fraction // 1))  # ceil, at least the first
    return sorted_values[int(rank) - 1]


def stall_summary(gaps_s: list[float], interval_ms: float) -> dict:
    """Max and p99 of the stalls (gap minus the timer's interval), in ms, and the tick count."""
    stalls = sorted(max(0.0, gap * 1000 - interval_ms) for gap in gaps_s)
    return {
        "ticks": len(stalls),
        "max_ms": round(stalls[-1], 1) if stalls else float("nan"),
        "p99_ms": round(nearest_rank(stalls, 0.99), 1),
        "p999_ms": round(nearest_rank(stalls, 0.999), 1),
        "over_goal": sum(1 for s in stalls if s > GOAL_MS),
    }


# -- the child: one configuration in the real editor -------------------------------------


def child(args: argparse.Namespace) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest

    from studio.engine import discover
    from studio.engine.params import parse_params
    from studio.model.files import load_project
    from studio.plugins.api import Request
    from studio.ui.qt_app import create_app
    from studio.ui.qt_generation import install_generation
    from studio.ui.qt_main_window import MainWindow

    app = create_app()
    explainer = explain() if args.explain else None  # before the objects whose slots it wraps
    window = MainWindow()
    window.ask_before_closing = False
    window.resize(1600, 1000)
    window.set_document(load_project(args.project))
    window.show()
    QTest.qWaitForWindowExposed(window)
    registry = discover()
    hub = install_generation(window.context, registry)
    generator = registry.get("diffusers.image")
    params = parse_params(generator.Params, [f"model={args.model}", f"steps={STEPS}"])
    request = Request(prompt="a lighthouse at night", width=args.size, height=args.size,
                      params=params)  # fmt: skip
    media = Path(args.out) / "media"
    media.mkdir(parents=True, exist_ok=True)

    panel = window.timeline
    panel.geo.px_per_frame = 0.5  # about 2 minutes on screen: the costliest paint
    panel._update_scroll_ranges()
    state = {"measuring": False, "stop": False, "jobs": [], "warm": False, "scrolls": 0,
             "direction": 1}  # fmt: skip
    gaps: list[float] = []
    last = [0.0]

    def submit(*_: object) -> None:
        if state["stop"]:
            return
        state["engine"] = hub.engine  # the hub lets go of it when the app quits
        job = hub.engine.submit("diffusers.image", request, media_dir=media)
        state["jobs"].append(job)

    def ended(job) -> None:
        if job.state.value != "done":
            print(f"job failed: {job.error}", file=sys.stderr)
            state["stop"] = True
            app.quit()
            return
        if not state["warm"]:  # the first job loaded the model: measure from the next
            state["warm"] = True
            state["warm_job_s"] = round(job.ended - job.started, 2)
            start_measuring()
        submit()

    def tick() -> None:
        if explainer is not None:
            explainer.tick(state["measuring"])
        now = time.perf_counter()
        if state["measuring"]:
            gaps.append(now - last[0])
        last[0] = now

    def scroll() -> None:
        # Back and forth, as a user scrolls through a cut: a jump back to the start would
        # repaint the whole view, which is measured apart (a jump is not a scroll).
        state["scrolls"] += state["measuring"]
        bar, step = panel.hbar, state["direction"] * SCROLL_PX
        if not 0 <= bar.value() + step <= bar.maximum():
            state["direction"] = -state["direction"]
            step = -step
        panel.canvas.scroll_requested.emit(step, 0)  # what a wheel step sends

    def start_measuring() -> None:
        state["measuring"] = True
        state["started"] = time.perf_counter()
        state["gui_cpu"] = time.thread_time()
        state["threads_cpu"] = threads_cpu()
        if args.profile:
            import cProfile

            state["profile"] = cProfile.Profile()
            state["profile"].enable()
        state["first_job"] = len(state["jobs"])
        QTimer.singleShot(int(args.seconds * 1000), finish)

    def finish() -> None:
        if "profile" in state:
            import pstats

            state["profile"].disable()
            stats = pstats.Stats(state["profile"], stream=sys.stderr)
            stats.sort_stats("tottime").print_stats(30)
            stats.sort_stats("cumulative").print_stats(40)
        state["gui_busy"] = round((time.thread_time() - state["gui_cpu"])
                                  / (time.perf_counter() - state["started"]), 3)  # fmt: skip
        state["measuring"] = False
        state["threads_busy"] = {
            name: round((used - state["threads_cpu"].get(name, 0.0)) / args.seconds, 3)
            for name, used in threads_cpu().items()
            if used - state["threads_cpu"].get(name, 0.0) > 0.01 * args.seconds
        }
        state["jumps"] = jump_repaints(panel)  # the window still up, the job still running
        state["stop"] = True
        app.quit()

    hub.bridge.ended.connect(ended)
    ticker = QTimer(timerType=Qt.TimerType.PreciseTimer, interval=TICK_MS)
    ticker.timeout.connect(tick)
    scroller = QTimer(timerType=Qt.TimerType.PreciseTimer, interval=SCROLL_MS)
    scroller.timeout.connect(scroll)
    hub.when_ready(lambda _engine: submit())
    last[0] = time.perf_counter()
    ticker.start()
    scroller.start()
    app.exec()
    ticker.stop()
    scroller.stop()
    measured = state["jobs"][state.get("first_job", 0) :]
    done = [j for j in measured if j.state.value == "done" and j.ended and j.started]
    job_s = sorted(j.ended - j.started for j in done)
    engine = state["engine"]
    result = stall_summary(gaps, TICK_MS) | {
        "jobs_done": len(done),
        "job_s_median": round(job_s[len(job_s) // 2], 2) if job_s else None,
        "torch_threads": engine.cpu_threads or "all",
        "isolation": engine.isolation,
        "scroll_steps": state["scrolls"],
        "gui_thread_busy": state.get("gui_busy"),
        "jump_ms": state.get("jumps"),
        "editor_threads_busy": state.get("threads_busy"),
        "warm_job_s": state.get("warm_job_s"),
        "unfinished_job_s": round(time.monotonic() - measured[-1].started, 1)
        if measured and measured[-1].started and not measured[-1].state.finished
        else None,
    }
    if explainer is not None:
        print(explainer.report(), file=sys.stderr, flush=True)
    print("RESULT " + json.dumps(result), flush=True)
    os._exit(0)  # the hub closes its engine on a thread; the parent has what it needs


def jump_repaints(panel, jumps: int = 20) -> dict:
    """A jump (Home, a click in the scroll bar's trough) repaints the whole view: its cost
    in the GUI thread's CPU and in wall time (beside the same busy processes), in ms."""
    import random

    rng = random.Random(3)
    cpu, wall = [], []
    for _ in range(jumps):
        panel.hbar.setValue(rng.randint(0, panel.hbar.maximum()))
        started, used = time.perf_counter(), time.thread_time()
        panel.canvas.repaint()
        cpu.append((time.thread_time() - used) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    cpu.sort()
    wall.sort()
    return {"cpu_median": round(cpu[jumps // 2], 1), "cpu_max": round(cpu[-1], 1),
            "wall_median": round(wall[jumps // 2], 1), "wall_max": round(wall[-1], 1)}  # fmt: skip


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance()


def explain():
    """Wraps the GUI thread's usual work for --explain (see stall_explain)."""
    from PySide6.QtCore import QEvent
    from stall_explain import StallExplainer

    from studio.ui.qt_bridge import EngineBridge
    from studio.ui.qt_jobs import JobRow, JobsDock
    from studio.ui.qt_main_window import MainWindow
    from studio.ui.qt_viewer import Viewer
    from studio.ui.qt_workers import GuiCall
    from studio.ui.timeline.qt_canvas import TimelineCanvas
    from studio.ui.timeline.qt_ruler import Ruler
    from studio.ui.timeline.qt_timeline import TimelinePanel

    explainer = StallExplainer()
    for cls, name in [
        (TimelineCanvas, "paintEvent"), (Ruler, "paintEvent"), (Viewer, "paintEvent"),
        (TimelinePanel, "_scroll_by"), (GuiCall, "_run"), (EngineBridge, "_flush"),
        (JobRow, "set_progress"), (JobsDock, "_refresh"), (JobsDock, "_picture"),
    ]:  # fmt: skip
        explainer.wrap(cls, name)
    # Qt paints every dirty widget and flushes the window on the top level's UpdateRequest
    explainer.wrap(MainWindow, "event", lambda _w, event: event.type() == QEvent.Type.UpdateRequest)
    explainer.watch_collections()
    explainer.count_paints(_app())
    explainer.sample_gui_thread()
    return explainer


def threads_cpu() -> dict[str, float]:
    """CPU seconds each thread of this process has used, by thread name (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    used: dict[str, float] = {}
    for task in Path("/proc/self/task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
            fields = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the thread ended meanwhile
        used[name] = used.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
    return used


# -- the parent: configurations, load, the table -----------------------------------------


def busy_processes(count: int) -> list[subprocess.Popen]:
    return [subprocess.Popen([sys.executable, "-c", "while 1: pass"]) for _ in range(count)]


def run_child(options: argparse.Namespace, project: Path, model: Path, threads: str,
              busy: int, work: Path) -> dict:  # fmt: skip
    env = dict(os.environ)
    env["STORYREEL_HOME"] = str(work / "home")
    env.pop("STORYREEL_CPU_THREADS", None)
    if threads != "app":
        env["STORYREEL_CPU_THREADS"] = threads
    if options.isolation:
        env["STORYREEL_WORKERS"] = options.isolation
    else:
        env.pop("STORYREEL_WORKERS", None)
    command = [
        sys.executable, __file__, "--child", "--project", str(project), "--model", str(model),
        "--out", str(work / f"out-{threads}-{busy}"), "--seconds", str(options.seconds),
        "--size", str(options.size),
    ]  # fmt: skip
    command += [f"--{flag}" for flag in ("explain", "profile") if getattr(options, flag)]
    spinners = busy_processes(busy)
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
    if options.explain or options.profile:
        print(done.stderr[-40000:], flush=True)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"the child failed:\n{done.stderr[-3000:]}")
    return json.loads(line.removeprefix("RESULT "))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0, help="measured seconds")
    parser.add_argument("--busy", default="0,2", help="busy processes beside it, per run")
    parser.add_argument("--threads", default="app,all", help="torch threads, per run")
    parser.add_argument("--isolation", choices=("process", "thread"), default=None)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--clips", type=int, default=10_000)
    parser.add_argument("--videos", type=int, default=24,
                        help="video files the clips are cut from (their pictures arrive "
                        "as the view scrolls onto them)")  # fmt: skip
    parser.add_argument(
        "--explain",
        action="store_true",
        help="print what the GUI thread did in each long gap (stderr)",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="profile the GUI thread while measuring (cProfile, to stderr)",
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--project", help=argparse.SUPPRESS)
    parser.add_argument("--model", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
        return 0

    from bench_ui import build_project

    from studio.testing.image_models import build_tiny_sd

    rows = []
    with tempfile.TemporaryDirectory(prefix="storyreel-stall-") as tmp:
        work = Path(tmp)
        project = build_project(work, clips=args.clips, videos=args.videos)
        model = build_tiny_sd(work / "tiny-sd")
        print(
            f"{args.clips} clips, tiny SD {STEPS} steps at {args.size}², {os.cpu_count()} CPUs, "
            f"{args.seconds:g} s measured per run, a {TICK_MS} ms timer; "
            f"load average {os.getloadavg()[0]:.1f} at the start"
        )
        for busy in (int(b) for b in args.busy.split(",")):
            for threads in args.threads.split(","):
                result = run_child(args, project, model, threads, busy, work)
                rows.append((busy, threads, result))
                print(
                    f"  busy {busy}, torch {threads:>3} ({result['torch_threads']}, "
                    f"{result['isolation']}): worst stall {result['max_ms']:5.1f} ms, "
                    f"p99 {result['p99_ms']:5.1f} ms, p99.9 {result['p999_ms']:5.1f} ms, "
                    f"{result['over_goal']} over {GOAL_MS:g} ms, {result['ticks']} ticks, "
                    f"GUI thread busy {result['gui_thread_busy']:.0%}; "
                    f"{result['jobs_done']} jobs, {result['job_s_median']} s each (the "
                    f"first, loading: {result['warm_job_s']} s; one still running after "
                    f"{result['unfinished_job_s']} s); the editor's threads busy: "
                    f"{result['editor_threads_busy']}; a jump's whole repaint (ms): "
                    f"{result['jump_ms']}",
                    flush=True,
                )
    worst = max(r["max_ms"] for b, t, r in rows if t == "app")
    print(
        ("GOAL MET" if worst <= GOAL_MS else "GOAL MISSED")
        + f": worst stall with the app's default {worst:.1f} ms (goal ≤ {GOAL_MS:g} ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
