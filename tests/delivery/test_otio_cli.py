"""`storyreel new --from`: files that hold no timeline are refused in one line; what an import
dropped or approximated is printed, one line each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from studio.cli import main

SAMPLES = Path(__file__).parent.parent / "data" / "third_party" / "otio"

NOT_TIMELINES = {
    "subtitles": None,  # OTIO's own srt_example.otio: a Subtitles object, unknown to OTIO
    "lone object": {"OTIO_SCHEMA": "SerializableObject.1"},
    "object with metadata": {"OTIO_SCHEMA": "SerializableObjectWithMetadata.1", "metadata": {}},
    "a time": {"OTIO_SCHEMA": "RationalTime.1", "rate": 24, "value": 1},
    "a track": {"OTIO_SCHEMA": "Track.1", "name": "V", "kind": "Video", "children": []},
    "timeline with null tracks": {"OTIO_SCHEMA": "Timeline.1", "tracks": None},  # crashed OTIO
    "timeline without tracks": {"OTIO_SCHEMA": "Timeline.1"},
}


@pytest.mark.parametrize("case", NOT_TIMELINES)
def test_a_file_that_holds_no_timeline_is_refused_in_one_line(case, tmp_path, capsys):
    if NOT_TIMELINES[case] is None:
        source = SAMPLES / "srt_example.otio"
    else:
        source = tmp_path / "cut.otio"
        source.write_text(json.dumps(NOT_TIMELINES[case]))
    assert main(["new", str(tmp_path / "Film"), "--from", str(source)]) == 1
    err = capsys.readouterr().err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert "unexpected" not in lines[0] and "timeline" in lines[0]
    assert not (tmp_path / "Film.storyreel").exists()


def test_what_was_approximated_is_printed_one_line_each(tmp_path, capsys):
    film = tmp_path / "Film"
    assert main(["new", str(film), "--from", str(SAMPLES / "nested_example.otio")]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == str(film) + ".storyreel"
    lines = err.strip().splitlines()
    assert lines and all(line.startswith("warning: ") for line in lines)
    assert any("time warp" in line for line in lines)
    assert any("freeze frame" in line for line in lines)
    assert any("nested stack" in line and "flattened" in line for line in lines)
