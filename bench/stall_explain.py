"""Why a tick came late: what the GUI thread did during each long gap of bench_stall.

Light enough to leave on while measuring (clock reads per wrapped call and per tick, a
1 ms timer signal): for each gap, the GUI thread's CPU time in it (close to the gap: it
worked), the time it was runnable but waited for a core (the kernel's schedstat), the
wrapped calls that overlapped it, where the thread was when the timer signal came (in
Python; "child:…" is Qt's own C++ work in the event loop) and the garbage collections.
The rest of a gap is time blocked: a lock, the GIL, Qt's paint threads, or the loop's poll.
The gaps' times go to stderr as well, to match against `perf record -k CLOCK_MONOTONIC`.

    bench_stall.py --threads app --busy 2 --explain
"""

from __future__ import annotations

import functools
import gc
import time

LONG_MS = 12.0


class StallExplainer:
    def __init__(self) -> None:
        # Kept whole (a run makes some tens of thousands) and read after the run: working
        # through them at a long tick made the next tick long too.
        self.calls: list = []  # (name, start, end, cpu)
        self.collections: list = []  # (generation, start, end)
        self.samples: list = []  # (when, where)
        self.gaps: list = []  # (last tick, this tick, GUI thread CPU between)
        self._gc_started = 0.0
        self._last_tick = (0.0, 0.0, 0.0)
        self._depth = 0

    # -- what is recorded ------------------------------------------------------------------
    def wrap(self, cls: type, name: str, when=None) -> None:
        """Records each call of `cls.name` (those where `when(*args)` holds, if given)."""
        original = getattr(cls, name)
        label = f"{cls.__name__}.{name}"
        explainer = self

        @functools.wraps(original)
        def timed(*args, **kwargs):
            if when is not None and not when(*args):
                return original(*args, **kwargs)
            explainer._depth += 1
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                explainer._depth -= 1
                end = time.perf_counter()
                explainer.calls.append((label, start, end, time.thread_time() - cpu))

        setattr(cls, name, timed)

    def count_paints(self, app) -> None:
        """Counts paint events per widget class and the pixels each asked for."""
        from PySide6.QtCore import QEvent, QObject

        paints = self.paints = {}

        class PaintCounter(QObject):
            def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint:
                    rect = event.rect()
                    name = type(obj).__name__ + ":" + (obj.objectName() or "")
                    count, area = paints.get(name, (0, 0))
                    paints[name] = (count + 1, area + rect.width() * rect.height())
                return False

        self._paint_counter = PaintCounter()
        app.installEventFilter(self._paint_counter)

    def sample_gui_thread(self, every_s: float = 0.001) -> None:
        """A wall-clock timer signal; its handler runs on the main (GUI) thread at the next
        bytecode and records where that thread is. A thread sampling it instead disturbed
        Qt's painting."""
        import signal

        def where(frame) -> str:
            names = []
            while frame is not None and len(names) < 6:
                code = frame.f_code
                if "stall_explain" not in code.co_filename:
                    names.append(f"{code.co_name}:{frame.f_lineno}")
                frame = frame.f_back
            return " < ".join(names)

        def sampled(_signum, frame) -> None:
            self.samples.append((time.perf_counter(), where(frame)))

        signal.signal(signal.SIGALRM, sampled)
        signal.setitimer(signal.ITIMER_REAL, every_s, every_s)

    def watch_collections(self) -> None:
        gc.callbacks.append(self._gc)

    def _gc(self, phase: str, info: dict) -> None:
        if phase == "start":
            self._gc_started = time.perf_counter()
        else:
            self.collections.append((info["generation"], self._gc_started, time.perf_counter()))

    # -- each tick: as cheap as can be; the gaps are explained after the run -------------
    def tick(self, measuring: bool) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        with open("/proc/thread-self/schedstat", "rb") as stat:  # ns on a CPU, ns runnable
            waited = int(stat.read().split()[1]) / 1e9
        last, last_cpu, last_waited = self._last_tick
        self._last_tick = (now, cpu, waited)
        if measuring and last and (now - last) * 1000 >= LONG_MS:
            self.gaps.append((last, now, cpu - last_cpu, waited - last_waited))

    def _explained(self, last: float, now: float, cpu: float, waited: float) -> dict:
        def inside(start: float, end: float) -> float:
            return max(0.0, min(end, now) - max(start, last))

        sampled: dict[str, int] = {}
        for at, place in self.samples:
            if last <= at <= now:
                sampled[place] = sampled.get(place, 0) + 1
        return {
            "gap_ms": round((now - last) * 1000, 1),
            "cpu_ms": round(cpu * 1000, 1),
            "runnable_ms": round(waited * 1000, 1),
            "calls": [
                (name, round((end - start) * 1000, 1), round(used * 1000, 1))
                for name, start, end, used in self.calls
                if inside(start, end) > 0
            ],
            "gc": [
                (gen, round((end - start) * 1000, 1))
                for gen, start, end in self.collections
                if inside(start, end) > 0
            ],
            "sampled": sorted(sampled.items(), key=lambda kv: -kv[1])[:8],
        }

    def report(self, worst: int = 12) -> str:
        lines = ["paint events (count, megapixels):"] + [
            f"  {name}: {count}, {area / 1e6:.1f}"
            for name, (count, area) in sorted(getattr(self, "paints", {}).items(),
                                              key=lambda kv: -kv[1][0])[:15]
        ]  # fmt: skip
        lines.append(f"{len(self.gaps)} gaps over {LONG_MS:g} ms; the longest:")
        import os

        explained = [self._explained(*gap) for gap in self.gaps]
        # for `perf script` (its -k CLOCK_MONOTONIC clock is perf_counter's): pid, windows
        windows = " ".join(f"{gap[0]:.6f}-{gap[1]:.6f}" for gap in self.gaps)
        lines.append(f"GAPS {os.getpid()} {windows}")
        for gap in sorted(explained, key=lambda g: -g["gap_ms"])[:worst]:
            lines.append(
                f"  gap {gap['gap_ms']} ms: GUI thread CPU {gap['cpu_ms']} ms, "
                f"waited for a core {gap['runnable_ms']} ms, gc {gap['gc']}"
            )
            for name, wall, used in gap["calls"]:
                lines.append(f"      {name}: {wall} ms wall, {used} ms CPU")
            for place, count in gap["sampled"]:
                lines.append(f"      sampled {count}x at {place}")
        return "\n".join(lines)
