"""The reel's journey through the real main window, as a user walks it:

open a screenplay, break it down, a frame for every shot, a clip (with its own sound) for
every shot from its frame, a score over the whole reel; reorder two shots, trim one, ripple
delete one, undo and redo; save, reopen, render. After every step each shot's placeholder,
frame, clip and sound occupy exactly its span and no span overlaps another.
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import av
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from studio.engine import discover  # noqa: E402
from studio.model import MediaKind, Settings, TrackKind  # noqa: E402
from studio.model.files import create_project, load_project  # noqa: E402
from studio.model.time import frames_to_samples  # noqa: E402
from studio.settings import SettingsFile  # noqa: E402
from studio.ui.timeline.qt_gestures import TrimGesture  # noqa: E402
from studio.workflows.reel import reel
from tests.ui_script.conftest import set_script  # noqa: E402
from tests.ui_window import shown_window  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[2] / "resources/sample/sample.fountain"
TIMEOUT = 60000

# A third-party plugin, installed the way users install one (a file in the plugin folder):
# image → video that also makes its own sound, so each clip lands with linked audio.
SOUNDING_PLUGIN = """
import numpy as np
from pydantic import BaseModel
from studio.plugins.api import Audio, Generator, Kind, Video


class SoundingStill(Generator):
    id = "journey.sounding-still"
    name = "A still with a hum (journey test)"
    output = Kind.VIDEO
    accepts = (Kind.IMAGE,)
    Params = type("HumParams", (BaseModel,), {"__annotations__": {"hz": float}, "hz": 220.0})
    runs_on = "cpu"

    def generate(self, request, ctx):
        picture = request.inputs_of(Kind.IMAGE)[0].image().convert("RGB")
        still = np.asarray(picture.resize((request.width, request.height)))
        frames = np.repeat(still[None], request.frame_count, axis=0)
        n = request.sample_count
        hum = 0.1 * np.sin(2 * np.pi * request.params.hz * np.arange(n) / request.sample_rate)
        sound = Audio(np.repeat(hum[:, None], 2, axis=1).astype(np.float32), request.sample_rate)
        return Video(frames, request.fps, audio=sound)
