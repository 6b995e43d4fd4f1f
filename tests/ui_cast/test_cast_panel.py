"""The Cast & Places panel on a broken-down sample: cards, the graph, the strip of shots,
a description edit that re-fuses and marks takes, a frame used as a reference."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from studio.model import Asset, ElementKind, MediaKind
from studio.model.files import create_project
from studio.screenplay import parse
from studio.workflows.script.breakdown import break_down
from studio.workflows.storyboard.storyboard import place_take

SAMPLE = Path(__file__).resolve().parents[2] / "resources" / "sample" / "sample.fountain"


@pytest.fixture
def panel(qtbot, tmp_path):
    from studio.ui.cast.qt_panel import CastPanel
    from studio.ui.qt_media_pictures import MediaPictures
    from studio.ui.qt_session import EditSession
    from studio.ui.qt_workers import BackgroundWork

    doc = create_project(tmp_path / "Film")
    text = SAMPLE.read_text()
    assert break_down(doc, parse(text), script_text=text)
    (doc.path / "media").mkdir(exist_ok=True)
    Image.new("RGB", (64, 36), (180, 60, 40)).save(doc.path / "media/take.png")
    take = Asset("a-take", MediaKind.IMAGE, "take", "media/take.png", 64, 36)
    assert doc.apply(place_take(doc.project, doc.project.shots[1].id, take))
    work = BackgroundWork("media", 1)
    pictures = MediaPictures(work)
    pictures.set_project_folder(doc.path)
    panel = CastPanel(pictures)
    qtbot.addWidget(panel)
    work.setParent(panel)  # kept alive as long as the panel, as the window keeps its own
    pictures.setParent(panel)
    session = EditSession(doc)
    panel.set_session(session)
    panel.resize(900, 500)
    panel.show()
    return panel


def card_names(panel):
    return [panel.cards.item(r).text().split("\n")[0] for r in range(panel.cards.count())]


def test_cards_and_graph_show_the_cast_and_places(panel):
    assert card_names(panel) == ["MIRA", "HARBOUR", "LIGHTHOUSE - STAIRWELL", "LAMP ROOM", "SEA"]
    graph_labels = {
        item.toPlainText() for item in panel.graph.scene().items() if hasattr(item, "toPlainText")
    }
    assert {"MIRA", "SEA", "Shot 1", "Shot 4"} <= graph_labels
    sea = next(e for e in panel.project.elements if e.name == "SEA")
    panel.graph.element_clicked.emit(sea.id)
    assert panel.current().name == "SEA"


def test_the_strip_shows_every_shot_of_the_element(panel):
    panel.select_element(panel.project.elements[0].id)  # MIRA: shots 1, 2, 3
    labels = [panel.appearances.item(r).text() for r in range(panel.appearances.count())]
    assert labels == ["Shot 1", "Shot 2", "Shot 3"]
    assert "Fused prompt" in panel.prompt.text()


def test_a_description_refuses_prompts_and_marks_takes_out_of_date(panel):
    mira = panel.project.elements[0]
    panel.select_element(mira.id)
    panel.description.setPlainText("a girl in a yellow oilskin coat")
    panel.describe_button.click()
    assert mira.description == "a girl in a yellow oilskin coat"
    assert panel.project.shots[1].outdated == ["a-take"]
    panel.appearances.setCurrentRow(1)
    assert "MIRA: a girl in a yellow oilskin coat" in panel.prompt.text()
    assert "out of date" in panel.appearances.item(1).text()
    assert "1 shot(s) show a take made before" in panel.note.text()
    panel.session.undo()
    assert panel.project.shots[1].outdated == []


def test_use_this_frame_as_a_reference_and_add_a_prop(panel):
    mira = panel.project.elements[0]
    panel.select_element(mira.id)
    panel.appearances.setCurrentRow(1)  # shot 2 has a take
    panel.use_frame_button.click()
    assert mira.references == ["a-take"]
    assert panel.references.count() == 1 and panel.references.item(0).text().startswith("Main")
    assert "References</b>: MIRA (1)" in panel.prompt.text()
    panel.add_prop("lantern", "a brass lantern")
    lantern = next(e for e in panel.project.elements if e.name == "LANTERN")
    assert lantern.kind is ElementKind.PROP and lantern.scenes


def test_a_project_broken_down_before_the_graph_gets_one(qtbot, tmp_path):
    from studio.ui.cast.qt_panel import CastPanel
    from studio.ui.qt_media_pictures import MediaPictures
    from studio.ui.qt_session import EditSession
    from studio.ui.qt_workers import BackgroundWork

    doc = create_project(tmp_path / "Old")
    text = SAMPLE.read_text()
    assert break_down(doc, parse(text), script_text=text)
    doc.project.elements.clear()  # as a project saved before the graph loads
    work = BackgroundWork("media", 1)
    pictures = MediaPictures(work)
    panel = CastPanel(pictures)
    qtbot.addWidget(panel)
    work.setParent(panel)
    pictures.setParent(panel)
    panel.set_session(EditSession(doc))
    assert "MIRA" in {e.name for e in doc.project.elements}
    assert card_names(panel) == []  # hidden: nothing drawn yet
    panel.show()
    assert "MIRA" in card_names(panel)


def test_the_storyboards_take_strip_marks_out_of_date_takes(panel, qtbot):
    from studio.ui.shots.qt_take_strip import TakeStrip
    from studio.workflows.cast import edits

    project = panel.project
    shot = project.shots[1]
    strip = TakeStrip(panel.pictures)
    qtbot.addWidget(strip)
    strip.show_takes(project, shot, shot.picked)
    assert strip.item(0).text() == "✓ Take 1"
    assert panel.session.apply(edits.describe(project, project.elements[0].id, "red coat"))
    strip.show_takes(project, shot, shot.picked)
    assert strip.item(0).text() == "✓ Take 1 ⚠" and "Out of date" in strip.item(0).toolTip()


def test_crop_a_reference_from_a_shots_frame(panel, qtbot):
    from PySide6.QtCore import QRect

    mira = panel.project.elements[0]
    panel.select_element(mira.id)
    panel.appearances.setCurrentRow(1)
    panel.crop_button.click()
    qtbot.waitUntil(lambda: panel.crop_dialog is not None, timeout=15000)
    dialog = panel.crop_dialog
    scale = dialog.scale  # 64x36 shown 640x360
    dialog.select(QRect(round(8 / scale), round(4 / scale), round(32 / scale), round(24 / scale)))
    assert dialog.crop() == (8, 4, 32, 24)
    dialog.accept()
    qtbot.waitUntil(lambda: len(mira.references) == 1, timeout=15000)
    asset = panel.project.assets[mira.references[0]]
    assert (asset.width, asset.height) == (32, 24) and asset.path.startswith("media/")


def test_the_panel_asks_for_little_height_so_the_timeline_below_keeps_its_room(panel):
    assert panel.minimumSizeHint().height() < 250


def test_a_hidden_panel_redraws_when_seen_not_on_every_edit(panel):
    from studio.workflows.cast import edits

    panel.hide()
    assert panel.session.apply(edits.add_element(panel.project, ElementKind.PROP, "net"))
    assert "NET" not in card_names(panel)
    panel.show()
    assert "NET" in card_names(panel)
