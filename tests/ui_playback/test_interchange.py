"""File → Export OTIO… then Import OTIO as New Project… gives the same timeline; errors say why."""

from __future__ import annotations

from studio.ui import qt_interchange


def _timeline(project):
    names = {a.id: a.name for a in project.assets.values()}
    return [
        (t.kind, [(names.get(c.asset_id), c.start, c.duration, c.source_in) for c in t.clips])
        for t in project.tracks
        if t.clips
    ]


def test_export_then_import_through_the_menu_gives_the_same_timeline(
    editor, tmp_path, qtbot, monkeypatch
):
    before = _timeline(editor.session.project)
    otio_file = tmp_path / "cut.otio"
    dialogs = qt_interchange.QFileDialog
    monkeypatch.setattr(dialogs, "getSaveFileName", lambda *a, **k: (str(otio_file), ""))
    editor.actions["export_otio"].trigger()
    qtbot.waitUntil(lambda: "Exported" in editor.statusBar().currentMessage(), timeout=15000)
    assert otio_file.exists() and editor.statusBar().currentMessage() == "Exported cut.otio"

    folder = tmp_path / "Imported.storyreel"
    monkeypatch.setattr(dialogs, "getOpenFileName", lambda *a, **k: (str(otio_file), ""))
    monkeypatch.setattr(dialogs, "getSaveFileName", lambda *a, **k: (str(folder), ""))
    editor.actions["import_otio"].trigger()
    qtbot.waitUntil(lambda: editor.session.doc.path == folder, timeout=15000)
    assert _timeline(editor.session.project) == before
    assert before and any(clips for _, clips in before)


def test_a_broken_otio_file_is_refused_in_one_line(editor, tmp_path, qtbot, monkeypatch):
    broken = tmp_path / "broken.otio"
    broken.write_text("{ not json")
    warnings: list[tuple[str, str]] = []

    def warn(_parent, title: str, text: str) -> None:
        warnings.append((title, text))

    monkeypatch.setattr(qt_interchange.QMessageBox, "warning", warn)
    qt_interchange.import_otio_into_new_project(editor.context, broken, tmp_path / "New")
    qtbot.waitUntil(lambda: bool(warnings), timeout=15000)
    title, text = warnings[0]
    assert title == "Cannot import OTIO" and "\n" not in text and text
    assert editor.statusBar().currentMessage().startswith("Cannot import OTIO:")
    assert editor.session.doc.path.name == "Small.storyreel"  # the open project stays open


def test_what_an_import_approximated_is_shown_in_the_import_report(editor, tmp_path, qtbot):
    from pathlib import Path

    sample = Path(__file__).parent.parent / "data" / "third_party" / "otio" / "nested_example.otio"
    folder = tmp_path / "Nested.storyreel"
    qt_interchange.import_otio_into_new_project(editor.context, sample, folder)
    qtbot.waitUntil(lambda: "import_report" in editor.context.dialogs, timeout=15000)
    report = editor.context.dialogs["import_report"]
    assert editor.session.doc.path == folder and report.isVisible()
    text = report.text.toPlainText().splitlines()
    assert text == report.lines and any("time warp" in line for line in text)
    assert any("flattened" in line for line in text)
    assert "nested_example.otio" in report.windowTitle()
    report.close()
