"""The asset bin finds by name at once and by meaning after a pause; filters; More like this."""

from __future__ import annotations

from studio.model import MediaKind


def wait_ranked(bin_, qtbot) -> None:
    qtbot.waitUntil(lambda: "ranked by meaning" in bin_.status.text(), timeout=10000)


def test_a_foggy_harbour_at_dawn_ranks_the_harbour_take_first(editor, qtbot):
    bin_ = editor.asset_bin
    bin_.search.setText("foggy harbour at dawn")
    assert bin_.visible_ids() == []  # no name matches it; the meaning comes after a pause
    wait_ranked(bin_, qtbot)
    shown = bin_.visible_ids()
    assert shown[0] == "harbour_warm"
    assert shown[1] == "harbour_cold"
    assert "kitchen" not in shown[:2]
    first = bin_.list.item(0).text()
    assert "% match" in first and first.startswith("harbour_warm.png")


def test_a_name_matches_at_once_and_an_empty_query_shows_everything(editor, qtbot):
    bin_ = editor.asset_bin
    bin_.search.setText("DESERT")
    assert bin_.visible_ids() == ["desert"]
    bin_.search.clear()
    assert len(bin_.visible_ids()) == 6
    assert bin_.status.isHidden()


def test_filters_narrow_both_searches(editor, qtbot):
    bin_ = editor.asset_bin
    bar = bin_.filter_bar
    bar.scene.setCurrentIndex(bar.scene.findData("sc1"))
    assert sorted(bin_.visible_ids()) == ["harbour_cold", "harbour_warm"]
    bin_.search.setText("a desert highway")
    wait_ranked(bin_, qtbot)
    assert "desert" not in bin_.visible_ids()
    bar.scene.setCurrentIndex(0)
    bar.kind.setCurrentIndex(bar.kind.findData(MediaKind.AUDIO))
    assert bin_.visible_ids() == []


def test_more_like_this_lists_the_nearest_assets(editor, qtbot):
    bin_ = editor.asset_bin
    bin_.more_like_this("harbour_warm")
    shown = bin_.visible_ids()
    assert "harbour_warm" not in shown
    assert shown[0] == "harbour_cold"
    assert "% similar" in bin_.list.item(0).text()
    assert "More like harbour_warm.png" in bin_.status.text()
    bin_.back.click()
    assert len(bin_.visible_ids()) == 6


def test_the_context_menu_offers_more_like_this(editor):
    bin_ = editor.asset_bin
    menu = bin_.context_menu("desert")
    action = next(a for a in menu.actions() if a.text() == "More like this")
    action.trigger()
    assert "More like desert.png" in bin_.status.text()
    assert "desert" not in bin_.visible_ids()


def test_results_that_arrive_after_the_query_changed_are_dropped(editor, qtbot):
    bin_ = editor.asset_bin
    bin_.search.setText("foggy harbour at dawn")
    bin_._ask_meaning()  # asked now, answered later...
    bin_.search.setText("DESERT")  # ...after the user typed a name
    qtbot.wait(300)
    assert bin_.visible_ids() == ["desert"]


def test_a_search_asked_after_the_window_closed_asks_nothing(editor, qtbot):
    """The bin's search timer fired after the window had closed and its engine stopped: the
    search raised in the event loop ("cannot schedule new futures after shutdown")."""
    closing = editor.generation.shutdown()
    closing.join(10)
    answers: list = []
    editor.taste.search("foggy harbour", None, answers.append)
    qtbot.wait(50)
    assert answers == []
