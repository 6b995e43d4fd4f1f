"""`storyreel render` and `storyreel export` from the command line."""

from __future__ import annotations

import av
import opentimelineio as otio

from studio.cli import main
from studio.model.files import save_project

from .conftest import add_asset, make_project, place


def saved_cut(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 48)
    place(doc, "A1", add_asset(doc, signals["tone"]), 0, 48)
    save_project(doc)
    return doc


def test_render_with_range_and_size(tmp_path, signals, capsys):
    doc = saved_cut(tmp_path, signals)
    out = tmp_path / "part.mp4"
    args = ["render", str(doc.path), "--out", str(out), "--range", "0.5", "1.5", "--size", "80x46"]
    assert main(args) == 0
    assert capsys.readouterr().out.strip() == str(out)
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        assert sum(1 for _ in container.decode(stream)) == 24
        assert (stream.codec_context.width, stream.codec_context.height) == (80, 46)


def test_render_errors_are_one_line(tmp_path, signals, capsys):
    doc = saved_cut(tmp_path, signals)
    assert main(["render", str(doc.path), "--out", str(tmp_path / "x.avi")]) == 1
    assert main(["render", str(doc.path), "--out", str(tmp_path / "x.mp4"), "--range", "2", "1"])
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(line.startswith("storyreel render: ") for line in err)
    assert not list(tmp_path.glob("x.*"))


def test_export_writes_otio(tmp_path, signals, capsys):
    doc = saved_cut(tmp_path, signals)
    out = tmp_path / "cut.otio"
    assert main(["export", str(doc.path), "--out", str(out)]) == 0
    timeline = otio.adapters.read_from_file(str(out))
    assert len(list(timeline.find_clips())) == 2
    assert main(["export", str(doc.path), "--out", str(tmp_path / "cut.xml")]) == 1


def test_new_from_otio_round_trips_through_the_command_line(tmp_path, signals, capsys):
    import json

    doc = saved_cut(tmp_path, signals)
    out = tmp_path / "cut.otio"
    assert main(["export", str(doc.path), "--out", str(out)]) == 0
    assert main(["new", str(tmp_path / "copy"), "--from", str(out)]) == 0
    capsys.readouterr()
    assert main(["info", str(tmp_path / "copy.storyreel"), "--json"]) == 0
    copy = json.loads(capsys.readouterr().out)
    assert main(["info", str(doc.path), "--json"]) == 0
    original = json.loads(capsys.readouterr().out)
    assert copy["tracks"] == original["tracks"] and copy["offline"] == []
    assert main(["new", str(tmp_path / "other"), "--from", str(tmp_path / "none.otio")]) == 1
    assert "no such file" in capsys.readouterr().err
