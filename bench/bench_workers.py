"""What the worker process boundary costs: a 20-step tiny Stable Diffusion job, in-process
(a thread lane) against a worker process (the default), per job and per preview.

Goals: the process adds ≤ 2 % to a job; a preview reaches the engine's subscribers
within one denoising step of the plugin offering it.

    .venv/bin/python bench/bench_workers.py [--size 256] [--runs 5] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pydantic import BaseModel  # noqa: E402

from studio.engine import Engine, EventKind, JobState  # noqa: E402
from studio.plugins.api import Context, Generator, Image, Kind, Request  # noqa: E402

STEPS = 20


class TinySDParams(BaseModel):
    folder: str = ""


class TinySD(Generator):
    """A diffusers text→image generator that previews every step, as a real plugin would."""

    id = "bench.tiny-sd-previews"
    name = "tiny SD (random weights)"
    output = Kind.IMAGE
    Params = TinySDParams

    def load(self, ctx: Context) -> None:
        import torch
        from diffusers import StableDiffusionPipeline

        self.torch = torch
        folder = ctx.request.params.folder
        self.pipe = StableDiffusionPipeline.from_pretrained(folder).to(ctx.device)
        self.pipe.set_progress_bar_config(disable=True)

    def generate(self, request: Request, ctx: Context) -> Image:
        import PIL.Image

        def on_step_end(pipe, step, timestep, kwargs):
            latents = kwargs["latents"][0, :3].float()
            span = (latents.max() - latents.min()).clamp(min=1e-6)
            rgb = ((latents - latents.min()) / span * 255).byte().permute(1, 2, 0).numpy()
            preview = PIL.Image.fromarray(rgb).resize((64, 64))
            preview.info["offered"] = time.monotonic()  # one clock for every process here
            ctx.preview(preview)
            ctx.progress((step + 1) / STEPS, f"step {step + 1}/{STEPS}")
            ctx.check_cancelled()
            return kwargs

        start = time.perf_counter()
        result = self.pipe(
            request.prompt,
            num_inference_steps=STEPS,
            height=request.height,
            width=request.width,
            generator=self.torch.Generator().manual_seed(request.seed),
            callback_on_step_end=on_step_end,
            output_type="pil",
        )
        image = result.images[0]
        image.info["generate_s"] = time.perf_counter() - start
        return Image(image)


class Watch:
    """Preview delays and step times, from the engine's events."""

    def __init__(self) -> None:
        self.preview_delays: list[float] = []
        self.progress_times: list[float] = []

    def __call__(self, event) -> None:
        now = time.monotonic()
        if event.kind is EventKind.PREVIEW:
            self.preview_delays.append(now - event.preview.info["offered"])
        elif event.kind is EventKind.PROGRESS:
            self.progress_times.append(now)


def one_job(engine: Engine, request: Request) -> tuple[float, float]:
    """(wall seconds from submit to end, seconds inside the pipeline call)."""
    start = time.perf_counter()
    job = engine.submit(TinySD, request)
    job.wait()
    wall = time.perf_counter() - start
    assert job.state is JobState.DONE, job.error
    return wall, job.output.image.info["generate_s"]


def measure(size: int, runs: int, folder: Path) -> dict:
    request = Request(
        prompt="a lighthouse at night",
        width=size,
        height=size,
        params=TinySDParams(folder=str(folder)),
    )
    results: dict = {}
    engines = {
        "thread": Engine(devices=["cpu"], isolation="thread"),
        "process": Engine(devices=["cpu"], isolation="process"),
    }
    watches = {name: Watch() for name in engines}
    try:
        for name, engine in engines.items():
            one_job(engine, request)  # load the model (each side once, as the app does)
            engine.subscribe(watches[name])
        walls: dict[str, list[float]] = {name: [] for name in engines}
        added: dict[str, list[float]] = {name: [] for name in engines}
        for _ in range(runs):  # interleaved, so drift in machine load hits both alike
            for name, engine in engines.items():
                wall, inside = one_job(engine, request)
                walls[name].append(wall)
                added[name].append(wall - inside)
    finally:
        for engine in engines.values():
            engine.close()
    thread, process = (statistics.median(walls[n]) for n in ("thread", "process"))
    added_ms = {n: statistics.median(added[n]) * 1000 for n in engines}
    steps = watches["process"].progress_times
    step_s = statistics.median(b - a for a, b in zip(steps, steps[1:], strict=False) if b - a > 0)
    delays = watches["process"].preview_delays
    results["job"] = {
        "thread_s": round(thread, 4),
        "process_s": round(process, 4),
        "ratio": round(process / thread, 4),
        "ratio_best": round(min(walls["process"]) / min(walls["thread"]), 4),
        # What each side adds around the pipeline call, measured inside one run: robust to
        # other processes' load, unlike the wall-clock ratio.
        "thread_added_ms": round(added_ms["thread"], 2),
        "process_added_ms": round(added_ms["process"], 2),
        "boundary_ms": round(added_ms["process"] - added_ms["thread"], 2),
        "boundary_share": round((added_ms["process"] - added_ms["thread"]) / 1000 / thread, 5),
    }
    results["preview"] = {
        "step_ms": round(step_s * 1000, 1),
        "delay_median_ms": round(statistics.median(delays) * 1000, 2),
        "delay_max_ms": round(max(delays) * 1000, 2),
        "delay_max_steps": round(max(delays) / step_s, 3),
        "thread_delay_median_ms": round(
            statistics.median(watches["thread"].preview_delays) * 1000, 3
        ),
        "count": len(delays),
    }
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=256, help="image size in pixels (square)")
    parser.add_argument("--runs", type=int, default=5, help="timed jobs per side")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    from studio.testing.image_models import build_tiny_sd

    with tempfile.TemporaryDirectory() as tmp:
        folder = build_tiny_sd(Path(tmp) / "tiny-sd")
        results = {
            "cpus": os.cpu_count(),
            "size": args.size,
            "steps": STEPS,
            "load_average": os.getloadavg()[0],
            **measure(args.size, args.runs, folder),
        }
    j, p = results["job"], results["preview"]
    print(
        f"tiny SD, {STEPS} steps at {args.size}², {results['cpus']} CPUs, "
        f"load average {results['load_average']:.1f} at the start"
    )
    print(
        f"  job: thread {j['thread_s']:.3f} s, process {j['process_s']:.3f} s "
        f"(ratio {j['ratio']:.3f} median, {j['ratio_best']:.3f} best); the boundary adds "
        f"{j['boundary_ms']:.1f} ms = {j['boundary_share'] * 100:.2f} % of the job (goal ≤ 2 %)"
    )
    print(
        f"  preview: {p['delay_median_ms']:.2f} ms median, {p['delay_max_ms']:.2f} ms worst "
        f"= {p['delay_max_steps']:.3f} steps of {p['step_ms']:.0f} ms (goal ≤ 1 step)"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
