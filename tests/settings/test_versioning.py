"""The one upgrade-chain mechanism every versioned file uses (studio.versioning)."""

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.versioning import Format, NewerVersionError, VersionError


def _chain(length: int) -> dict:
    # Step n appends n, so the result says which steps ran and in what order.
    return {
        n: (lambda data, n=n: {**data, "steps": [*data.get("steps", []), n]})
        for n in range(1, length + 1)
    }


@given(st.integers(1, 6), st.integers(0, 5))
def test_the_chain_composes_from_any_version_to_the_current(start, extra):
    current = start + extra
    fmt = Format(noun="test file", current=current, upgrades=_chain(current))
    data, found = fmt.upgrade({"version": start, "kept": "x"})
    assert found == start
    assert data["kept"] == "x" and data["version"] == current
    assert data.get("steps", []) == list(range(start, current))
    stepwise = {"version": start, "kept": "x"}  # one hop at a time: the same result
    for version in range(start, current):
        stepwise, _ = replace(fmt, current=version + 1).upgrade(stepwise)
    assert stepwise == data


def test_upgrades_run_in_order_and_stamp_each_version():
    seen = []

    def one_to_two(data):
        seen.append(data["version"])
        return {**data, "b": data["a"] * 2}

    def two_to_three(data):
        seen.append(data["version"])
        return {**data, "c": data["b"] + 1}

    fmt = Format(noun="test file", current=3, upgrades={1: one_to_two, 2: two_to_three})
    assert fmt.upgrade({"version": 1, "a": 5}) == ({"version": 3, "a": 5, "b": 10, "c": 11}, 1)
    assert seen == [1, 2]


def test_data_without_a_version_reads_as_version_one():
    fmt = Format(noun="test file", current=2, upgrades={1: lambda d: {**d, "up": True}})
    assert fmt.upgrade({"a": 1}) == ({"a": 1, "up": True, "version": 2}, 1)


def test_a_newer_version_is_refused_in_one_line():
    fmt = Format(noun="provenance sidecar", current=1, field="schema", tag="Provenance.")
    with pytest.raises(NewerVersionError) as refused:
        fmt.upgrade({"schema": "Provenance.7"})
    assert str(refused.value) == (
        "this provenance sidecar was saved by a newer Storyreel (schema 7; "
        "this version reads up to 1): update Storyreel to open it"
    )


def test_tagged_versions_read_and_stamp_the_otio_way():
    fmt = Format(noun="x", current=2, upgrades={1: dict}, field="schema", tag="Provenance.")
    assert fmt.upgrade({"schema": "Provenance.1"})[0] == {"schema": "Provenance.2"}
    with pytest.raises(VersionError, match="no valid schema number"):
        fmt.upgrade({"schema": "Other.1"})


@pytest.mark.parametrize("value", [0, -1, True, "1", 1.5, None])
def test_a_bad_version_number_is_one_clear_error(value):
    with pytest.raises(VersionError, match="no valid version number in the test file"):
        Format(noun="test file", current=1).upgrade({"version": value})


def test_a_missing_step_is_reported():
    with pytest.raises(VersionError, match="no migration from version 1 to 2"):
        Format(noun="test file", current=2).upgrade({"version": 1})


def test_only_objects_are_versioned_data():
    with pytest.raises(VersionError, match="a test file must hold a JSON object"):
        Format(noun="test file", current=1).upgrade([1])
