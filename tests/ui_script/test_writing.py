"""Writing actions with the tiny random Llama: streamed suggestion, accept, discard, cancel."""

from __future__ import annotations

import pytest

from studio.engine import discover
from studio.engine.jobs import JobState
from studio.settings import SettingsFile
from studio.ui.qt_generation import install_generation
from tests.ui_script.conftest import set_script

SCENE = "INT. LAB - NIGHT\n\nDr. Vale stares at the screen.\n\nVALE\nIt's moving.\n"

pytestmark = pytest.mark.slow


@pytest.fixture
def writer(qtbot, panel, window, tmp_path, tiny_llama):
    settings = SettingsFile(tmp_path / "settings.json")
    registry = discover(repo_dir=True, user_dirs=[], entry_points=False, settings=settings)
    install_generation(window.context, registry)
    set_script(qtbot, panel, SCENE)
    panel.editor.go_to_line(5)
    # Sampling: the random weights' likeliest tokens are mostly blanks, which strip to nothing.
    panel.writer.params = {"model": str(tiny_llama), "temperature": 1.0, "top_p": 1.0}
    return panel.writer


def run_to_end(qtbot, writer, start, tokens: int = 48) -> list[str]:
    """Start a writing action; return the suggestion box's texts while it streamed."""
    writer.params.update(max_tokens=tokens, min_tokens=tokens)
    seen: list[str] = []
    writer.box.text.textChanged.connect(lambda: seen.append(writer.box.text.toPlainText()))
    start()
    qtbot.waitUntil(lambda: writer.job is not None and writer.job.state.finished, timeout=60000)
    assert writer.job.state is JobState.DONE, writer.job.error
    qtbot.waitUntil(lambda: writer.box.accept_button.isEnabled(), timeout=5000)
    return seen


def test_continue_streams_into_the_suggestion_and_accept_is_one_undoable_edit(
    qtbot, writer, window
):
    doc = window.session.doc
    seen = run_to_end(qtbot, writer, writer.continue_scene, tokens=160)
    answer = writer.box.text.toPlainText()
    assert answer.strip()
    partial = [t for t in seen if t.startswith("…")]
    assert partial and len(seen) >= 2  # it arrived in pieces while the model wrote
    assert doc.project.script.text == SCENE  # nothing changes before accepting
    writer.box.accept_button.click()
    assert doc.undo_label() == "Write: Continue the scene"
    # A new paragraph after the line the cursor was on.
    assert doc.project.script.text == SCENE.rstrip("\n") + "\n\n" + answer.strip() + "\n"
    assert writer.box.isHidden()
    window.session.undo()
    assert doc.project.script.text == SCENE
    assert writer.panel.editor.toPlainText() == SCENE


def test_discard_changes_nothing(qtbot, writer, window):
    doc = window.session.doc
    label = doc.undo_label()
    writer.panel.editor.selectAll()
    writer.rewrite_selection("in fewer words")
    run_to_end(qtbot, writer, lambda: None)
    writer.box.discard_button.click()
    assert (doc.project.script.text, doc.undo_label()) == (SCENE, label)
    assert writer.box.isHidden()


def test_stop_cancels_the_job_within_moments_and_changes_nothing(qtbot, writer, window):
    doc = window.session.doc
    writer.params.update(max_tokens=4000, min_tokens=4000)
    writer.write_logline()
    qtbot.waitUntil(lambda: writer.box.text.toPlainText() != "", timeout=60000)
    job = writer.job
    writer.box.cancel_button.click()
    qtbot.waitUntil(lambda: job.state.finished, timeout=10000)
    assert job.state is JobState.CANCELLED
    assert job.ended - job.cancel_requested_at < 2.0
    qtbot.waitUntil(lambda: "Stopped" in writer.box.status.text(), timeout=5000)
    assert not writer.box.accept_button.isEnabled()
    assert doc.project.script.text == SCENE
