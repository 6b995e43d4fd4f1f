"""The Script panel's Voices menu in the real main window: cast a voice per character (hear
a sample), voice the whole script onto the Dialogue track, time the shots to it, undo."""

from __future__ import annotations

import pytest

from studio.engine import discover
from studio.model.edits import TrimClip
from studio.model.entities import DIALOGUE_TRACKS
from studio.settings import SettingsFile
from studio.ui.qt_generation import install_generation
from studio.workflows.reel import reel
from studio.workflows.voices import voices
from studio.workflows.voices.dialogue import LineState, plan_lines
from tests.ui_script.conftest import set_script
from tests.voices.helpers import SCRIPT

pytestmark = pytest.mark.slow
TIMEOUT = 60000


def test_cast_voice_and_time_the_script_from_the_script_panel(qtbot, panel, window, tmp_path,
                                                              tiny_vits):  # fmt: skip
    registry = discover(repo_dir=True, user_dirs=[], entry_points=False,
                        settings=SettingsFile(tmp_path / "settings.json"))  # fmt: skip
    install_generation(window.context, registry)
    set_script(qtbot, panel, SCRIPT)
    panel.break_down()
    qtbot.waitUntil(lambda: len(panel.session.project.shots) == 2, timeout=5000)
    project = panel.session.project

    panel.voices.open_cast()
    dialog = panel.voices.dialog
    assert list(dialog.rows) == ["MIRA", "JONAH"]
    for n, row in enumerate(dialog.rows.values()):
        row["model"].setText(str(tiny_vits))
        row["speaker"].setValue(n + 1)
    dialog.hear("JONAH")  # a sample in the row's voice, played; nothing lands
    qtbot.waitUntil(lambda: "Playing the sample" in dialog.status.text(), timeout=TIMEOUT)
    assert project.assets == {}
    dialog.apply()
    assert {v.id: v.params["speaker"] for v in project.voices} == {"MIRA": 1, "JONAH": 2}

    panel.voices.voice_script()
    qtbot.waitUntil(lambda: len(project.lines) == 6, timeout=TIMEOUT)
    qtbot.waitUntil(lambda: len(voices.dialogue_clips(project)) == 6, timeout=TIMEOUT)
    assert all(p.state is LineState.CURRENT for p in plan_lines(project))
    assert {project.track_of(c.id).name for c in voices.dialogue_clips(project)} == set(
        DIALOGUE_TRACKS
    )  # the dual line on the second track
    assert reel.layout_problems(project) == []

    first = reel.span_clip(project, project.shots[0].id)
    assert panel.session.apply(TrimClip(first.id, "end", first.start + 6))
    before = [reel.span(project, s.id) for s in project.shots]
    panel.voices.fit_shots()
    after = [reel.span(project, s.id) for s in project.shots]
    assert after[0][1] - after[0][0] > 6 and reel.layout_problems(project) == []
    assert "Grew" in panel.notice.text()
    panel.session.undo()  # one step
    assert [reel.span(project, s.id) for s in project.shots] == before
