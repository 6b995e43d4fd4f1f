"""`Project.interchange`: what a file from another tool held, kept opaque for its export."""

from __future__ import annotations

import pytest

from studio.model import Project
from studio.model.serialize import FormatError, project_from_data, project_to_data


def test_a_project_made_here_writes_no_interchange():
    assert "interchange" not in project_to_data(Project())


def test_interchange_round_trips_and_its_copy_is_detached():
    project = Project(interchange={"otio": {"clips": {"c1": {"otio": "{}"}}, "timeline": "{}"}})
    data = project_to_data(project)
    assert project_from_data(data).interchange == project.interchange
    data["interchange"]["otio"]["clips"]["c2"] = {"otio": "{}"}  # the saving thread's copy
    assert set(project.interchange["otio"]["clips"]) == {"c1"}


@pytest.mark.parametrize("bad", [[], {"otio": "text"}, {"otio": []}])
def test_malformed_interchange_is_refused(bad):
    with pytest.raises(FormatError, match="interchange"):
        project_from_data({"interchange": bad})
