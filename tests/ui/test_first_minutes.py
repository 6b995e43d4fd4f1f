"""What a first-time user meets: Getting Started, and hints where there is nothing yet."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage

from studio.media import synth
from studio.model.files import create_project
from studio.workflows.importer import import_files
from tests.ui_window import shown_window


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "home"))
    window = shown_window(qtbot)
    window.set_document(create_project(tmp_path / "Empty"))
    yield window
    window.close()


def test_help_has_getting_started(window):
    help_menu = window.actions.menu("help")
    action = next(a for a in help_menu.actions() if "Getting Started" in a.text())
    action.trigger()
    text = window.context.dialogs["getting_started"].text.toPlainText()
    assert "Break Down" in text and "Three things to try" in text and "models come from" in text


def _ink_in_middle(widget) -> int:
    """Light pixels in the middle of a widget, where the hints are written."""
    image: QImage = widget.grab().toImage()
    w, h = image.width(), image.height()
    return sum(
        image.pixelColor(x, y).lightness() > 110
        for y in range(h * 2 // 5, h * 3 // 5)
        for x in range(w // 3, w * 2 // 3, 2)
    )


def test_an_empty_bin_and_timeline_say_what_to_do(window, tmp_path):
    bin_list, canvas = window.asset_bin.list, window.timeline.canvas
    assert bin_list.count() == 0 and "Import Media" in bin_list.EMPTY_HINT
    hinted = (_ink_in_middle(bin_list.viewport()), _ink_in_middle(canvas))
    assert min(hinted) > 10
    card = synth.write_card(tmp_path / "card.png", (64, 36), "A")
    import_files(window.session.doc, [card], at_frame=0)
    assert bin_list.count() == 1
    assert _ink_in_middle(canvas) < hinted[1] // 4  # a timeline with a clip has no hint


def test_a_drag_from_the_bin_shows_a_thumbnail_not_the_row(window, tmp_path, qtbot, monkeypatch):
    from studio.ui import qt_asset_bin

    card = synth.write_card(tmp_path / "card.png", (64, 36), "A")
    import_files(window.session.doc, [card], at_frame=0)
    bin_list = window.asset_bin.list
    qtbot.waitUntil(lambda: not bin_list.item(0).icon().isNull(), timeout=10000)
    shown = []

    class Drag(qt_asset_bin.QDrag):
        def exec(self, *_args):  # record the picture instead of a blocking drag
            shown.append(self.pixmap().size())
            return 0

    monkeypatch.setattr(qt_asset_bin, "QDrag", Drag)
    bin_list.setCurrentRow(0)
    bin_list.startDrag(qt_asset_bin.Qt.DropAction.CopyAction)
    (size,) = shown
    assert size.width() <= bin_list.iconSize().width() < bin_list.width()


def test_the_score_panel_and_the_timeline_show_together(window, qtbot):
    qtbot.waitUntil(lambda: "Score" in window.docks, timeout=10000)
    window.docks["Score"].show()
    window.docks["Score"].raise_()
    qtbot.wait(10)
    assert window.docks["Score"].isVisible() and not window.docks["Score"].visibleRegion().isEmpty()
    assert not window.docks["Timeline"].visibleRegion().isEmpty()  # still in view
    assert window.tabifiedDockWidgets(window.docks["Timeline"]) == []


def test_a_built_sample_opens_at_once_without_a_worker_round_trip(qtbot, tmp_path, monkeypatch):
    """Most starts find the sample built: it opened only after a worker process had started
    and answered (seconds); now at once."""
    from studio.sample_project import ensure_sample_project

    monkeypatch.setenv("STORYREEL_HOME", str(tmp_path / "fresh-home"))
    built = ensure_sample_project()  # an earlier start built it
    window = shown_window(qtbot)
    try:
        window.open_sample()
        assert window.session.doc.path == built  # opened before open_sample returned
        assert len(window.session.project.shots) == 6
    finally:
        window.close()


def test_the_score_plots_are_built_only_when_the_panel_is_seen(window, qtbot):
    """Installing the Score dock showed it for a moment before it was tabbed away, and that
    built its plots (importing pyqtgraph, a quarter of a second) during start-up."""
    qtbot.waitUntil(lambda: "Score" in window.docks, timeout=10000)
    score = window.docks["Score"].widget()
    qtbot.wait(50)
    assert score.views is None  # behind the Media tab: not seen, not built
    window.docks["Score"].raise_()
    qtbot.waitUntil(lambda: score.views is not None, timeout=5000)
