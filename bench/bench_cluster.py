"""What a Ray cluster gives and costs: 8 storyboard frames (the diffusers.image plugin on a tiny
random-weight Stable Diffusion, CPU actors at one torch thread each) on one actor and on two,
in the same run; and one job at a time on one actor against the local worker-process lane.

Goals: two actors ≥ 1.7× one actor on 2 cores; an actor adds ≤ 5 % to a job against the
local lane. Each side loads its model before the clock starts (as a reel's second frame
finds it loaded). Also printed: the per-job times that docs/cluster.md's estimate uses.

    .venv/bin/python bench/bench_cluster.py [--size 128] [--steps 20] [--frames 8] [--json F]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")  # the local worker starts as an actor does
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from plugins.diffusers_image import DiffusersImage  # noqa: E402
from plugins.diffusers_image.params import DiffusersImageParams  # noqa: E402
from studio.engine import Engine, JobState  # noqa: E402
from studio.plugins.api import Request  # noqa: E402


class TimedDiffusersImage(DiffusersImage):
    """diffusers.image, stamping the seconds spent inside generate() on its picture: what a
    lane adds around it is then measured inside each run, robust to the machine's load."""

    id = "bench.timed-diffusers-image"

    def generate(self, request, ctx):
        start = time.perf_counter()
        output = super().generate(request, ctx)
        output.image.info["generate_s"] = time.perf_counter() - start
        return output


def requests(folder: Path, size: int, steps: int, count: int) -> list[Request]:
    params = DiffusersImageParams(model=str(folder), steps=steps, previews=True)
    return [
        Request(
            prompt=f"shot {n}: a harbour in fog", params=params, width=size, height=size, seed=n
        )
        for n in range(count)
    ]


def run_all(engine: Engine, batch: list[Request], media: Path) -> tuple[float, list]:
    """Submit the batch at once, as `storyreel reel frames` does; seconds until all are done."""
    start = time.perf_counter()
    jobs = [engine.submit(DiffusersImage, r, media_dir=media) for r in batch]
    for job in jobs:
        job.wait()
        assert job.state is JobState.DONE, job.error
    return time.perf_counter() - start, jobs


def one_by_one(engine: Engine, batch: list[Request], media: Path) -> list[tuple[float, float]]:
    """Each job alone: (seconds from submit to done, seconds inside generate())."""
    times = []
    for r in batch:
        start = time.perf_counter()
        job = engine.submit(TimedDiffusersImage, r, media_dir=media)
        job.wait()
        wall = time.perf_counter() - start
        assert job.state is JobState.DONE, job.error
        times.append((wall, job.output.image.info["generate_s"]))
    return times


def warm(engine: Engine, batch: list[Request], media: Path, lanes: int) -> None:
    """Load the model on every lane (jobs at once go to each lane: one each)."""
    run_all(engine, batch[:lanes], media)
    if lanes == 1:
        one_by_one(engine, batch[:1], media)


JOB_KEYS = ("local_job_s", "actor_job_s")


