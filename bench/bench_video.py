"""diffusers.video through the job engine vs the same pipeline called directly; MP4 writing vs
PyAV alone. Prints one JSON line per measure and the ratios (goal: engine/direct ≥ 0.97).

.venv/bin/python bench/bench_video.py                  # tiny random Wan 2.2 TI2V, on the CPU
.venv/bin/python bench/bench_video.py --model DIR --device cuda --width 832 --height 480 \
    --frames 81 --steps 8                               # any local Wan/LTX/CogVideoX folder

Both sides make the same frames: one segment at the model's own rate (no resampling), the same
seed, steps, guidance and size, float frames turned into uint8 the same way. Same torch threads.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", help="model folder (default: a tiny random Wan 2.2 TI2V)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--width", type=int, default=64)
    ap.add_argument("--height", type=int, default=64)
    ap.add_argument("--frames", type=int, default=17, help="frames (k·n + 1, ≤ native)")
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--mp4-size", default="832x480", help="frame size for the MP4 write case")
    args = ap.parse_args(argv)

    import torch
    from diffusers import DiffusionPipeline

    from studio.engine.discovery import discover
    from studio.engine.engine import Engine
    from studio.plugins.api import Context, Request, Video

    work = Path(tempfile.mkdtemp(prefix="bench-video-"))
    model = args.model
    if model is None:
        from studio.testing import build_tiny_wan_i2v

        model = str(build_tiny_wan_i2v(work / "tiny-wan-ti2v"))
    plugin = discover(user_dirs=[], entry_points=False).get("diffusers.video")
    params = plugin.Params(model=model, steps=args.steps, guidance=5.0)

    # The plugin's own choices for this request (its class and rate) set up the direct call.
    probe_gen = plugin()
    probe_gen._ensure_loaded(params, Context(args.device))
    profile = probe_gen.loaded.profile
    probe_gen.unload()
    fps = float(profile.fps)
    request = Request(
        prompt="a lighthouse at dusk, waves",
        params=params,
        seed=1,
        width=args.width,
        height=args.height,
        duration=args.frames / fps,
        fps=fps,
    )
    dtype = torch.bfloat16 if args.device.startswith("cuda") else torch.float32
    pipe = DiffusionPipeline.from_pretrained(model, torch_dtype=dtype, local_files_only=True)
    if profile.family == "wan" and dtype != torch.float32:
        pipe.vae.to(torch.float32)  # as the plugin loads it
    pipe.to(args.device).set_progress_bar_config(disable=True)
    if profile.text_class and type(pipe).__name__ != profile.text_class:
        import diffusers

        cls = getattr(diffusers, profile.text_class)
        modules, options = cls._get_signature_keys(cls)
        pipe = cls(
            **{n: pipe.components.get(n) for n in modules},
            **{n: pipe.config[n] for n in options if n in pipe.config},
        )
        pipe.set_progress_bar_config(disable=True)

    def direct():
        out = pipe(
            prompt=request.prompt,
            width=args.width,
            height=args.height,
            num_frames=args.frames,
            num_inference_steps=args.steps,
            guidance_scale=5.0,
            generator=torch.Generator("cpu").manual_seed(request.seed),
            output_type="np",
            **profile.call_kwargs,
        ).frames[0]
        return (np.clip(out, 0, 1) * 255).round().astype(np.uint8)

    engine = Engine(devices=[args.device], cpu_threads=None)  # torch keeps its thread count

    def through_engine():
        job = engine.submit(plugin, request)
        job.wait()
        if job.error:
            raise RuntimeError(job.error)
        return job.output.frames

    # Blocks, not alternation: torch's CPU thread pool belongs to the calling thread, and the
    # idle pool of the other thread spins for a while after each call, slowing whichever runs
    # next on another thread. Each block starts with an untimed call; two rounds each.
    times: dict[str, list[float]] = {"direct": [], "engine": []}
    frames = {}
    for _ in range(2):
        for name, fn in (("direct", direct), ("engine", through_engine)):
            frames[name] = fn()
            times[name] += [_sync_time(fn, args.device) for _ in range(args.repeats)]
    engine.close()
    same = bool(np.array_equal(frames["direct"], frames["engine"]))
    gen = {k: statistics.median(v) for k, v in times.items()}
    emit(
        case="generate",
        model=model,
        device=args.device,
        threads=torch.get_num_threads(),
        shape=list(frames["engine"].shape),
        steps=args.steps,
        direct_s=round(gen["direct"], 4),
        engine_s=round(gen["engine"], 4),
        ratio_direct_over_engine=round(gen["direct"] / gen["engine"], 3),
        identical_frames=same,
        runs={k: [round(x, 4) for x in v] for k, v in times.items()},
    )

    width, height = (int(v) for v in args.mp4_size.split("x"))
    clip = _moving_gradient(81, height, width)
    ours, plain = _mp4_times(Video(clip, 24.0), work, args.repeats)
    emit(
        case="mp4_write",
        frames=len(clip),
        size=f"{width}x{height}",
        write_output_s=round(ours, 4),
        pyav_s=round(plain, 4),
        ratio_pyav_over_ours=round(plain / ours, 3),
    )
    print(
        f"engine/direct: {gen['direct'] / gen['engine']:.3f} (goal ≥ 0.97); "
        f"MP4 write vs PyAV: {plain / ours:.3f}",
        flush=True,
    )
    return 0


def _mp4_times(video, work: Path, repeats: int) -> tuple[float, float]:
    import av

    from studio.engine.outputs import write_output
    from studio.engine.provenance import Provenance

    provenance = Provenance(
        generator="diffusers.video", generator_version="0.1.0", seed=1, width=832, height=480,
        duration=len(video.frames) / 24, fps=24, sample_rate=48000,
    )  # fmt: skip

    def ours():
        write_output(video, work / "ours.mp4", provenance)

    def plain():
        with av.open(str(work / "plain.mp4"), "w", format="mp4") as container:
            stream = container.add_stream("libx264", rate=Fraction(24))
            stream.width, stream.height = video.frames.shape[2], video.frames.shape[1]
            stream.pix_fmt = "yuv420p"
            stream.options = {"crf": "18", "preset": "veryfast"}
            for index, rgb in enumerate(video.frames):
                frame = av.VideoFrame.from_ndarray(rgb, format="rgb24")
                frame.pts = index
                container.mux(stream.encode(frame))
            container.mux(stream.encode())

    times = {ours: [], plain: []}
    ours(), plain()
    for _ in range(repeats):
        for fn in (ours, plain):
            t = time.perf_counter()
            fn()
            times[fn].append(time.perf_counter() - t)
    return statistics.median(times[ours]), statistics.median(times[plain])


def _moving_gradient(count: int, height: int, width: int) -> np.ndarray:
    """Smooth moving colour, like real footage to an encoder (noise would measure x264 only)."""
    y, x = np.mgrid[0:height, 0:width].astype(np.float32)
    t = np.arange(count, dtype=np.float32)[:, None, None]
    r = 127 + 120 * np.sin((x + 4 * t) / 60)
    g = 127 + 120 * np.sin((y + 2 * t) / 45)
    b = 127 + 120 * np.sin((x + y - 3 * t) / 80)
    return np.stack([r, g, b], axis=-1).astype(np.uint8)


def _sync_time(fn, device: str) -> float:
    import torch

    t = time.perf_counter()
    fn()
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    return time.perf_counter() - t


def emit(**fields) -> None:
    print(json.dumps(fields), flush=True)


if __name__ == "__main__":
    sys.exit(main())
