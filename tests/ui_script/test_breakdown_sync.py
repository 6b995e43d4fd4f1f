"""Break down from the panel (one undo step, takes kept) and shot ↔ scene selection sync."""

from __future__ import annotations

from studio.model import Asset, MediaKind
from studio.model.edits import AddAsset, UpdateItem
from tests.ui_script.conftest import SAMPLE, set_script, type_text, wait_parsed


def break_down(qtbot, panel) -> None:
    """Trigger Break Down ▸ Whole Script and wait for its edit."""
    with qtbot.waitSignal(panel.session.changed, timeout=10000):
        panel.breakdown_action.trigger()


def storyboard(project):
    return next(t for t in project.tracks if t.name == "Storyboard")


def test_break_down_places_a_placeholder_per_shot_as_one_undo_step(qtbot, panel, window):
    session = window.session
    set_script(qtbot, panel, SAMPLE.read_text())
    before = session.doc.undo_label()
    break_down(qtbot, panel)
    project = session.project
    assert [s.heading for s in project.scenes] == [r.heading for r in panel.navigator.rows]
    clips = storyboard(project).clips
    assert [c.shot_id for c in clips] == [s.id for s in project.shots]
    assert all(c.duration > 0 for c in clips)
    assert clips[1].start == clips[0].start + clips[0].duration  # end to end, in script order
    assert session.doc.undo_label() == "Break down script"
    session.undo()  # one step takes all of it back
    assert project.scenes == [] and project.shots == []
    assert session.doc.undo_label() == before
    assert all(t.name != "Storyboard" or not t.clips for t in project.tracks)


def test_editing_the_script_and_breaking_down_again_keeps_generated_takes(qtbot, panel, window):
    session = window.session
    set_script(qtbot, panel, SAMPLE.read_text())
    break_down(qtbot, panel)
    shot = session.project.shots[2]  # the lamp room
    take = Asset("a-take", MediaKind.IMAGE, "lamp take", "media/lamp.png")
    assert session.apply(AddAsset(take))
    assert session.apply(UpdateItem("shots", shot.id, {"takes": ["a-take"], "picked": "a-take"}))
    # The writer adds a scene before it and lengthens the lamp room.
    lamp = panel.navigator.rows[2]
    panel.editor.go_to_line(lamp.start_line)
    type_text(qtbot, panel.editor, "INT. GALLERY - NIGHT\n\nWind howls at the glass.\n\n")
    panel.editor.go_to_line(lamp.start_line + 6)
    type_text(qtbot, panel.editor, "She counts to ten. The flame holds.\n\n")
    wait_parsed(qtbot, panel)
    break_down(qtbot, panel)
    project = session.project
    assert [s.heading for s in project.scenes][2:4] == [
        "INT. GALLERY - NIGHT",
        "INT. LAMP ROOM - CONTINUOUS",
    ]
    kept = next(s for s in project.shots if s.id == shot.id)
    assert kept.takes == ["a-take"] and kept.picked == "a-take"
    assert kept.scene_id == project.scenes[3].id
    assert "a-take" in project.assets


def test_selecting_a_shot_shows_its_scene_and_the_cursor_selects_its_clips(qtbot, panel, window):
    session = window.session
    set_script(qtbot, panel, SAMPLE.read_text())
    break_down(qtbot, panel)
    project = session.project
    clips = storyboard(project).clips
    # Timeline → editor: the third shot's clip is in the lamp room.
    session.select([clips[2].id])
    assert panel.editor.textCursor().block().text() == "INT. LAMP ROOM - CONTINUOUS"
    assert panel.navigator.scene_view.currentIndex().row() == 2
    assert session.selection == {clips[2].id}  # following the timeline selects nothing else
    # Editor → timeline: moving into the harbour scene selects its shot's clip.
    harbour = panel.navigator.rows[0]
    panel.editor.go_to_line(harbour.start_line + 2)
    assert session.selection == {clips[0].id}
    # Moving within the scene leaves the selection alone.
    session.select([])
    panel.editor.go_to_line(harbour.start_line + 4)
    assert session.selection == set()
