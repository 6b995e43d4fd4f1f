"""The provenance record's version: old records read, newer ones refused, upgrades applied."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studio.engine import provenance
from studio.engine.provenance import InputRecord, Provenance, read_provenance, sidecar_path
from studio.errors import MediaError
from studio.plugins.api import Kind

texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=30)
finite = st.floats(0, 1e6, allow_nan=False)
records = st.builds(
    Provenance,
    generator=texts,
    generator_version=texts,
    model=texts,
    params=st.dictionaries(texts, st.integers() | texts | st.booleans(), max_size=3),
    seed=st.integers(0, 2**63),
    prompt=texts,
    negative_prompt=texts,
    inputs=st.lists(
        st.builds(
            InputRecord, kind=st.sampled_from(Kind), path=st.none() | texts, text=st.none() | texts
        ),
        max_size=2,
    ),
    width=st.integers(1, 8192),
    height=st.integers(1, 8192),
    duration=finite,
    fps=finite,
    sample_rate=st.integers(1, 192000),
)

# A sidecar as Storyreel wrote it before records said their version.
UNVERSIONED = {
    "generator": "builtin.title-card",
    "generator_version": "1.0",
    "params": {"color": "#ffffff"},
    "seed": 7,
    "prompt": "ACT ONE",
    "width": 64,
    "height": 36,
    "duration": 2.0,
    "fps": 24.0,
    "sample_rate": 48000,
    "created": "2026-01-02T03:04:05+00:00",
}


@settings(max_examples=60, deadline=None)
@given(records)
def test_a_record_comes_back_as_it_was_written_in_both_forms(record):
    assert Provenance.from_json(record.to_json()) == record
    assert Provenance.from_json(provenance.dumps_compact(record)) == record
    assert json.loads(record.to_json())["schema"] == "Provenance.1"


@pytest.mark.parametrize("schema", [None, "Provenance.1"])
def test_an_old_sidecar_reads_as_version_one(tmp_path, schema):
    media = tmp_path / "take.png"
    media.write_bytes(b"")
    data = UNVERSIONED if schema is None else {"schema": schema, **UNVERSIONED}
    sidecar_path(media).write_text(json.dumps(data), encoding="utf-8")
    record = read_provenance(media)
    assert (record.generator, record.seed, record.prompt) == ("builtin.title-card", 7, "ACT ONE")
    assert record.schema_name == "Provenance.1"


def test_a_record_from_a_newer_storyreel_is_refused_in_one_line_and_kept(tmp_path):
    media = tmp_path / "take.png"
    media.write_bytes(b"")
    text = json.dumps({"schema": "Provenance.4", **UNVERSIONED, "new_field": [1]})
    sidecar_path(media).write_text(text, encoding="utf-8")
    with pytest.raises(MediaError) as refused:
        read_provenance(media)
    assert str(refused.value) == (
        "this provenance record was saved by a newer Storyreel (schema 4; "
        "this version reads up to 1): update Storyreel to open it"
    )
    assert sidecar_path(media).read_text(encoding="utf-8") == text


def test_the_upgrade_chain_runs_on_read(monkeypatch):
    def one_to_two(data):  # say, a field renamed
        data["prompt"] = data.pop("text", "")
        return data

    monkeypatch.setattr(
        provenance, "FORMAT", replace(provenance.FORMAT, current=2, upgrades={1: one_to_two})
    )
    old = {k: v for k, v in UNVERSIONED.items() if k != "prompt"} | {"text": "moved"}
    record = Provenance.from_json(json.dumps({"schema": "Provenance.1", **old}))
    assert record.prompt == "moved" and record.schema_name == "Provenance.2"


def test_damaged_records_are_one_line(tmp_path):
    with pytest.raises(MediaError, match="unreadable provenance: not valid JSON"):
        Provenance.from_json("{nope")
    with pytest.raises(MediaError, match="no valid schema number in the provenance record"):
        Provenance.from_json(json.dumps({"schema": "Clip.1", **UNVERSIONED}))
