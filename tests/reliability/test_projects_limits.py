"""Crafted project files: every field out of its range is refused at load, by name.

Each case here loaded silently (or crashed a viewer, the mixer or the encoder) before
the load checked ranges; now each gives one ProjectError naming the field, and the file
is left as it was.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.cli import main
from studio.errors import ProjectError
from studio.model.files import PROJECT_FILE, load_project

from .conftest import read_data, write_data


def _set(data: dict, where: str, value) -> None:
    """Set a field by a short path: "settings.width", "clip.duration", "asset.id"..."""
    group, name = where.split(".")
    if group == "settings":
        data["settings"][name] = value
    elif group == "clip":
        next(t for t in data["tracks"] if t["clips"])["clips"][0][name] = value
    elif group == "asset":
        data["assets"][0][name] = value
    elif group == "marker":
        data["markers"] = [{"id": "m1", "frame": 0, name: value}]
    elif group == "shot":
        data["shots"] = [{"id": "s1", "scene_id": None, name: value}]
    else:
        raise AssertionError(where)


CRAFTED = [
    ("settings.width", 0, "settings.width"),
    ("settings.height", 0, "settings.height"),
    ("settings.width", 200_000, "settings.width"),
    ("settings.height", 200_000, "settings.height"),
    ("settings.sample_rate", 0, "settings.sample_rate"),
    ("settings.sample_rate", -48000, "settings.sample_rate"),
    ("settings.fps", "0", "settings.fps"),
    ("settings.fps", "1/0", "settings.fps"),
    ("settings.fps", "1000000000/1", "settings.fps"),
    ("settings.still_frames", -1, "settings.still_frames"),
    ("clip.duration", 10**12, "duration"),
    ("clip.duration", -5, "duration"),
    ("clip.duration", 0, "duration"),
    ("clip.start", -10, "start"),
    ("clip.start", 10**15, "start"),
    ("clip.source_in", -1, "source_in"),
    ("clip.gain_db", math.nan, "gain_db"),
    ("clip.gain_db", math.inf, "gain_db"),
    ("clip.gain_db", 1e9, "gain_db"),
    ("clip.opacity", -0.5, "opacity"),
    ("clip.fade_in", 7, "fade_in"),  # the clip lasts 6 frames
    ("clip.fade_out", 100, "fade_out"),
    ("clip.fade_in", -2, "fade_in"),
    ("clip.dissolve_in", 50, "dissolve_in"),
    ("marker.frame", -3, "frame"),
    ("marker.frame", 10**13, "frame"),
    ("shot.duration", -72, "duration"),
    ("shot.duration", 10**12, "duration"),
    ("asset.width", 0, "width"),
    ("asset.sample_rate", 0, "sample_rate"),
    ("asset.channels", 10_000, "channels"),
    ("asset.path", "", "path"),
]


@pytest.mark.parametrize(("where", "value", "field"), CRAFTED, ids=lambda x: str(x)[:20])
def test_a_field_out_of_range_is_refused_by_name_and_left_alone(saved, where, value, field):
    data = read_data(saved.path)
    _set(data, where, value)
    raw = write_data(saved.path, data)
    with pytest.raises(ProjectError, match=field) as caught:
        load_project(saved.path)
    assert "\n" not in str(caught.value)
    assert (saved.path / PROJECT_FILE).read_bytes() == raw


def test_two_fades_that_together_outlast_the_clip_are_refused(saved):
    data = read_data(saved.path)
    _set(data, "clip.fade_in", 4)
    _set(data, "clip.fade_out", 4)  # 4 + 4 > 6 frames
    write_data(saved.path, data)
    with pytest.raises(ProjectError, match="fade_out"):
        load_project(saved.path)


def test_a_duplicate_asset_id_is_refused_not_merged(saved):
    data = read_data(saved.path)
    twin = dict(data["assets"][0], name="twin", path="media/elsewhere.png")
    data["assets"].append(twin)
    raw = write_data(saved.path, data)
    with pytest.raises(ProjectError, match=f"asset id {twin['id']} appears twice"):
        load_project(saved.path)
    assert (saved.path / PROJECT_FILE).read_bytes() == raw


def test_a_duplicate_track_id_is_refused(saved):
    data = read_data(saved.path)
    data["tracks"][1]["id"] = data["tracks"][0]["id"]
    write_data(saved.path, data)
    with pytest.raises(ProjectError, match="track id .* appears twice"):
        load_project(saved.path)


def test_json_200000_deep_is_one_clear_error(saved):
    file = saved.path / PROJECT_FILE
    file.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    with pytest.raises(ProjectError, match="nests too deeply"):
        load_project(saved.path)


def test_json_that_parses_but_nests_past_the_limit_is_refused(saved):
    data = read_data(saved.path)
    deep: list = []
    for _ in range(500):  # deep enough to break a recursive copy or encode later
        deep = [deep]
    data["assets"][0]["provenance"] = {"chain": deep}
    write_data(saved.path, data)
    with pytest.raises(ProjectError, match="nests deeper"):
        load_project(saved.path)


def test_a_number_of_a_million_digits_is_one_clear_error(saved):
    raw = (saved.path / PROJECT_FILE).read_bytes()
    (saved.path / PROJECT_FILE).write_bytes(raw.replace(b'"start":0', b'"start":' + b"9" * 100_000))
    with pytest.raises(ProjectError, match="damaged"):
        load_project(saved.path)


@pytest.mark.parametrize(
    ("where", "value"),
    [("settings.width", 0), ("settings.sample_rate", 0), ("clip.duration", 10**12)],
)
def test_the_command_line_says_one_line_and_no_traceback(saved, capsys, where, value):
    data = read_data(saved.path)
    _set(data, where, value)
    write_data(saved.path, data)
    assert main(["info", str(saved.path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert where.split(".")[1] in err


def test_a_deep_json_on_the_command_line_is_one_line(saved, capsys):
    (saved.path / PROJECT_FILE).write_bytes(b'{"a":' * 200_000 + b"1" + b"}" * 200_000)
    assert main(["render", str(saved.path), "--out", str(saved.path.parent / "x.mp4")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


NUMBERS = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.none(),
    st.booleans(),
)
FIELDS = [
    "settings.width",
    "settings.height",
    "settings.sample_rate",
    "settings.fps",
    "clip.start",
    "clip.duration",
    "clip.source_in",
    "clip.gain_db",
    "clip.fade_in",
    "clip.fade_out",
    "clip.opacity",
    "clip.dissolve_in",
    "marker.frame",
    "shot.duration",
    "asset.width",
    "asset.frames",
]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(changes=st.lists(st.tuples(st.sampled_from(FIELDS), NUMBERS), min_size=1, max_size=3))
def test_any_crafted_value_either_loads_within_the_limits_or_is_refused(saved, changes):
    from studio.model import limits

    data = read_data(saved.path)
    for where, value in changes:
        _set(data, where, value)
    write_data(saved.path, data)
    try:
        project = load_project(saved.path).project
    except ProjectError as exc:
        assert "\n" not in str(exc)
        return
    s = project.settings
    assert 1 <= s.width <= limits.MAX_FRAME_SIDE and 1 <= s.height <= limits.MAX_FRAME_SIDE
    assert limits.MIN_SAMPLE_RATE <= s.sample_rate <= limits.MAX_SAMPLE_RATE
    assert limits.MIN_FPS <= s.fps <= limits.MAX_FPS
    most = limits.max_frames(s.fps)
    for clip in project.all_clips():
        assert clip.start >= 0 and clip.duration >= 1 and clip.start + clip.duration <= most
        assert 0 <= clip.fade_in + clip.fade_out <= clip.duration
        assert 0 <= clip.dissolve_in <= clip.duration and 0 <= clip.opacity <= 1
        assert math.isfinite(clip.gain_db)
    for marker in project.markers:
        assert 0 <= marker.frame <= most
    for shot in project.shots:
        assert 1 <= shot.duration <= most


def test_a_clip_whose_media_its_track_cannot_hold_is_refused(saved):
    data = read_data(saved.path)
    picture_track = next(t for t in data["tracks"] if t["clips"])
    sound_track = next(t for t in data["tracks"] if t["kind"] == "audio")
    sound_track["clips"], picture_track["clips"] = picture_track["clips"], []
    write_data(saved.path, data)
    with pytest.raises(ProjectError, match="image asset .* on audio track"):
        load_project(saved.path)


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        ("asset.kind", "smell", "asset .*'s kind must be one of"),
        ("asset.fps", True, "asset .*'s fps must be a rate"),
        ("asset.fps", "0", "asset .*'s fps must be a positive rate"),
    ],
)
def test_asset_errors_name_the_asset_and_its_field(saved, where, value, message):
    data = read_data(saved.path)
    _set(data, where, value)
    write_data(saved.path, data)
    with pytest.raises(ProjectError, match=message):
        load_project(saved.path)
