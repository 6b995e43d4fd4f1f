"""The reel pipeline's overhead: `storyreel reel frames|clips|score` against the same
generators called directly for the same shots, in one run.

The baseline does the same work a user gets: for each shot the same request (fused from
the project as the reel commands fuse it) is generated and written to a file with its
provenance. The reel commands add discovery, the engine, landing each take in the project
(media/, an edit) and saving after each take. Goal: overhead ≤ 5 % per step.

Each side runs as a fresh process, as a user's command does: `storyreel reel …`, and
bench/reel_direct.py for the baseline, so both pay for starting Python and importing torch
and the plugin, and neither finds them loaded by an earlier run.

    .venv/bin/python bench/bench_reel.py [--size 320x180] [--runs 3]

The real plugins run tiny random-weight models of studio.testing, each a local folder:
Stable Diffusion for frames (20 steps), Wan 2.1 image-to-video for clips (2 steps),
MusicGen for the score fitted to the whole reel; the built-in pan and zoom and temp score
run too, their quick runs showing the pipeline's own fixed costs.

A model's step runs in the engine's worker process, started first thing by the command
and importing the generator while the command loads the project. The built-ins run in
the command's own process (studio.cli_commands.reel.runs_in_command), two at a time on
the engine's CPU threads: the baseline runs its requests one after another.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.cli import main as storyreel  # noqa: E402
from studio.engine import discover  # noqa: E402
from studio.engine.params import parse_params  # noqa: E402
from studio.engine.protocol import request_to_wire  # noqa: E402
from studio.model.files import load_project  # noqa: E402
from studio.workflows.clips import clips  # noqa: E402
from studio.workflows.reel import reel  # noqa: E402
from studio.workflows.reel.requests import score_request, shot_frame_request  # noqa: E402
from studio.workflows.score.prompt import fuse_score_prompt  # noqa: E402

SAMPLE = ROOT / "resources/sample/sample.fountain"


def fresh_reel(work: Path, size: str) -> Path:
    folder = work / f"Film-{time.monotonic_ns()}"
    assert storyreel(["new", str(folder), "--size", size]) == 0
    project = folder.with_name(folder.name + ".storyreel")
    assert storyreel(["script", "breakdown", str(project), "--file", str(SAMPLE)]) == 0
    return project


def direct(generator: str, fit: bool, requests, out: Path) -> float:
    """The generator, loaded once, then each request generated and written: seconds.

    In a fresh process (bench/reel_direct.py), as the reel's engine runs its jobs: both
    sides pay for starting a process and importing torch and the plugin, and neither finds
    them loaded by an earlier run."""
    wire = out / "requests.json"  # the requests as the engine sends them to a worker
    wire.write_text(json.dumps([request_to_wire(r) for r in requests]), encoding="utf-8")
    command = [sys.executable, str(ROOT / "bench/reel_direct.py"), generator, str(int(fit))]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    subprocess.run([*command, str(wire), str(out)], check=True, env=env)
    return time.perf_counter() - start


def through_reel(args: list[str]) -> float:
    """`storyreel ARGS` as the user runs it: a fresh process, the installed command."""
    script = Path(sys.executable).with_name("storyreel")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "studio.cli"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    subprocess.run([*command, *args], check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", default="320x180")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--only", nargs="*", help="rows to run by label (default: all), e.g. frames clips-wan"
    )
    options = parser.parse_args()
    from studio.testing.audio_models import build_tiny_musicgen
    from studio.testing.image_models import build_tiny_sd
    from studio.testing.video_models import build_tiny_wan_i2v

    registry = discover()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sd = build_tiny_sd(work / "tiny-sd")
        wan = build_tiny_wan_i2v(work / "tiny-wan")
        musicgen = build_tiny_musicgen(work / "tiny-musicgen")
        # (label, reel step, generator, params): tiny random-weight models of the real
        # plugins, and the built-ins, whose quick runs show the pipeline's fixed costs.
        steps = [
            ("frames", "frames", "diffusers.image", [f"model={sd}", "steps=20"]),
            ("clips-wan", "clips", "diffusers.video", [f"model={wan}", "steps=2"]),
            ("score-musicgen", "score", "music.musicgen", [f"model={musicgen}"]),
            ("clips-builtin", "clips", "builtin.ken-burns", []),
            ("score-builtin", "score", "builtin.temp-score", []),
        ]
        order = ["frames", "clips", "score"]
        for label, step, generator, params in steps:
            if options.only and label not in options.only:
                continue
            cls = registry.get(generator)
            param_args = [a for p in params for a in ("--param", p)]
            ours, base = [], []
            for _ in range(options.runs):
                project = fresh_reel(work, options.size)
                for earlier in order[: order.index(step)]:
                    # Earlier steps with the built-ins: what this step starts from.
                    assert storyreel(["reel", earlier, str(project), "--seed", "1"]) == 0
                doc = load_project(project)
                values = parse_params(cls.Params, params)
                requests = _requests(step, doc, cls, values)
                out = work / f"direct-{label}-{time.monotonic_ns()}"
                out.mkdir()
                base.append(direct(generator, step == "score", requests, out))
                cmd = ["reel", step, str(project), "--generator", generator, "--seed", "1"]
                ours.append(through_reel(cmd + param_args))
                assert reel.layout_problems(load_project(project).project) == []
            rows.append((label, len(requests), statistics.median(ours), statistics.median(base)))
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"{'step':15} {'takes':>5} {'reel':>9} {'direct':>9} {'ratio':>6}  goal ≤ 1.05")
    for label, count, ours, base in rows:
        print(f"{label:15} {count:5d} {ours:8.2f}s {base:8.2f}s {ours / base:6.3f}")


def _requests(step, doc, cls, params):
    project = doc.project
    if step == "frames":
        return [
            shot_frame_request(project, doc.path, shot, cls, params, 1 + n)
            for n, shot in enumerate(project.shots)
        ]
    if step == "clips":
        return [r.request for r in clips.clip_requests(project, doc.path, params=params, seed=1)]
    prompt = fuse_score_prompt(project, 0, project.duration).text()
    return [score_request(project, 0, project.duration, prompt, params, 1)]


if __name__ == "__main__":
    main()
