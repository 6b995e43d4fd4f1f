"""OpenTimelineIO: our round trip, and files written by others with the OTIO API."""

from __future__ import annotations

from pathlib import Path

import opentimelineio as otio
import pytest

from studio.errors import UserError
from studio.media.otio_io import export_otio, import_otio, new_project_from_otio, read_timeline
from studio.model import Marker, MediaKind, Scene, Shot, TrackKind
from studio.model.files import load_project, media_path
from studio.model.serialize import project_to_data

from .conftest import add_asset, make_project, place


def timeline_of(project) -> dict:
    """Everything but the project's name and where its media are written relative to."""
    data = project_to_data(project)
    data.pop("name")
    for asset in data["assets"]:
        asset.pop("path")
    return data


@pytest.fixture
def cut(tmp_path, signals):
    doc = make_project(tmp_path / "cut")
    still, video, tone = (add_asset(doc, signals[n]) for n in ("red", "video", "tone"))
    project = doc.project
    project.scenes.append(Scene("sc1", "EXT. HARBOUR - DAY", "Boats.", "1"))
    project.shots.append(Shot("sh1", "sc1", "Wide", 24, [still.id], still.id))
    place(doc, "V1", still, 0, 24).shot_id = "sh1"
    place(doc, "V1", video, 30, 12, source_in=7)  # a six-frame gap before it
    place(doc, "V2", video, 10, 5, source_in=20)
    place(doc, "T1", None, 2, 10, text="HARBOUR\nmorning")
    closing = place(doc, "V1", still, 42, 10)  # touches the video: a dissolve between them
    closing.dissolve_in, closing.opacity = 4, 0.5
    level = place(doc, "A1", tone, 4, 40, source_in=3)
    level.gain_db, level.fade_in, level.fade_out = -6.0, 3, 5
    project.tracks[1].hidden = True
    project.tracks[4].muted = True
    project.markers.append(Marker("m1", 12, "boat enters", "#ff0000", "check the timing"))
    return doc


def test_export_then_import_gives_the_same_timeline(cut, tmp_path):
    out = tmp_path / "elsewhere" / "cut.otio"
    out.parent.mkdir()
    export_otio(cut.project, cut.path, out)
    doc = new_project_from_otio(tmp_path / "copy", out)
    assert timeline_of(doc.project) == timeline_of(cut.project)
    for asset in cut.project.assets.values():
        copy = doc.project.assets[asset.id]
        assert media_path(doc.path, copy).resolve() == media_path(cut.path, asset).resolve()
    reloaded = load_project(doc.path)  # and it was saved as a valid project
    assert timeline_of(reloaded.project) == timeline_of(cut.project)


def test_the_exported_file_reads_as_plain_otio(cut, tmp_path):
    out = export_otio(cut.project, cut.path, tmp_path / "cut.otio")
    timeline = otio.adapters.read_from_file(str(out))
    names = [(t.name, t.kind) for t in timeline.tracks]
    assert names == [
        ("V1", "Video"),
        ("V2", "Video"),
        ("T1", "Video"),
        ("A1", "Audio"),
        ("A2", "Audio"),
    ]
    v1 = timeline.tracks[0]
    assert [type(item).__name__ for item in v1] == ["Clip", "Gap", "Clip", "Transition", "Clip"]
    assert v1[1].duration().value == 6
    assert v1[2].source_range.start_time.value == 7
    url = v1[0].media_reference.target_url
    assert not Path(url).is_absolute() and (tmp_path / url).resolve().exists()
    assert timeline.tracks.markers[0].marked_range.start_time.value == 12
    assert timeline.tracks.markers[0].color == "RED"
    assert not timeline.tracks[1].enabled  # V2 is hidden


def _clip(name, url, start, duration, rate=24, available=None):
    reference = otio.schema.ExternalReference(target_url=url, available_range=available)
    return otio.schema.Clip(
        name=name,
        media_reference=reference,
        source_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(start, rate), otio.opentime.RationalTime(duration, rate)
        ),
    )


