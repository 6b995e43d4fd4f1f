"""The one generator picker: listed without imports, greyed with why, remembered per project."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from studio.engine import discover
from studio.errors import UserError
from studio.model.files import create_project
from studio.plugins.api import Kind
from studio.settings import SettingsFile
from studio.ui.qt_generator_picker import GeneratorPicker
from studio.ui.qt_session import EditSession

MANIFEST = """
api_version = "1.4"

[[generator]]
id = "test.still"
name = "Still"
version = "1.0"
output = "image"
entry = ".:Still"

[[generator]]
id = "test.painter"
name = "Painter"
version = "1.0"
output = "image"
accepts = ["image"]
entry = ".:Painter"

[[generator]]
id = "test.movie"
name = "Movie"
version = "1.0"
output = "video"
entry = ".:Movie"
"""

CODE = """
from pydantic import BaseModel

from studio.plugins.api import Generator, Kind


class Params(BaseModel):
    steps: int = 4


class Still(Generator):
    id, name, output, api_version, Params = "test.still", "Still", Kind.IMAGE, "1.4", Params

    def generate(self, request, ctx):
        raise RuntimeError


class Painter(Still):
    id, name, accepts = "test.painter", "Painter", (Kind.IMAGE,)


class Movie(Still):
    id, name, output = "test.movie", "Movie", Kind.VIDEO
"""

BROKEN = """
api_version = "1.4"

[[generator]]
id = "test.moon"
name = "Moon"
version = "1.0"
output = "image"
entry = ".:Moon"
"""


@pytest.fixture
def registry(tmp_path):
    folder = tmp_path / "plugins"
    for name, manifest, code in (
        ("good", MANIFEST, CODE),
        ("moon", BROKEN, 'raise ImportError("needs the moon")\n'),
    ):
        (folder / name).mkdir(parents=True)
        (folder / name / "__init__.py").write_text(code)
        (folder / name / "storyreel-plugin.toml").write_text(manifest)
    registry = discover(
        repo_dir=folder,
        user_dirs=[],
        entry_points=False,
        settings=SettingsFile(tmp_path / "settings.json"),
        isolate=False,
    )
    registry.set_enabled("test.movie", False)
    return registry


def importer(registry, asked: list):
    """The hub's contract, done at once: import each, a failure marks it broken."""

    def run(ids, then) -> None:
        asked.extend(ids)
        for generator_id in ids:
            try:
                registry.get(generator_id)
            except UserError:
                pass
        then()

    return run


def offered(picker) -> dict[str, bool]:
    """{generator id: enabled} as the combo lists them."""
    model = picker.combo.model()
    return {
        picker.combo.itemData(i): model.item(i).isEnabled() for i in range(picker.combo.count())
    }


def test_generators_are_listed_by_kind_without_importing_them(registry, qtbot):
    images = GeneratorPicker(Kind.IMAGE, "test.painter")
    qtbot.addWidget(images)
    assert images.generator_id() == "test.painter"  # before plugins are known: the default
    asked: list[str] = []
    images.set_registry(registry, importer(registry, asked))
    assert offered(images) == {"test.painter": True, "test.still": True, "test.moon": True}
    assert asked == ["test.painter"]  # only the chosen one is imported
    assert not registry.record("test.still").imported
    assert images.form is not None and images.params().steps == 4

    painters = GeneratorPicker(Kind.IMAGE, accepts=Kind.IMAGE)
    qtbot.addWidget(painters)
    painters.set_registry(registry, importer(registry, []))
    assert list(offered(painters)) == ["test.painter"]

    videos = GeneratorPicker(Kind.VIDEO, "test.movie")
    qtbot.addWidget(videos)
    videos.set_registry(registry, importer(registry, []))
    assert offered(videos) == {"test.movie": False}  # disabled: greyed, with why
    tip = videos.combo.itemData(0, Qt.ItemDataRole.ToolTipRole)
    assert "Plugins" in tip and "disabled" in videos.combo.itemText(0)
    assert not videos.choose("test.movie")  # shown, with why, but it cannot run
    assert "disabled" in videos.note.text() and "disabled" in videos.why_not()
    answers = []
    videos.when_loaded(answers.append)
    assert answers == [None] and videos.form is None


def test_a_plugin_whose_import_fails_is_greyed_with_why(registry, qtbot):
    picker = GeneratorPicker(Kind.IMAGE, "test.still")
    qtbot.addWidget(picker)
    picker.set_registry(registry, importer(registry, []))
    with qtbot.waitSignal(picker.chosen) as chosen:
        assert picker.choose("test.moon")  # listed from its manifest: not known broken yet
    assert chosen.args == ["test.moon"]
    assert picker.form is None and picker.generator() is None
    assert "needs the moon" in picker.note.text()
    assert offered(picker)["test.moon"] is False
    assert "needs the moon" in picker.why_not()
    assert not picker.choose("test.moon")
    answers = []
    picker.when_loaded(answers.append)
    assert answers == [None]


def test_the_choice_and_its_parameters_are_remembered_with_the_project(registry, qtbot, tmp_path):
    doc = create_project(tmp_path / "Film")
    session = EditSession(doc)
    picker = GeneratorPicker(Kind.IMAGE, "test.painter", memory="storyboard")
    qtbot.addWidget(picker)
    picker.set_session(session)
    picker.set_registry(registry, importer(registry, []))
    assert picker.choose("test.still")
    picker.form.set_values({"steps": 9})
    before = doc.revision
    picker.remember(picker.params())
    assert doc.project.panels["storyboard"] == {
        "generator": "test.still",
        "params": {"steps": 9},
    }
    assert doc.revision == before + 1 and not doc.can_undo()  # saved with it, no undo step

    again = GeneratorPicker(Kind.IMAGE, "test.painter", memory="storyboard")
    qtbot.addWidget(again)
    again.set_session(session)
    again.set_registry(registry, importer(registry, []))
    assert again.generator_id() == "test.still" and again.params().steps == 9
