"""Benchmark the job engine with a tiny random-weight Stable Diffusion pipeline, 20 steps.

Reports, in one run: the engine's overhead over calling the generator directly
(goal ≤ 1.05) and how many denoising steps run between cancel() and the job's end
(goal ≤ 1). The GUI's stalls while a job runs are measured in the real editor by
bench/bench_stall.py (a timer in a bare QApplication, as here before, missed the
window's own painting and reported 3-7x less).

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_engine.py [--size 256] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from studio.engine import Engine, EventKind, JobState  # noqa: E402
from studio.plugins.api import Context, Generator, Image, Kind, Request  # noqa: E402

STEPS = 20


class TinySD(Generator):
    """A diffusers text→image generator written as a real plugin would be."""

    id = "bench.tiny-sd"
    name = "tiny SD (random weights)"
    output = Kind.IMAGE
    folder: Path

    def load(self, ctx: Context) -> None:
        import torch
        from diffusers import StableDiffusionPipeline

        self.torch = torch
        self.pipe = StableDiffusionPipeline.from_pretrained(self.folder).to(ctx.device)
        self.pipe.set_progress_bar_config(disable=True)

    def generate(self, request: Request, ctx: Context) -> Image:
        def on_step_end(pipe, step, timestep, kwargs):
            ctx.progress((step + 1) / STEPS, f"step {step + 1}/{STEPS}")
            ctx.check_cancelled()  # raising from the callback stops the pipeline mid-loop
            return kwargs

        start = time.perf_counter()
        result = self.pipe(
            request.prompt,
            negative_prompt=request.negative_prompt or None,
            num_inference_steps=STEPS,
            height=request.height,
            width=request.width,
            generator=self.torch.Generator().manual_seed(request.seed),
            callback_on_step_end=on_step_end,
        )
        type(self).last_generate_s = time.perf_counter() - start  # the latest call, any instance
        return Image(result.images[0])


def overhead(engine: Engine, request: Request, runs: int) -> dict:
    direct_gen = TinySD()
    direct_gen.load(Context("cpu"))
    engine.submit(TinySD, request).wait()  # warm the lane's cache: load once, like the app
    # The direct calls run on a worker thread too, as the engine's do: the GUI thread never
    # runs a model, and torch's CPU thread pool behaves per calling thread.
    worker = ThreadPoolExecutor(1)
    worker.submit(direct_gen.generate, request, Context("cpu")).result()  # warm it as well
    direct, through, added = [], [], []
    for _ in range(runs):  # interleaved, so drift in machine load hits both alike
        start = time.perf_counter()
        worker.submit(direct_gen.generate, request, Context("cpu")).result()
        direct.append(time.perf_counter() - start)
        start = time.perf_counter()
        job = engine.submit(TinySD, request)
        job.wait()
        through.append(time.perf_counter() - start)
        assert job.state is JobState.DONE, job.error
        # What the engine adds around the pipeline call (queue, events, checks), measured
        # inside one run, so other processes' load does not swamp it.
        added.append(through[-1] - TinySD.last_generate_s)
    worker.shutdown()
    d, e = statistics.median(direct), statistics.median(through)
    return {
        "direct_s": round(d, 4),
        "engine_s": round(e, 4),
        "overhead_ratio": round(e / d, 3),
        # Best runs are least disturbed by other processes on a shared machine.
        "overhead_ratio_best": round(min(through) / min(direct), 3),
        "engine_added_ms": round(statistics.median(added) * 1000, 2),
        "overhead_ratio_added": round(1 + statistics.median(added) / d, 4),
    }


def cancel_latency(engine: Engine, request: Request, after_step: int = 5) -> dict:
    reached = threading.Event()
    step_times: list[float] = []

    def on_event(event) -> None:
        if event.kind is EventKind.PROGRESS:
            step_times.append(time.monotonic())
            if event.fraction >= after_step / STEPS:
                reached.set()

    unsubscribe = engine.subscribe(on_event)
    job = engine.submit(TinySD, request)
    reached.wait()
    job.cancel()
    job.wait()
    unsubscribe()
    early = step_times[:after_step]  # steps before the cancel
    step_s = statistics.median(b - a for a, b in zip(early, early[1:], strict=False))
    return {
        "state": job.state.value,
        "steps_after_cancel": job.steps_after_cancel,
        "step_ms": round(step_s * 1000, 1),
        "cancel_to_end_ms": round((job.ended - job.cancel_requested_at) * 1000, 1),
        "cancel_to_end_steps": round((job.ended - job.cancel_requested_at) / step_s, 2),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=256, help="image size in pixels (square)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per side")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    from studio.testing.image_models import build_tiny_sd

    with tempfile.TemporaryDirectory() as tmp:
        TinySD.folder = build_tiny_sd(Path(tmp) / "tiny-sd")
        request = Request(prompt="a lighthouse at night", width=args.size, height=args.size)
        results: dict = {
            "cpus": os.cpu_count(),
            "size": args.size,
            "steps": STEPS,
            "load_average": os.getloadavg()[0],
        }
        # Same torch thread count on both sides, so the ratio measures the engine alone.
        # Thread lanes: TinySD.folder is set in this process only; bench_workers.py
        # measures what a worker process adds.
        with Engine(devices=["cpu"], cpu_threads=None, isolation="thread") as engine:
            results["overhead"] = overhead(engine, request, args.runs)
            results["cancel"] = cancel_latency(engine, request)

    o, c = results["overhead"], results["cancel"]
    print(
        f"tiny SD, {STEPS} steps at {args.size}², {results['cpus']} CPUs, "
        f"load average {results['load_average']:.1f} at the start"
    )
    print(
        f"  direct {o['direct_s']:.3f} s, engine {o['engine_s']:.3f} s: "
        f"overhead ratio {o['overhead_ratio']:.3f} median, "
        f"{o['overhead_ratio_best']:.3f} best of runs; the engine adds {o['engine_added_ms']} ms "
        f"around the pipeline call: ratio {o['overhead_ratio_added']:.4f} (goal ≤ 1.05)"
    )
    print(
        f"  cancel: {c['steps_after_cancel']} step(s) reported after cancel, "
        f"{c['cancel_to_end_ms']} ms = {c['cancel_to_end_steps']} steps of "
        f"{c['step_ms']} ms to the job's end "
        f"({c['state']})"
    )
    print("  GUI stalls while a job runs: bench/bench_stall.py (the real editor)")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