def measure(folder: Path, size: int, steps: int, frames: int, out: Path) -> dict:
    import ray

    batch = requests(folder, size, steps, frames)
    results: dict = {"local_job_s": [], "actor_job_s": [], "one_actor_s": [], "two_actors_s": []}
    temp = tempfile.mkdtemp(prefix="sr-ray-", dir="/tmp")
    ray.init(
        num_cpus=2,
        include_dashboard=False,
        log_to_driver=False,
        logging_level="ERROR",
        _temp_dir=temp,
        runtime_env={"env_vars": {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}},
    )
    # The local lane's worker at one torch thread, like an actor's.
    local = Engine(devices=["cpu"], isolation="process", cpu_threads=1)
    try:
        with Engine(cluster="auto", cluster_workers=1) as one:
            warm(local, batch, out / "local", 1)
            warm(one, batch, out / "one", 1)
            # Blocks of each side in turn, twice, so drift in the machine's load hits both.
            half = batch[: max(1, frames // 2)]
            for _ in range(2):
                results["local_job_s"] += one_by_one(local, half, out / "local")
                results["actor_job_s"] += one_by_one(one, half, out / "one")
            for _ in range(2):
                results["one_actor_s"].append(run_all(one, batch, out / "one")[0])
        local.close()
        with Engine(cluster="auto", cluster_workers=2) as two:
            warm(two, batch, out / "two", 2)
            for _ in range(2):
                wall, jobs = run_all(two, batch, out / "two")
                results["two_actors_s"].append(wall)
            results["per_actor"] = {
                w: sum(j.worker == w for j in jobs) for w in sorted({j.worker for j in jobs})
            }
    finally:
        local.close()
        ray.shutdown()
        shutil.rmtree(temp, ignore_errors=True)
    local_s, actor_s = (statistics.median(w for w, _ in results[k]) for k in JOB_KEYS)
    local_added, actor_added = (statistics.median(w - g for w, g in results[k]) for k in JOB_KEYS)
    results["local_added_ms"] = round(local_added * 1000, 1)
    results["actor_added_ms"] = round(actor_added * 1000, 1)
    results["overhead_ms"] = round((actor_added - local_added) * 1000, 1)
    results["overhead_share"] = round((actor_added - local_added) / local_s, 4)
    results["wall_ratio"] = round(actor_s / local_s, 4)
    results["speedup"] = round(min(results["one_actor_s"]) / min(results["two_actors_s"]), 3)
    return results


def landing(out: Path) -> dict:
    """What the editor's machine does per take that came back as arrays: write a 1024²
    frame (PNG) and a 5 s clip of 121 frames at 1280×704 (H.264), as the landing does."""
    import numpy as np
    import PIL.Image

    from studio.engine.outputs import write_output
    from studio.plugins.api import Image, Video

    rng = np.random.default_rng(0)
    # Smooth pictures (a gradient and noise), not pure noise: closer to what encoders get.
    ramp = np.linspace(0, 255, 1280, dtype=np.float32)[None, :, None]
    frame = (ramp + rng.normal(0, 8, (704, 1280, 3))).clip(0, 255).astype(np.uint8)
    clip = np.stack([np.roll(frame, 4 * t, axis=1) for t in range(121)])
    picture = PIL.Image.fromarray(frame[:, :1024].repeat(2, axis=0)[:1024])
    start = time.perf_counter()
    write_output(Image(picture), out / "frame.png")
    frame_s = time.perf_counter() - start
    start = time.perf_counter()
    write_output(Video(clip, 24.0), out / "clip.mp4")
    clip_s = time.perf_counter() - start
    return {
        "frame_write_s": round(frame_s, 3),
        "clip_write_s": round(clip_s, 3),
        "clip_array_mb": round(clip.nbytes / 1e6, 1),
        "frame_array_mb": round(1024 * 1024 * 3 / 1e6, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=128, help="frame size in pixels (square)")
    parser.add_argument("--steps", type=int, default=20, help="denoising steps per frame")
    parser.add_argument("--frames", type=int, default=8, help="storyboard frames in the batch")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    from studio.testing.image_models import build_tiny_sd

    with tempfile.TemporaryDirectory() as tmp:
        folder = build_tiny_sd(Path(tmp) / "tiny-sd")
        load = os.getloadavg()[0]
        results = {
            "cpus": os.cpu_count(),
            "size": args.size,
            "steps": args.steps,
            "frames": args.frames,
            "load_average": load,
            **measure(folder, args.size, args.steps, args.frames, Path(tmp)),
            "landing": landing(Path(tmp)),
        }
    r = results
    local_s, actor_s = (statistics.median(w for w, _ in r[k]) for k in JOB_KEYS)
    print(
        f"tiny SD, {r['steps']} steps at {r['size']}², {r['frames']} frames, {r['cpus']} CPUs, "
        f"load average {load:.1f} at the start"
    )
    print(
        f"  {r['frames']} frames: one actor {min(r['one_actor_s']):.2f} s, two actors "
        f"{min(r['two_actors_s']):.2f} s (best of 2): {r['speedup']:.2f}× (goal ≥ 1.7×); "
        f"jobs per actor {sorted(r['per_actor'].values())}"
    )
    print(
        f"  one job: local lane {local_s:.3f} s, Ray actor {actor_s:.3f} s (medians of "
        f"{len(r['local_job_s'])}); around generate() the local lane adds "
        f"{r['local_added_ms']:.0f} ms, the actor {r['actor_added_ms']:.0f} ms: the cluster "
        f"adds {r['overhead_ms']:.0f} ms = {r['overhead_share'] * 100:.1f} % (goal ≤ 5 %)"
    )
    w = r["landing"]
    print(
        f"  landing here: a 1024² frame {w['frame_write_s']:.2f} s ({w['frame_array_mb']} MB of "
        f"arrays), a 121-frame 1280×704 clip {w['clip_write_s']:.2f} s ({w['clip_array_mb']} MB)"
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