def _gap(duration, rate=24):
    return otio.schema.Gap(
        source_range=otio.opentime.TimeRange(duration=otio.opentime.RationalTime(duration, rate))
    )


@pytest.fixture
def foreign(tmp_path, signals):
    """A timeline as another editor might write it: absolute file URLs, a nested stack,
    a dissolve, a clip whose media is gone, media starting at a timecode."""
    timeline = otio.schema.Timeline(name="From elsewhere")
    v1 = otio.schema.Track(name="Video 1", kind="Video")
    v1.append(_clip("red", Path(signals["red"]).as_uri(), 0, 20))
    v1.append(_gap(10))
    v1.append(_clip("lost", "file:///nowhere/lost_take.mov", 5, 12))
    v1.append(
        otio.schema.Transition(
            in_offset=otio.opentime.RationalTime(3, 24),
            out_offset=otio.opentime.RationalTime(3, 24),
        )
    )
    tc_start = otio.opentime.TimeRange(
        otio.opentime.RationalTime(86400 * 24, 24), otio.opentime.RationalTime(40, 24)
    )
    v1.append(_clip("video", str(signals["video"]), 86400 * 24 + 8, 10, available=tc_start))
    v1.markers.append(
        otio.schema.Marker(
            name="cue", marked_range=otio.opentime.TimeRange(otio.opentime.RationalTime(15, 24))
        )
    )
    nested = otio.schema.Stack(name="compound")
    lower = otio.schema.Track(name="inner lower", kind="Video")
    lower.append(_clip("blue", str(signals["blue"]), 0, 30))
    upper = otio.schema.Track(name="inner upper", kind="Video")
    upper.extend([_gap(12), _clip("white", str(signals["white"]), 0, 6)])
    nested.extend([lower, upper])
    # Only frames 10..20 of the compound are used: 2 of blue, 6 of white, 2 of blue.
    nested.source_range = otio.opentime.TimeRange(
        otio.opentime.RationalTime(10, 24), otio.opentime.RationalTime(10, 24)
    )
    v2 = otio.schema.Track(name="Video 2", kind="Video")
    v2.extend([_gap(4), nested])
    a1 = otio.schema.Track(name="Audio 1", kind=otio.schema.TrackKind.Audio)
    a1.extend([_gap(2), _clip("tone", str(signals["tone"]), 0, 30)])
    timeline.tracks.extend([v1, v2, a1])
    out = tmp_path / "foreign.otio"
    otio.adapters.write_to_file(timeline, str(out))
    return out


def test_import_of_a_file_written_by_another_editor(foreign, tmp_path):
    imported = import_otio(foreign, tmp_path / "p.storyreel")
    project = imported.project
    assert [(t.name, t.kind) for t in project.tracks] == [
        ("Video 2", TrackKind.VIDEO),
        ("Video 1", TrackKind.VIDEO),
        ("Audio 1", TrackKind.AUDIO),
    ]
    v2, v1, a1 = project.tracks
    assert [(c.name, c.start, c.duration, c.source_in) for c in v1.clips] == [
        ("red", 0, 20, 0),
        ("lost", 30, 12, 5),
        ("video", 42, 10, 8),  # the in-point counts from the media's first frame
    ]
    lost = project.assets[v1.clips[1].asset_id]
    assert lost.offline and lost.kind is MediaKind.VIDEO
    assert imported.transitions == {v1.clips[2].id: 6}
    # The compound flattened: the upper inner track wins where it has a clip.
    assert [(c.name, c.start, c.duration, c.source_in) for c in v2.clips] == [
        ("blue", 4, 2, 10),
        ("white", 6, 6, 0),
        ("blue", 12, 2, 18),
    ]
    assert [(c.name, c.start, c.duration) for c in a1.clips] == [("tone", 2, 30)]
    assert [m.frame for m in project.markers] == [15]
    assert (project.settings.width, project.settings.height) == (160, 90)
    assert any("lost_take" in w for w in imported.warnings)


