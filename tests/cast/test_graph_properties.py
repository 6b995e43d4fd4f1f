"""The sync over random scripts and revisions: idempotent, consistent, undone in one step."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.model import Document, ElementKind
from studio.model.serialize import project_to_data
from studio.screenplay import parse
from studio.workflows.cast.graph import SyncElements
from studio.workflows.script.breakdown import break_down

NAMES = ["ANN", "BO", "CY", "OLD TOM"]
PLACES = ["KITCHEN", "STREET", "CAR", "HARBOUR"]

scene = st.tuples(
    st.sampled_from(["INT.", "EXT.", "I/E"]),
    st.sampled_from(PLACES),
    st.sampled_from(["DAY", "NIGHT", "CONTINUOUS"]),
    st.lists(st.sampled_from(NAMES), max_size=3),  # who speaks
    st.lists(st.sampled_from(NAMES), max_size=2),  # who is named in the action
)
scripts = st.lists(scene, min_size=1, max_size=6)


def fountain(scenes) -> str:
    out = []
    for prefix, place, time, speakers, named in scenes:
        out.append(f"{prefix} {place} - {time}\n\n")
        out.append(" ".join(f"{n.title()} waits." for n in named) + " The light changes.\n\n")
        out += [f"{who}\nA line.\n\n" for who in speakers]
    return "".join(out)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scripts, scripts)
def test_revisions_keep_the_graph_consistent_and_undo_restores_it(first, second):
    doc = Document()
    assert break_down(doc, parse(fountain(first)), script_text=fountain(first))
    before = project_to_data(doc.project)
    result = break_down(doc, parse(fountain(second)), script_text=fountain(second))
    project = doc.project
    # A second sync finds nothing to change.
    assert doc.apply(SyncElements()).reason == "nothing to change"
    scenes = {s.id for s in project.scenes}
    shots = {s.id: s for s in project.shots}
    names = [(e.kind, e.name) for e in project.elements]
    assert len(names) == len(set(names))  # one element per name
    for element in project.elements:
        assert set(element.scenes) <= scenes and set(element.shots) <= set(shots)
        # A shot an element is in belongs to one of its scenes.
        assert all(shots[s].scene_id in element.scenes for s in element.shots)
    speakers = {n for _, _, _, who, _ in second for n in who}
    characters = {e.name for e in project.elements if e.kind is ElementKind.CHARACTER}
    assert characters == speakers  # named in action only: not a character (no cue, no age)
    places = {e.name for e in project.elements if e.kind is ElementKind.PLACE}
    assert places == {place for _, place, _, _, _ in second}
    if result.ok and doc.can_undo() and result.reason != "nothing to change":
        assert doc.undo()
        assert project_to_data(doc.project) == before
