"""Screenshots of a reel after its journey, for docs/reel.md (run under Xvfb).

The sample screenplay is broken down, given frames, clips and a score by the same
`storyreel reel` commands a user runs, then opened in the editor:

xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python -m studio.ui.reel_screenshots docs/screenshots
"""

from __future__ import annotations

from pathlib import Path

from studio.paths import resources_dir
from studio.ui.screenshot import run_screenshots, settle


def build_reel(folder: Path) -> Path:
    """The headless journey: new, breakdown, frames, clips, score (the README's commands)."""
    from studio.cli import main

    project = folder / "Lighthouse.storyreel"
    script = resources_dir() / "sample" / "sample.fountain"
    steps = (
        ["new", str(folder / "Lighthouse"), "--size", "640x360"],
        ["script", "breakdown", str(project), "--file", str(script)],
        ["reel", "frames", str(project), "--seed", "1"],
        ["reel", "clips", str(project), "--seed", "2", "--camera", "dolly"],
        ["reel", "score", str(project), "--seed", "3"],
    )
    for args in steps:
        if main(args) != 0:
            raise SystemExit(f"storyreel {' '.join(args)} failed")
    return project


def take(out: Path, work: Path) -> list[Path]:
    from studio.ui.qt_app import create_app
    from studio.ui.qt_main_window import MainWindow

    project = build_reel(work)
    out.mkdir(parents=True, exist_ok=True)
    app = create_app()
    window = MainWindow(panels="later")
    window.ask_before_closing = False
    window.resize(1600, 1000)
    window.show()
    settle(app, window)
    window.open_project(project)
    session = window.session
    settle(app, window)
    window.timeline.fit()
    shot = session.project.shots[1]
    clips = [c for c in session.project.all_clips() if c.link == shot.id]
    session.select([c.id for c in clips])
    session.set_playhead(clips[0].start + clips[0].duration // 2)
    settle(app, window)
    files = [out / "reel-main-window.png", out / "reel-timeline.png"]
    window.grab().save(str(files[0]))
    window.docks["Timeline"].grab().save(str(files[1]))
    board = window.docks["Storyboard"]
    board.show()
    board.raise_()
    board.widget().shots.setCurrentRow(1)
    settle(app, window)
    files.append(out / "reel-storyboard.png")
    board.grab().save(str(files[-1]))
    window.close()
    return files


def main() -> None:
    run_screenshots("Screenshots of a reel after its journey", take)


if __name__ == "__main__":
    main()