def test_a_new_project_from_a_foreign_file_renders(foreign, tmp_path):
    from studio.media.render import RenderJob, render

    doc = new_project_from_otio(tmp_path / "p", foreign)
    assert doc.path.name == "p.storyreel"
    out = render(RenderJob(doc.project, doc.path, frame_range=(0, 50)), tmp_path / "cut.mp4")
    assert out.stat().st_size > 0


def test_a_file_that_is_not_otio_is_refused_in_one_line(tmp_path):
    bad = tmp_path / "bad.otio"
    bad.write_text("{ not json")
    with pytest.raises(UserError, match="cannot read"):
        import_otio(bad, tmp_path / "p.storyreel")


def test_a_dissolve_is_written_as_an_otio_transition(cut, tmp_path):
    out = export_otio(cut.project, cut.path, tmp_path / "cut.otio")
    timeline = otio.adapters.read_from_file(str(out))
    transitions = [
        item
        for track in timeline.tracks
        for item in track
        if isinstance(item, otio.schema.Transition)
    ]
    assert len(transitions) == 1
    total = transitions[0].in_offset + transitions[0].out_offset
    assert total.to_frames() == 4


def test_file_urls_are_read_with_opentimelineio_s_url_utils(tmp_path, signals):
    import shutil

    folder = tmp_path / "my media"
    folder.mkdir()
    still = shutil.copy(signals["red"], folder / "red still.png")
    timeline = otio.schema.Timeline(name="cut")
    track = otio.schema.Track(name="V1")
    for url in (otio.url_utils.url_from_filepath(str(still)), Path(still).as_uri()):
        track.append(
            otio.schema.Clip(
                name=url,
                media_reference=otio.schema.ExternalReference(target_url=url),
                source_range=otio.opentime.TimeRange(
                    otio.opentime.RationalTime(0, 24), otio.opentime.RationalTime(12, 24)
                ),
            )
        )
    timeline.tracks.append(track)
    otio.adapters.write_to_file(timeline, str(tmp_path / "cut.otio"))
    assert "%20" in Path(still).as_uri()  # one of the two is percent-encoded
    doc = new_project_from_otio(tmp_path / "Film", tmp_path / "cut.otio")
    (asset,) = doc.project.assets.values()  # both name the same file
    assert not asset.offline and media_path(doc.path, asset) == Path(still)


def test_a_relative_url_still_points_at_its_file_when_exported_elsewhere(tmp_path):
    """Relative URLs are relative to the .otio file: one written in another folder must
    point at the same (here missing) file, and an absolute one stays as it came."""
    source = tmp_path / "edit"
    source.mkdir()
    timeline = otio.schema.Timeline(name="cut")
    track = otio.schema.Track(name="V1")
    for name, url in (("near", "media/shot.mov"), ("far", "file:///elsewhere/shot.mov")):
        track.append(
            otio.schema.Clip(
                name=name,
                media_reference=otio.schema.ExternalReference(target_url=url),
                source_range=otio.opentime.TimeRange(
                    otio.opentime.RationalTime(0, 24), otio.opentime.RationalTime(12, 24)
                ),
            )
        )
    timeline.tracks.append(track)
    otio.adapters.write_to_file(timeline, str(source / "cut.otio"))
    doc = new_project_from_otio(tmp_path / "Film", source / "cut.otio")
    out = tmp_path / "deliveries" / "v2" / "cut.otio"
    out.parent.mkdir(parents=True)
    export_otio(doc.project, doc.path, out)
    urls = {c.name: c.media_reference.target_url for c in read_timeline(out).find_clips()}
    assert (out.parent / urls["near"]).resolve() == (source / "media" / "shot.mov").resolve()
    assert urls["far"] == "file:///elsewhere/shot.mov"
