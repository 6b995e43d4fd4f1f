"""The version of Storyreel's OTIO metadata: old files import, newer ones are refused."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.errors import UserError
from studio.media import otio_versions
from studio.media.otio_io import export_otio, import_otio

from .conftest import add_asset, make_project, place
from .test_otio import timeline_of


@pytest.fixture
def exported(tmp_path, signals):
    doc = make_project(tmp_path / "cut")
    place(doc, "V1", add_asset(doc, signals["red"]), 0, 24)
    out = tmp_path / "cut.otio"
    export_otio(doc.project, doc.path, out)
    return doc, out


def _rewrite_ours(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data["metadata"]["storyreel"])
    path.write_text(json.dumps(data), encoding="utf-8")


def test_an_export_says_its_metadata_version(exported):
    _, out = exported
    assert json.loads(out.read_text())["metadata"]["storyreel"]["version"] == 1


def test_a_file_written_before_versions_imports_as_version_one(exported, tmp_path):
    doc, out = exported
    _rewrite_ours(out, lambda ours: ours.pop("version"))
    imported = import_otio(out, doc.path)
    assert timeline_of(imported.project) == timeline_of(doc.project)


def test_a_file_from_a_newer_storyreel_is_refused_in_one_line_and_kept(exported, tmp_path):
    doc, out = exported
    _rewrite_ours(out, lambda ours: ours.update(version=5))
    before = out.read_bytes()
    with pytest.raises(UserError) as refused:
        import_otio(out, tmp_path / "p.storyreel")
    assert str(refused.value) == (
        "this OTIO file's Storyreel metadata was saved by a newer Storyreel (version 5; "
        "this version reads up to 1): update Storyreel to open it"
    )
    assert out.read_bytes() == before and not (tmp_path / "p.storyreel").exists()


def test_the_upgrade_chain_runs_on_import(exported, monkeypatch):
    doc, out = exported

    def one_to_two(ours):  # say, the rate came to be written another way
        ours["settings"] = {**ours["settings"], "fps": "25"}
        return ours

    fmt = replace(otio_versions.FORMAT, current=2, upgrades={1: one_to_two})
    monkeypatch.setattr(otio_versions, "FORMAT", fmt)
    imported = import_otio(out, doc.path)
    assert str(imported.project.settings.fps) == "25"


def test_a_foreign_timeline_has_no_storyreel_metadata_to_version():
    assert otio_versions.current_metadata(None) == {}


@given(
    st.dictionaries(
        st.text(max_size=8).filter(lambda k: k != "version"),
        st.integers() | st.text(max_size=8),
        max_size=4,
    )
)
def test_current_metadata_keeps_everything_else(fields):
    ours = {"version": 1, **fields}
    assert otio_versions.current_metadata(ours) == ours
    assert otio_versions.current_metadata(dict(fields)) == fields
