"""Benchmark: the editor itself playing a 60 s 1080p timeline, the picture following the sound.

The timeline of bench_render's playback simulation (1080p stills alternating with pieces
of a 1080p take, over a score) is opened in the real main window (offscreen) and played
with the real sound path: the system's sound device where there is one, else the silent
output paced like one. Reported, from the viewer's own counts: frames shown on time and
dropped; sound underruns; and how far the frame on screen was from the sound being heard
(in frames: 0 to 1 means on time). Baseline in the same run: the same play with proxies
off, so the ratio shows what proxies buy.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_playback.py [--seconds 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_render import FPS, playback_timeline  # noqa: E402

from studio.media.decode import make_proxy  # noqa: E402
from studio.model.files import save_project  # noqa: E402


def wait_for(app, condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.002)
    return condition()


def play_through(app, window, seconds: int, proxies: bool) -> dict:
    window.actions["use_proxies"].setChecked(proxies)
    window.session.set_playhead(0)
    viewer, sound = window.viewer, window.sound
    assert wait_for(app, lambda: viewer.shown_frame == 0, 60), "the first frame never came"
    offsets: list[float] = []

    def presented(frame: int) -> None:
        if window.transport.playing:
            offsets.append(sound.now() * FPS - frame)

    viewer.presented.connect(presented)
    started = time.monotonic()
    window.transport.play(1.0)
    wait_for(app, lambda: not window.transport.playing, seconds + 30)
    took = time.monotonic() - started
    viewer.presented.disconnect(presented)
    late = [abs(o) for o in offsets]
    return {
        "shown": viewer.stats.delivered,
        "dropped": viewer.stats.dropped,
        "underruns": sound.playout.underruns,
        "output": sound.playout.output_name,
        "took": took,
        "median_offset": statistics.median(late) if late else float("nan"),
        "worst_offset": max(late) if late else float("nan"),
    }


def report(label: str, result: dict, total: int) -> None:
    print(
        f"{label:12s} {result['shown']:5d}/{total} frames shown, {result['dropped']:4d} dropped, "
        f"{result['underruns']} sound underruns, picture behind sound by "
        f"{result['median_offset']:.2f} frames (median), {result['worst_offset']:.2f} (worst); "
        f"{result['took']:.1f} s wall"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--skip-baseline", action="store_true", help="no run without proxies")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from studio.ui.qt_app import create_app
    from studio.ui.qt_main_window import MainWindow

    with tempfile.TemporaryDirectory(prefix="storyreel-bench-") as temp:
        work = Path(temp)
        doc, video = playback_timeline(work, args.seconds)
        save_project(doc)
        make_proxy(video, doc.path / "cache")  # made first: its making is not playback
        create_app()
        app = QApplication.instance()
        window = MainWindow()
        window.ask_before_closing = False
        window.resize(1400, 900)
        window.show()
        window.warm_up()
        assert window.open_project(doc.path)
        total = args.seconds * FPS
        with_proxies = play_through(app, window, args.seconds, proxies=True)
        print(f"sound output: {with_proxies['output']}; viewer {window.viewer.feed.size}")
        report("proxies on", with_proxies, total)
        if not args.skip_baseline:
            without = play_through(app, window, args.seconds, proxies=False)
            report("proxies off", without, total)
            print(
                f"dropped frames, proxies on / off: {with_proxies['dropped']} / "
                f"{without['dropped']}"
            )
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
