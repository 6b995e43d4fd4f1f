"""A disabled clip (OTIO `enabled: false`) stays on its track but is not seen, heard or
rendered, survives the project file, and is exported disabled."""

from __future__ import annotations

import numpy as np
import opentimelineio as otio
import pytest

from studio.media.compose import Compositor
from studio.media.mix import Mixer, sound_only
from studio.media.otio_io import export_otio, import_otio
from studio.media.render_checks import offline_media
from studio.model import Asset, MediaKind
from studio.model.edits import SetClipFields
from studio.model.files import load_project, save_project
from studio.model.serialize import FormatError, project_from_data, project_to_data

from .conftest import add_asset, make_project, place


def test_a_disabled_clip_is_not_seen(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    place(doc, "V1", add_asset(doc, signals["blue"]), 0, 24)
    top = place(doc, "V2", add_asset(doc, signals["red"]), 0, 24)  # V2 covers V1
    with Compositor(doc.project, doc.path) as compositor:
        assert tuple(compositor.frame(5)[0, 0]) == (255, 0, 0)
    top.enabled = False
    with Compositor(doc.project, doc.path) as compositor:
        assert [layer.clip_id for layer in compositor.layers(5)] != [top.id]
        assert tuple(compositor.frame(5)[0, 0]) == (0, 0, 255)  # what lies below


def test_a_disabled_clip_is_not_heard(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    tone = place(doc, "A1", add_asset(doc, signals["tone"]), 0, 24)
    assert np.abs(Mixer(doc.project, doc.path).frames(0, 24)).max() > 0.5
    tone.enabled = False
    assert not Mixer(doc.project, doc.path).frames(0, 24).any()
    assert not Mixer(sound_only(doc.project), doc.path).frames(0, 24).any()  # playback's copy


def test_offline_media_under_a_disabled_clip_does_not_stop_a_render(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    gone = Asset("a-gone", MediaKind.IMAGE, "gone", "media/gone.png", offline=True)
    doc.project.assets[gone.id] = gone
    clip = place(doc, "V1", gone, 0, 24)
    assert offline_media(doc.project, doc.path, (0, 24)) == {"a-gone": "missing"}
    clip.enabled = False
    assert offline_media(doc.project, doc.path, (0, 24)) == {}


def test_enabled_is_saved_only_when_false_and_checked_on_load(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    clip = place(doc, "V1", add_asset(doc, signals["red"]), 0, 24)
    rows = [c for t in project_to_data(doc.project)["tracks"] for c in t["clips"]]
    assert "enabled" not in rows[0]  # old readers and files stay as they were
    clip.enabled = False
    save_project(doc)
    assert load_project(doc.path).project.clip(clip.id).enabled is False
    data = project_to_data(doc.project)
    next(t for t in data["tracks"] if t["clips"])["clips"][0]["enabled"] = "no"
    with pytest.raises(FormatError, match="enabled must be true or false"):
        project_from_data(data)


def test_enabled_is_an_undoable_clip_setting(tmp_path, signals):
    doc = make_project(tmp_path / "p")
    clip = place(doc, "V1", add_asset(doc, signals["red"]), 0, 24)
    doc.apply(SetClipFields(clip.id, {"enabled": False}))
    assert doc.project.clip(clip.id).enabled is False
    doc.undo()
    assert doc.project.clip(clip.id).enabled is True
    refused = doc.apply(SetClipFields(clip.id, {"enabled": "off"}))
    assert not refused.ok and "true or false" in refused.reason


def test_otio_disabled_clips_come_in_disabled_and_go_out_disabled(tmp_path):
    timeline = otio.schema.Timeline(name="cut")
    track = otio.schema.Track(name="V1")
    for name, enabled in (("on", True), ("off", False)):
        item = otio.schema.Clip(
            name=name,
            source_range=otio.opentime.TimeRange(
                otio.opentime.RationalTime(0, 24), otio.opentime.RationalTime(12, 24)
            ),
        )
        item.enabled = enabled
        track.append(item)
    timeline.tracks.append(track)
    otio.adapters.write_to_file(timeline, str(tmp_path / "cut.otio"))
    project = import_otio(tmp_path / "cut.otio", tmp_path / "Film.storyreel").project
    assert {c.name: c.enabled for c in project.all_clips()} == {"on": True, "off": False}
    export_otio(project, tmp_path, tmp_path / "again.otio")
    again = otio.adapters.read_from_file(str(tmp_path / "again.otio"))
    assert {c.name: c.enabled for c in again.find_clips()} == {"on": True, "off": False}
