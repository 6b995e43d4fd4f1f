"""What the reel keeps in project.json: links, score ranges and the panels' choices."""

from __future__ import annotations

import pytest

from studio.model import Clip, Project, ScoreRange, Track, TrackKind
from studio.model.serialize import FormatError, project_from_data, project_to_data


def reel_project() -> Project:
    track = Track("v", TrackKind.VIDEO, "Storyboard", [Clip("c", None, 0, 24, link="h1")])
    project = Project(tracks=[track])
    project.score_ranges = [ScoreRange("r", 0, 24, ["a1", "a2"], "a2", "reel", "Opening")]
    project.panels = {"score": {"generator": "builtin.temp-score", "params": {"tempo": 90}}}
    return project


def test_links_ranges_and_panel_choices_survive_a_save():
    again = project_from_data(project_to_data(reel_project()))
    assert again.clip("c").link == "h1"
    assert again.score_ranges == reel_project().score_ranges
    assert again.panels == reel_project().panels


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda d: d["score_ranges"][0].update(end=0), "score range r's end"),
        (lambda d: d["score_ranges"][0].update(takes="a1"), "score range r's takes"),
        (lambda d: d["tracks"][0]["clips"][0].update(link=7.5), "clip c's link"),
        (lambda d: d.update(panels=["score"]), "panels"),
    ],
)
def test_a_damaged_reel_field_is_refused_by_name(change, named):
    data = project_to_data(reel_project())
    change(data)
    with pytest.raises(FormatError, match=named):
        project_from_data(data)
