"""OTIO transitions: between clips, from and into gaps, leading and trailing, asymmetric and
longer than a clip. Each is played as the closest dissolve or fade and written back as it came."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import opentimelineio as otio
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.media.compose import Compositor
from studio.media.otio_io import export_otio, import_otio, project_from_otio, project_to_timeline
from studio.model.serialize import project_from_data, project_to_data

from .conftest import add_asset, make_project, place

RATE = 24


def _time(frames: int) -> otio.opentime.RationalTime:
    return otio.opentime.RationalTime(frames, RATE)


def clip(name: str, frames: int, start: int = 100) -> otio.schema.Clip:
    return otio.schema.Clip(
        name=name,
        media_reference=otio.schema.MissingReference(),
        source_range=otio.opentime.TimeRange(_time(start), _time(frames)),
    )


def gap(frames: int) -> otio.schema.Gap:
    return otio.schema.Gap(source_range=otio.opentime.TimeRange(_time(0), _time(frames)))


def transition(before: int, after: int, name: str = "") -> otio.schema.Transition:
    return otio.schema.Transition(
        name=name,
        transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
        in_offset=_time(before),
        out_offset=_time(after),
    )


def write(tmp_path, *items) -> otio.schema.Timeline:
    timeline = otio.schema.Timeline(name="cut")
    track = otio.schema.Track(name="V1")
    for item in items:
        track.append(item)
    timeline.tracks.append(track)
    otio.adapters.write_to_file(timeline, str(tmp_path / "cut.otio"))
    return timeline


def round_trip(tmp_path):
    doc, warnings = project_from_otio(tmp_path / "Film", tmp_path / "cut.otio")
    export_otio(doc.project, doc.path, tmp_path / "again.otio")
    again = otio.adapters.read_from_file(str(tmp_path / "again.otio"))
    return doc.project, warnings, again.tracks[0]


def shape(track) -> list:
    """Each item as OTIO reads it: kind, name, length or offsets."""
    out = []
    for item in track:
        if isinstance(item, otio.schema.Transition):
            out.append(("T", item.name, item.in_offset.value, item.out_offset.value))
        else:
            out.append((item.schema_name(), item.name, item.duration().value))
    return out


def clips_by_name(project) -> dict:
    return {c.name: c for c in project.all_clips()}


def test_fades_from_and_into_gaps_are_played_as_fades_and_written_back(tmp_path):
    original = write(
        tmp_path,
        gap(10),
        transition(5, 5, "up"),
        clip("A", 48),
        transition(6, 0, "down"),
        gap(20),
        clip("B", 24),
    )
    project, warnings, track = round_trip(tmp_path)
    a = clips_by_name(project)["A"]
    assert (a.fade_in, a.fade_out, a.dissolve_in) == (10, 6, 0)
    assert sum("fade-in" in line for line in warnings) == 1
    assert sum("fade-out" in line for line in warnings) == 1
    assert shape(track) == shape(original.tracks[0])


def test_a_trailing_and_a_leading_transition_are_kept(tmp_path):
    original = write(
        tmp_path, transition(5, 5, "open"), clip("A", 48), clip("B", 48), transition(4, 4, "end")
    )
    project, _, track = round_trip(tmp_path)
    clips = clips_by_name(project)
    assert clips["A"].fade_in == 10 and clips["B"].fade_out == 8
    assert shape(track) == shape(original.tracks[0])
    assert track.duration() == original.tracks[0].duration()  # no gap added after the end


def test_asymmetric_offsets_are_kept_and_not_capped(tmp_path):
    original = write(
        tmp_path,
        clip("A", 48),
        transition(10, 4, "lopsided"),
        clip("B", 48),
        transition(10, 20, "long"),
        clip("C", 12),
    )
    project, warnings, track = round_trip(tmp_path)
    clips = clips_by_name(project)
    assert clips["B"].dissolve_in == 14  # played centred on the cut
    assert clips["C"].dissolve_in == 12  # played as long as the clip allows
    assert any("'lopsided'" in line and "centred" in line for line in warnings)
    assert any("'long'" in line and "30 frames" in line for line in warnings)
    assert shape(track) == shape(original.tracks[0])  # 10/4 and 10/20 as they came


def test_a_changed_dissolve_is_written_as_the_new_one(tmp_path):
    write(tmp_path, clip("A", 48), transition(10, 4, "lopsided"), clip("B", 48))
    imported = import_otio(tmp_path / "cut.otio", tmp_path / "Film.storyreel")
    clips_by_name(imported.project)["B"].dissolve_in = 8
    export_otio(imported.project, tmp_path, tmp_path / "again.otio")
    track = otio.adapters.read_from_file(str(tmp_path / "again.otio")).tracks[0]
    (dissolve,) = [item for item in track if isinstance(item, otio.schema.Transition)]
    assert (dissolve.in_offset.value, dissolve.out_offset.value) == (4, 4)


def test_a_dissolve_on_the_first_clip_is_exported(tmp_path, signals):
    doc = make_project(tmp_path / "cut")
    still = add_asset(doc, signals["red"])
    place(doc, "V1", still, 0, 24).dissolve_in = 6
    later = place(doc, "V1", still, 40, 24)
    later.dissolve_in = 4  # after a gap: from what lies below
    export_otio(doc.project, doc.path, tmp_path / "cut.otio")
    exported = otio.adapters.read_from_file(str(tmp_path / "cut.otio"))
    track = next(t for t in exported.tracks if t.name == "V1")
    kinds = [type(item).__name__ for item in track]
    assert kinds == ["Transition", "Clip", "Gap", "Transition", "Clip"]
    again = import_otio(tmp_path / "cut.otio", tmp_path / "Copy.storyreel").project
    first, second = next(t for t in again.tracks if t.name == "V1").clips
    assert (first.dissolve_in, second.dissolve_in) == (6, 4)
    assert first.fade_in == second.fade_in == 0  # ours: read back as they were


def test_a_picture_fades_in_and_out(tmp_path, signals):
    doc = make_project(tmp_path / "cut")
    clip_ = place(doc, "V1", add_asset(doc, signals["white"]), 0, 24)
    clip_.fade_in, clip_.fade_out = 4, 4
    with Compositor(doc.project, doc.path) as compositor:
        levels = [int(np.asarray(compositor.frame(f)).mean()) for f in (0, 3, 10, 20, 23)]
    assert levels[0] < levels[1] < levels[2] == 255
    assert levels[2] > levels[3] > levels[4] > 0


@st.composite
def tracks(draw):
    """A track of clips and single gaps, with transitions at some of the cuts that touch a
    clip (OTIO has no transition between two gaps, nor two transitions in a row)."""
    kinds = draw(st.lists(st.sampled_from(["clip", "gap"]), min_size=1, max_size=6))
    kinds = [k for i, k in enumerate(kinds) if not (k == "gap" and i and kinds[i - 1] == "gap")]
    items: list = []
    for index in range(len(kinds) + 1):
        before = kinds[index - 1] if index else None
        after = kinds[index] if index < len(kinds) else None
        if "clip" in (before, after) and draw(st.booleans()):
            offsets = draw(st.tuples(st.integers(0, 12), st.integers(0, 12)))
            if sum(offsets):
                items.append(transition(*offsets, name=f"t{index}"))
        if after == "clip":
            items.append(clip(f"c{index}", draw(st.integers(1, 40))))
        elif after == "gap":
            items.append(gap(draw(st.integers(1, 30))))
    return items


@settings(max_examples=40, deadline=None)
@given(tracks())
def test_any_track_of_clips_gaps_and_transitions_comes_back_as_it_came(items):
    with tempfile.TemporaryDirectory() as folder:
        write(Path(folder), *items)
        timeline = otio.adapters.read_from_file(str(Path(folder) / "cut.otio"))
        imported = import_otio(Path(folder) / "cut.otio", Path(folder) / "Film.storyreel")
        again = project_to_timeline(imported.project, Path(folder), Path(folder))
    project_from_data(project_to_data(imported.project))  # a project the model accepts
    assert shape(again.tracks[0]) == shape(timeline.tracks[0])
    assert again.tracks[0].duration() == timeline.tracks[0].duration()
