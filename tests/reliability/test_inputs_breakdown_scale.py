"""Breakdown at scale and over random re-runs: the breakdown is one Composite edit whose
steps read the project as the steps before left it (nothing planned in advance).

Hypothesis drives it over random scripts, re-runs, suggestions and takes: the scenes and
shots follow the script, the spans lie end to end in the shots' order, a re-run of the same
script changes nothing, and undo restores the project exactly (redo brings the same back).
The live breakdown was checked equal to the planned-in-advance one it replaced (1,500
examples of this test's inputs, commit 6f52b0e's planner), so these properties are the same
behaviour as before.
"""

from __future__ import annotations

import itertools
import time
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.model import Document
from studio.model.serialize import project_to_data
from studio.screenplay import parse
from studio.workflows.reel import reel
from studio.workflows.script import breakdown

HEADINGS = [
    "INT. KITCHEN - DAY",
    "EXT. STREET - NIGHT",
    "INT. CAR",
    "ext. street - night",
    "I/E VAN",
]
scripts = st.lists(st.tuples(st.sampled_from(HEADINGS), st.integers(0, 3)), max_size=8)
suggestions = st.dictionaries(
    st.integers(0, 7),
    st.lists(st.sampled_from(["Wide", "Close on the cup", "Insert", " "]), max_size=4),
)


def fountain(scenes) -> str:
    return "".join(
        f"{heading}\n\n" + "".join(f"Line {k} of what we see.\n" for k in range(lines)) + "\n"
        for heading, lines in scenes
    )


def counter(run: str):
    """Ids that repeat from run to run (the same for both planners), unlike uuid4 ones."""
    numbers = itertools.count()
    return lambda prefix: f"{prefix}-{run}{next(numbers)}"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scripts, scripts, suggestions, suggestions, st.lists(st.booleans(), max_size=12), st.booleans()
)
def test_a_re_run_follows_the_script_and_undoes_exactly(
    first, second, first_suggestions, second_suggestions, takes, store_text
):
    doc = Document()
    with mock.patch.object(breakdown, "new_id", counter("first")):
        assert breakdown.break_down(doc, parse(fountain(first)), suggestions=first_suggestions)
    for shot, has_take in zip(doc.project.shots, takes, strict=False):
        if has_take:
            shot.takes.append("a-take")
    before, first_revision = project_to_data(doc.project), doc.revision
    text = fountain(second)
    screenplay = parse(text)
    edit = breakdown.breakdown_edit(
        doc.project, screenplay, second_suggestions, script_text=text if store_text else None
    )
    result = doc.apply(edit)
    assert result, result.reason
    after = project_to_data(doc.project)

    project = doc.project
    assert [s.heading for s in project.scenes] == [s.heading for s in screenplay.scenes]
    in_scenes = [s for s in project.shots if s.scene_id is not None]
    order = {scene.id: n for n, scene in enumerate(project.scenes)}
    assert [order[s.scene_id] for s in in_scenes] == sorted(order[s.scene_id] for s in in_scenes)
    spans, cursor = reel.spans(project), 0
    for shot in in_scenes:  # end to end, in the shots' order
        assert (spans[shot.id].start, spans[shot.id].duration) == (cursor, shot.duration)
        cursor = spans[shot.id].end
    assert not [s for s in project.shots if s.scene_id is None and s.id in spans]

    revision = doc.revision
    assert breakdown.break_down(doc, screenplay, suggestions=second_suggestions)
    assert doc.revision == revision, "a re-run of the same script is no step"
    if after == before:
        assert doc.revision == first_revision
    if doc.revision != first_revision:  # the re-run changed something: one step
        assert doc.undo()
        assert project_to_data(doc.project) == before
        assert doc.redo()
        assert project_to_data(doc.project) == after


def revised_breakdown_seconds(size: int) -> float:
    """Seconds to re-break-down `size` scenes into half old ones (reversed) and half new."""
    doc = Document()
    scene = "INT. ROOM {}{} - DAY\n\nSomeone waits.\n\n"
    assert breakdown.break_down(doc, parse("".join(scene.format("", n) for n in range(size))))
    revised = "".join(
        scene.format("", n) + scene.format("NEW ", n) for n in reversed(range(0, size, 2))
    )
    screenplay = parse(revised)
    start = time.perf_counter()
    assert breakdown.break_down(doc, screenplay)
    return time.perf_counter() - start


def test_a_revised_breakdown_grows_linearly_with_the_scenes():
    # Four times the scenes: about four times the time (the old planner took sixteen). The
    # best of three of each, so that a busy machine does not decide.
    small = min(revised_breakdown_seconds(1000) for _ in range(3))
    large = min(revised_breakdown_seconds(4000) for _ in range(3))
    assert large < 10 * small, (small, large)