"""


@pytest.fixture(autouse=True)
def ui_home(tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))
    # As the app runs them: generators in supervised worker processes.
    monkeypatch.setenv("STORYREEL_WORKERS", "process")


@pytest.fixture
def window(qtbot, tmp_path):
    plugins = tmp_path / "user-plugins"
    plugins.mkdir()
    (plugins / "sounding_still.py").write_text(SOUNDING_PLUGIN)
    registry = discover(
        repo_dir=True,
        user_dirs=[plugins],
        entry_points=False,
        settings=SettingsFile(tmp_path / "settings.json"),
    )
    assert "journey.sounding-still" in {g.id for g in registry.available()}
    window = shown_window(qtbot, registry=registry)
    window.set_document(create_project(tmp_path / "Film", Settings(width=160, height=96)))
    qtbot.waitUntil(lambda: "Clips" in window.docks, timeout=10000)
    yield window
    window.close()


def assert_reel(project, shows: MediaKind | None = None) -> None:
    """The rule holds; with `shows`, every span shows that kind of take."""
    assert reel.layout_problems(project) == []
    for shot in project.shots:
        clip = reel.span_clip(project, shot.id)
        if shows is None or clip is None:
            continue
        asset = project.assets[clip.asset_id]
        assert asset.kind is shows, shot.description
        if shows is MediaKind.VIDEO:
            sound = [c for c in reel.shot_clips(project, shot.id) if c.id != clip.id]
            assert len(sound) == 1 and project.track_of(sound[0].id).kind is TrackKind.AUDIO
            assert (sound[0].start, sound[0].end, sound[0].link) == (clip.start, clip.end, shot.id)


def spans(project) -> list[tuple[str, int, int]]:
    return [(s.id, *reel.span(project, s.id)) for s in project.shots]


def test_script_to_render_through_the_main_window(window, qtbot, tmp_path):
    session = window.session
    docks = window.docks

    # 1. Script: paste the screenplay, Break Down ▸ Whole Script.
    from studio.ui.script.qt_panel import ScriptPanel

    script = window.findChild(ScriptPanel, "script_panel")
    docks["Script"].show()
    set_script(qtbot, script, SAMPLE.read_text())
    with qtbot.waitSignal(session.changed, timeout=10000):
        script.breakdown_action.trigger()
    project = session.project
    assert len(project.shots) == 4
    assert_reel(project)
    laid = spans(project)
    assert laid[0][1] == 0 and all(a[2] == b[1] for a, b in zip(laid, laid[1:], strict=False))

    # 2. Storyboard: a frame for each shot, each landing in its own span.
    board = docks["Storyboard"].widget()
    docks["Storyboard"].show()
    for row in range(len(project.shots)):
        board.shots.setCurrentRow(row)
        with qtbot.waitSignal(board.takes_placed, timeout=TIMEOUT):
            board.box.generate.click()
        assert_reel(session.project)
    assert spans(session.project) == laid  # in place: nothing rippled
    assert_reel(session.project, MediaKind.IMAGE)

    # 3. Clips: one click makes a clip for every shot from its frame, with its sound.
    clips = docks["Clips"].widget()
    docks["Clips"].show()
    clips.box.generator.choose("journey.sounding-still")
    with qtbot.waitSignal(clips.jobs_queued, timeout=TIMEOUT) as queued:
        clips.batch.click()
    assert len(queued.args[0]) == 4
    qtbot.waitUntil(
        lambda: all(reel.shows_video(session.project, s.id) for s in session.project.shots),
        timeout=TIMEOUT,
    )
    assert_reel(session.project, MediaKind.VIDEO)
    assert spans(session.project) == laid

    # 4. Score: the whole reel.
    score = docks["Score"].widget()
    docks["Score"].show()
    picker = score.range
    picker.scenes.activated.emit(picker.scenes.findData("*reel*"))
    assert picker.range() == (0, session.project.duration)
    with qtbot.waitSignal(score.placed, timeout=TIMEOUT) as placed:
        score.generate_button.click()
    score_clip = session.project.clip(placed.args[0])
    assert (score_clip.start, score_clip.end) == (0, session.project.duration)
    assert_reel(session.project, MediaKind.VIDEO)

    # 5. Reorder: the first shot after the second; frames, clips and sound go together.
    first, second = session.project.shots[0], session.project.shots[1]
    board.shots.move_requested.emit(first.id, 1)
    project = session.project
    assert [s.id for s in project.shots[:2]] == [second.id, first.id]
    assert reel.span(project, second.id)[0] == 0
    assert reel.span(project, first.id)[0] == reel.span(project, second.id)[1]
    assert_reel(project, MediaKind.VIDEO)

    # 6. Trim the end of the third shot on the timeline (a drag): its sound follows.
    third = project.shots[2]
    clip = reel.span_clip(project, third.id)
    gesture = TrimGesture(session, clip.id, "end", 0, (0, project.duration))
    gesture.update(clip.end - 6)
    gesture.finish()
    assert reel.span(session.project, third.id)[1] == clip.end - 6
    assert_reel(session.project, MediaKind.VIDEO)

    # 7. Ripple delete the second shot's clip: every later shot and its sound close up.
    project = session.project
    gone = project.shots[1]
    gone_length = reel.span(project, gone.id)[1] - reel.span(project, gone.id)[0]
    later = reel.span(project, project.shots[2].id)
    session.select([reel.span_clip(project, gone.id).id])
    window.actions["ripple_delete"].trigger()
    assert reel.span(session.project, gone.id) is None
    assert reel.span(session.project, project.shots[2].id)[0] == later[0] - gone_length
    assert_reel(session.project, MediaKind.VIDEO)

    # 8. Undo all three, redo all three: the same reel each way.
    after = spans_or_none(session.project)
    for _ in range(3):
        window.actions["undo"].trigger()
        assert_reel(session.project, MediaKind.VIDEO)
    assert [s.id for s in session.project.shots[:2]] == [first.id, second.id]
    for _ in range(3):
        window.actions["redo"].trigger()
        assert_reel(session.project, MediaKind.VIDEO)
    assert spans_or_none(session.project) == after

    # 9. Save, reopen: takes, picks and the panels' choices are all back.
    before = {s.id: (list(s.takes), s.picked) for s in session.project.shots}
    ranges = [(r.start, r.end, list(r.takes), r.picked) for r in session.project.score_ranges]
    assert window.save()
    window.set_document(create_project(tmp_path / "Other"))
    assert window.open_project(tmp_path / "Film.storyreel")
    project = window.session.project
    assert {s.id: (list(s.takes), s.picked) for s in project.shots} == before
    assert [(r.start, r.end, list(r.takes), r.picked) for r in project.score_ranges] == ranges
    assert project.panels["clips"]["generator"] == "journey.sounding-still"
    assert project.panels["storyboard"]["generator"] == "builtin.title-card"
    assert project.panels["score"]["generator"] == "builtin.temp-score"
    assert clips.box.generator.generator_id() == "journey.sounding-still"
    assert [t.asset_id for t in score.takes] == ranges[0][2]
    with qtbot.waitSignals([score.analysed] * 3, timeout=TIMEOUT):  # its waveform is drawn
        score.take_list.setCurrentRow(0)
    assert score.views.peaks is not None
    assert_reel(project, MediaKind.VIDEO)

    # 10. Render: the timeline's frame count, and the mix's exact samples.
    from studio.ui.qt_interchange import show_render_dialog

    dialog = show_render_dialog(window.context)
    dialog.preset.setCurrentIndex(1)  # ProRes / PCM: sample-exact sound
    out = tmp_path / "cut.mov"
    dialog.path.setText(str(out))
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=TIMEOUT)
    with av.open(str(out)) as container:
        frames = sum(1 for _ in container.decode(video=0))
    with av.open(str(out)) as container:
        samples = sum(f.samples for f in container.decode(audio=0))
    duration = load_project(tmp_path / "Film.storyreel").project.duration
    assert frames == duration == project.duration
    assert samples == frames_to_samples(duration, 48000, Fraction(24))
    dialog.close()


def spans_or_none(project):
    return [(s.id, reel.span(project, s.id)) for s in project.shots]
