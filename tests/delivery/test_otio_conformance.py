"""OpenTimelineIO's own sample timelines (tests/data/third_party/otio), checked against OTIO.

Each file is imported into a project and exported again; OpenTimelineIO itself says where its
clips sit, which transitions and markers it holds and what its references are, and the
project and the exported file must agree with it.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import opentimelineio as otio
import pytest

from studio.media.otio_io import export_otio, import_otio, project_from_otio
from studio.model.files import load_project

SAMPLES = Path(__file__).parent.parent / "data" / "third_party" / "otio"
TIMELINES = sorted(p.name for p in SAMPLES.glob("*.otio") if p.name != "srt_example.otio")


def frames(time: otio.opentime.RationalTime, fps: Fraction) -> int:
    return round(Fraction(time.value) * fps / Fraction(time.rate))


def top_level_clips(track: otio.schema.Track, fps: Fraction) -> list[tuple[str, int, int]]:
    """(name, start, duration) of a track's own clips, by OTIO's range_in_parent."""
    found = []
    for clip in track.find_clips(shallow_search=True):
        placed = clip.range_in_parent()
        found.append((clip.name, frames(placed.start_time, fps), frames(placed.duration, fps)))
    return found


def project_tracks_in_otio_order(project):
    pictures = [t for t in reversed(project.tracks) if t.kind.value != "audio"]
    return pictures + [t for t in project.tracks if t.kind.value == "audio"]


def structure(timeline: otio.schema.Timeline, fps: Fraction) -> dict:
    """What a round trip must keep, as OTIO reads it: placed clips with their source ranges,
    references, effects and metadata; transitions; markers; track lengths; the start time."""
    tracks = []
    for track in timeline.tracks:
        items = []
        for index, item in enumerate(track):
            if isinstance(item, otio.schema.Transition):
                items.append(("transition", item.name, item.in_offset, item.out_offset))
            elif isinstance(item, otio.schema.Clip):
                placed = track.range_of_child_at_index(index)
                reference = item.media_reference
                items.append(
                    (
                        item.name,
                        frames(placed.start_time, fps),
                        frames(placed.duration, fps),
                        item.source_range,
                        reference.schema_name(),
                        getattr(reference, "available_range", None),
                        getattr(reference, "target_url", None),
                        item.enabled,
                        [otio.adapters.write_to_string(e) for e in item.effects],
                        foreign_metadata(item),
                    )
                )
        tracks.append((track.kind, frames(track.duration(), fps), items))
    # A marker before the start is kept at the start (a project has no negative frames).
    markers = sorted((m.name, m.color, max(0, frames(at, fps))) for m, at in all_markers(timeline))
    return {
        "start": timeline.global_start_time,
        "metadata": foreign_metadata(timeline),
        "tracks": tracks,
        "markers": markers,
    }


def foreign_metadata(item) -> str:
    """The metadata other tools wrote, as OTIO JSON (its dictionaries compare by identity)."""
    copy = otio.core.SerializableObjectWithMetadata()
    for key, value in item.metadata.items():
        if key != "storyreel":
            copy.metadata[key] = value
    return otio.adapters.write_to_string(copy)


def all_markers(timeline: otio.schema.Timeline) -> list:
    """Every marker with its time in its track, as OTIO transforms it from its item."""
    stack = timeline.tracks
    found = [(m, m.marked_range.start_time) for m in stack.markers]
    for track in stack:
        found += [(m, m.marked_range.start_time) for m in track.markers]
        for item in track.find_children():
            for marker in getattr(item, "markers", ()):
                found.append((marker, item.transformed_time(marker.marked_range.start_time, track)))
    return found


def nested(timeline) -> bool:
    return any(
        isinstance(item, otio.core.Composition) for track in timeline.tracks for item in track
    )


@pytest.mark.parametrize("name", TIMELINES)
def test_clips_sit_where_opentimelineio_places_them(name, tmp_path):
    timeline = otio.adapters.read_from_file(str(SAMPLES / name))
    imported = import_otio(SAMPLES / name, tmp_path / "Film.storyreel")
    fps = imported.project.settings.fps
    ours = project_tracks_in_otio_order(imported.project)
    assert len(ours) == len(timeline.tracks)
    for theirs, track in zip(timeline.tracks, ours, strict=True):
        expected = top_level_clips(theirs, fps)
        if any(isinstance(item, otio.core.Composition) for item in theirs):
            # Flattened: the track's own clips are among ours, at their places.
            got = {(c.name, c.start, c.duration) for c in track.clips}
            assert set(expected) <= got
        else:
            assert [(c.name, c.start, c.duration) for c in track.clips] == expected


@pytest.mark.parametrize("name", TIMELINES)
def test_a_round_trip_changes_nothing_storyreel_does_not_understand(name, tmp_path):
    """Imported, saved, loaded and exported: OTIO reads the same timeline back (nested stacks
    excepted, which become flat tracks, with a warning)."""
    original = otio.adapters.read_from_file(str(SAMPLES / name))
    doc, _warnings = project_from_otio(tmp_path / "Film", SAMPLES / name)
    doc = load_project(doc.path)  # what was kept survived the project file
    out = tmp_path / "elsewhere" / name
    out.parent.mkdir()
    export_otio(doc.project, doc.path, out)
    again = otio.adapters.read_from_file(str(out))
    fps = doc.project.settings.fps
    before, after = structure(original, fps), structure(again, fps)
    assert after["start"] == before["start"]
    assert after["metadata"] == before["metadata"]
    assert after["markers"] == before["markers"]
    if nested(original):
        lengths = [length for _, length, _ in before["tracks"]]
        assert [length for _, length, _ in after["tracks"]] == lengths
        return
    for theirs, ours in zip(before["tracks"], after["tracks"], strict=True):
        assert ours[:2] == theirs[:2]  # kind, and length with its trailing gap
        assert ours[2] == theirs[2]


def test_the_start_time_source_starts_and_trailing_gaps_come_back(tmp_path):
    """The figures the issue named: a 86400 start, 8497 in a timecoded source, 3282 frames."""
    doc, _ = project_from_otio(tmp_path / "A", SAMPLES / "precheckfail.otio")
    export_otio(doc.project, doc.path, tmp_path / "a.otio")
    again = otio.adapters.read_from_file(str(tmp_path / "a.otio"))
    assert again.global_start_time == otio.opentime.RationalTime(86400, 24)

    doc, _ = project_from_otio(tmp_path / "B", SAMPLES / "premiere_example.otio")
    export_otio(doc.project, doc.path, tmp_path / "b.otio")
    again = otio.adapters.read_from_file(str(tmp_path / "b.otio"))
    placeholder = next(c for c in again.find_clips() if c.name == "sc01_placeholder.wav")
    assert placeholder.source_range.start_time.value == 8497
    assert placeholder.media_reference.available_range.start_time.value == 8497

    doc, _ = project_from_otio(tmp_path / "C", SAMPLES / "multitrack.otio")
    export_otio(doc.project, doc.path, tmp_path / "c.otio")
    again = otio.adapters.read_from_file(str(tmp_path / "c.otio"))
    assert [t.duration().value for t in again.tracks] == [3282, 3282, 3282]


@pytest.mark.parametrize(
    ("name", "schema"),
    [
        ("image_sequence_example.otio", "ImageSequenceReference"),
        ("generator_reference_test.otio", "GeneratorReference"),
        ("clip_example.otio", "MissingReference"),
    ],
)
def test_references_storyreel_cannot_play_are_written_back_as_they_came(name, schema, tmp_path):
    original = otio.adapters.read_from_file(str(SAMPLES / name))
    doc, warnings = project_from_otio(tmp_path / "Film", SAMPLES / name)
    assert any(schema in line for line in warnings)
    export_otio(doc.project, doc.path, tmp_path / "out.otio")
    again = otio.adapters.read_from_file(str(tmp_path / "out.otio"))
    before = [c.media_reference for c in original.find_clips()]
    after = [c.media_reference for c in again.find_clips()]
    assert [r.schema_name() for r in after] == [r.schema_name() for r in before]
    assert schema in {r.schema_name() for r in after}
    assert not any("offline/" in str(getattr(r, "target_url", "")) for r in after)
    for old, new in zip(before, after, strict=True):
        assert otio.adapters.write_to_string(new) == otio.adapters.write_to_string(old)


def test_effects_and_disabled_clips_come_back_and_are_reported(tmp_path):
    original = otio.adapters.read_from_file(str(SAMPLES / "effects.otio"))
    doc, warnings = project_from_otio(tmp_path / "Film", SAMPLES / "effects.otio")
    disabled = {c.name for c in original.find_clips() if not c.enabled}
    assert disabled and {c.name for c in doc.project.all_clips() if not c.enabled} == disabled
    assert any(line.startswith("effect ") and "kept for export" in line for line in warnings)
    export_otio(doc.project, doc.path, tmp_path / "out.otio")
    again = otio.adapters.read_from_file(str(tmp_path / "out.otio"))
    assert {c.name for c in again.find_clips() if not c.enabled} == disabled
    effects = [[e.effect_name for e in c.effects] for c in original.find_clips()]
    assert [[e.effect_name for e in c.effects] for c in again.find_clips()] == effects


def test_time_warps_and_nested_stacks_are_reported_one_line_each(tmp_path):
    imported = import_otio(SAMPLES / "nested_example.otio", tmp_path / "Film.storyreel")
    lines = imported.warnings
    assert any("freeze frame" in line for line in lines)
    assert any("time warp" in line for line in lines)
    assert any(line.startswith("nested ") and "flattened" in line for line in lines)
    assert all("\n" not in line for line in lines)


def test_marker_colours_are_opentimelineio_s_own(tmp_path):
    original = otio.adapters.read_from_file(str(SAMPLES / "premiere_example.otio"))
    doc, _ = project_from_otio(tmp_path / "Film", SAMPLES / "premiere_example.otio")
    export_otio(doc.project, doc.path, tmp_path / "out.otio")
    again = otio.adapters.read_from_file(str(tmp_path / "out.otio"))
    names = [n for n in dir(otio.schema.MarkerColor) if n.isupper()]
    colours = {getattr(otio.schema.MarkerColor, n) for n in names}
    assert {m.color for m in again.tracks.markers} <= colours
    before = sorted(m.color for m, _ in all_markers(original))
    assert before and sorted(m.color for m in again.tracks.markers) == before
