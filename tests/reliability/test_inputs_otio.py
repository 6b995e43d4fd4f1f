"""Hostile OpenTimelineIO files: archive bombs, JSON that is no timeline, system files and
URLs as media references."""

from __future__ import annotations

import json
import tracemalloc
import zipfile
from pathlib import Path

import opentimelineio as otio
import pytest

from studio.errors import UserError
from studio.media import otio_io
from studio.media.otio_io import new_project_from_otio, read_timeline
from studio.model.files import load_project
from tests.reliability.cli_run import one_line_error, storyreel


def timeline_with(*urls: str) -> otio.schema.Timeline:
    track = otio.schema.Track(kind=otio.schema.TrackKind.Video)
    for n, url in enumerate(urls):
        track.append(
            otio.schema.Clip(
                name=f"shot{n}",
                media_reference=otio.schema.ExternalReference(target_url=url),
                source_range=otio.opentime.TimeRange(
                    otio.opentime.RationalTime(0, 24), otio.opentime.RationalTime(48, 24)
                ),
            )
        )
    timeline = otio.schema.Timeline(name="cut")
    timeline.tracks.append(track)
    return timeline


def write(timeline, path: Path) -> Path:
    otio.adapters.write_to_file(timeline, str(path))
    return path


def test_an_otioz_that_inflates_past_the_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    bomb = tmp_path / "cut.otioz"
    text = otio.adapters.write_to_string(timeline_with("a.mp4"))
    with (
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("content.otio", "w") as member,
    ):
        member.write(text.encode())
        for _ in range(64):
            member.write(b" " * 2**20)  # 64 MB of padding, about 64 KB compressed
    assert bomb.stat().st_size < 1_000_000
    monkeypatch.setattr(otio_io, "MAX_OTIO_BYTES", 8 * 2**20)
    tracemalloc.start()
    try:
        with pytest.raises(UserError, match="inflate to 64 MB"):
            read_timeline(bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 2**20  # nothing was inflated


@pytest.mark.parametrize(
    "content",
    ['{"name": "not a timeline"}', "[1, 2, 3]", '{"OTIO_SCHEMA": "Timeline.1", "tracks": 5}'],
)
def test_json_that_is_no_timeline_gives_one_line(tmp_path, content):
    bad = tmp_path / "cut.otio"
    bad.write_text(content)
    line = one_line_error(storyreel("new", tmp_path / "Film", "--from", bad))
    assert "cut.otio" in line and ("not" in line or "cannot read" in line)
    assert not (tmp_path / "Film.storyreel").exists()


def test_a_system_file_as_media_stays_offline_and_is_not_kept_as_a_path(tmp_path):
    system = Path("/etc/passwd")
    if not system.is_file():
        pytest.skip("needs /etc/passwd")
    cut = write(timeline_with(str(system), system.as_uri(), "/dev/zero"), tmp_path / "cut.otio")
    doc = new_project_from_otio(tmp_path / "Film", cut)
    reloaded = load_project(doc.path)
    assert reloaded.project.assets
    for asset in reloaded.project.assets.values():
        assert asset.offline, asset
        assert not Path(asset.path).is_absolute(), asset.path  # not /etc/passwd, /dev/zero


def test_an_http_url_stays_a_url_offline_with_a_message(tmp_path):
    url = "http://media.example.com/shots/shot%201.mp4"
    cut = write(timeline_with(url), tmp_path / "cut.otio")
    imported = otio_io.import_otio(cut, tmp_path / "Film.storyreel")
    (asset,) = imported.project.assets.values()
    assert asset.path == url and asset.offline
    assert any(url in w and "remote" in w for w in imported.warnings)
    doc = new_project_from_otio(tmp_path / "Film", cut)
    (asset,) = load_project(doc.path).project.assets.values()
    assert asset.path == url and asset.offline
    data = json.loads((doc.path / "project.json").read_text())
    assert url in json.dumps(data)
