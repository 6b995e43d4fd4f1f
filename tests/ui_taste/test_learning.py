"""Picks from the session teach the ranking; pause stops recording and clear forgets."""

from __future__ import annotations

from studio.taste.signals import SignalKind
from studio.workflows.storyboard.storyboard import pick_take


def pick(window, asset_id: str) -> None:
    project = window.session.project
    assert window.session.apply(pick_take(project, "s1", asset_id))


def test_a_pick_in_the_session_is_recorded_and_reorders_the_takes(editor, qtbot):
    taste = editor.taste
    before = taste.rank(["harbour_warm", "harbour_cold"])
    assert [r.score for r in before] == [0.0, 0.0]
    with qtbot.waitSignal(taste.ranking_changed, timeout=10000):
        pick(editor, "harbour_cold")
    (signal,) = taste.log.project_signals()
    assert (signal.kind, signal.asset, signal.others) == (
        SignalKind.PICK,
        "harbour_cold",
        ("harbour_warm",),
    )
    after = taste.rank(["harbour_warm", "harbour_cold"])
    assert after[0].asset == "harbour_cold" and after[0].score > after[1].score
    assert after[0].reason == "similar to takes you kept in scene 1"


def test_undo_and_new_takes_are_not_picks(editor, qtbot):
    pick(editor, "harbour_cold")
    editor.session.undo()
    qtbot.wait(50)
    assert [s.kind for s in editor.taste.log.project_signals()] == [SignalKind.PICK]


def test_a_take_dropped_from_its_shot_is_a_discard(editor):
    from studio.model.edits import UpdateItem

    editor.session.apply(UpdateItem("shots", "s1", {"takes": ["harbour_warm"]}))
    (signal,) = editor.taste.log.project_signals()
    assert (signal.kind, signal.asset, signal.others) == (
        SignalKind.DISCARD,
        "harbour_cold",
        ("harbour_warm",),
    )


def test_pause_stops_recording_and_clear_empties_the_log(editor, qtbot):
    taste = editor.taste
    menu = editor.context.taste_menu
    menu.sync()
    menu.pause.trigger()  # the menu's checkbox, as the user ticks it
    assert taste.paused
    pick(editor, "harbour_cold")
    assert taste.log.project_signals() == [] and taste.log.profile_signals() == []
    menu.pause.trigger()
    assert not taste.paused
    assert taste.record_favourite("desert")
    assert len(taste.log.project_signals()) == 1 and len(taste.log.profile_signals()) == 1
    taste.clear_project()
    assert taste.log.project_signals() == []
    assert len(taste.log.profile_signals()) == 1  # the profile is cleared on its own
    taste.clear_profile()
    assert taste.log.profile_signals() == []


def test_signals_are_kept_before_the_engine_starts(window, project_folder, qtbot):
    assert window.open_project(project_folder)
    assert window.taste.taste is None  # nothing has asked for the engine yet
    assert window.taste.rank(["harbour_warm", "harbour_cold"])[0].asset == "harbour_warm"
    pick(window, "harbour_cold")
    assert len(window.taste.log.project_signals()) == 1
    window.taste.start()
    qtbot.waitUntil(lambda: window.taste.ready, timeout=30000)
    assert window.taste.rank(["harbour_warm", "harbour_cold"])[0].asset == "harbour_cold"


def test_the_panels_take_strips_list_the_best_guess_first_with_its_reason(editor, qtbot):
    from studio.ui.shots.qt_take_strip import TakeStrip

    strips = editor.findChildren(TakeStrip)
    assert len(strips) == 2  # the storyboard's and the clips panel's
    project = editor.session.project
    shot = project.item("shots", "s1")
    strip = strips[0]
    strip.show_takes(project, shot, None)
    assert strip.take_ids() == ["harbour_warm", "harbour_cold"]  # nothing learned: by age
    with qtbot.waitSignal(editor.taste.ranking_changed, timeout=10000):
        pick(editor, "harbour_cold")
    # The strip showed itself again when the ranking learned from the pick.
    assert strip.take_ids() == ["harbour_cold", "harbour_warm"]
    best = strip.item(0)
    assert "★ Take 2" in best.text()
    assert "Suggested: similar to takes you kept in scene 1" in best.toolTip()


def test_a_refresh_after_the_engine_stopped_is_dropped_quietly(editor, qtbot):
    """The re-embed timer could fire after the window closed and submit to a stopped pool."""
    taste = editor.taste
    taste.start()
    qtbot.waitUntil(lambda: taste.ready, timeout=30000)
    taste.taste.engine.close()
    taste.refresh()  # once raised "cannot schedule new futures after shutdown"
    assert not taste._refreshing
