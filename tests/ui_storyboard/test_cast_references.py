"""The storyboard's fused prompt names the cast and references that go in, and says when the
chosen generator takes no pictures."""

from __future__ import annotations

from PIL import Image

from studio.model import Asset, ElementKind, MediaKind
from studio.workflows.cast import edits


def test_the_prompt_box_names_the_references_and_whether_they_are_used(panel, qtbot):
    session = panel.session
    project = session.project
    folder = session.doc.path
    (folder / "media").mkdir(exist_ok=True)
    Image.new("RGB", (32, 32)).save(folder / "media/keeper.png")
    still = Asset("a-keeper", MediaKind.IMAGE, "keeper", "media/keeper.png", 32, 32)
    assert session.apply(edits.add_element(project, ElementKind.CHARACTER, "keeper", "grey beard"))
    keeper = next(e for e in project.elements if e.name == "KEEPER")
    assert session.apply(edits.add_reference(project, keeper.id, still))
    panel.shots.setCurrentRow(0)  # "The keeper climbs the stairs"
    box = panel.box.prompt
    assert "KEEPER: grey beard" in box.text()
    assert "KEEPER (1)" in box.parts.text()

    panel.hub.when_ready(lambda _engine: panel._know_generators())
    qtbot.waitUntil(lambda: panel.box.generator.known, timeout=15000)
    panel.box.generator.choose("diffusers.image")
    assert "not used" not in box.parts.text()
    panel.box.generator.choose("builtin.title-card")  # draws text: no pictures
    assert "not used" in box.parts.text()
    panel.box.generator.choose("diffusers.image")
    assert "KEEPER (1)" in box.parts.text() and "not used" not in box.parts.text()
