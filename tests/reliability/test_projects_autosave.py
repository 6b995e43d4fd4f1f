"""An autosave is offered for recovery only when it would load."""

from __future__ import annotations

import json
import os
import time

import pytest

from studio.errors import ProjectError
from studio.model.files import autosave_file, load_project, recovery_available

from .conftest import read_data


def _autosave(folder, data: dict) -> None:
    file = autosave_file(folder)
    file.parent.mkdir(exist_ok=True)
    file.write_text(json.dumps(data))
    later = time.time() + 5  # newer than the saved project, as after a crash
    os.utime(file, (later, later))


def test_a_valid_newer_autosave_is_offered(saved):
    data = read_data(saved.path)
    data["name"] = "recovered"
    _autosave(saved.path, data)
    assert recovery_available(saved.path)
    assert load_project(saved.path, recover=True).project.name == "recovered"


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d["settings"].update(width=0),
        lambda d: d["settings"].update(sample_rate=0),
        lambda d: next(t for t in d["tracks"] if t["clips"])["clips"][0].update(duration=10**12),
        lambda d: d["assets"].append(dict(d["assets"][0])),  # a duplicate asset id
    ],
    ids=["0x0", "rate 0", "10^12 frames", "duplicate asset"],
)
def test_an_autosave_that_fails_validation_is_not_offered(saved, damage):
    data = read_data(saved.path)
    damage(data)
    _autosave(saved.path, data)
    with pytest.raises(ProjectError):
        load_project(saved.path, recover=True)
    assert not recovery_available(saved.path)
    assert load_project(saved.path).project.settings.width == 64  # the saved one still opens
