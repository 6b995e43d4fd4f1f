"""Breakdown at scale: the linear planner gives exactly what the old quadratic one gave.

The old planner's matching and reordering (as of the commit before this change) is kept
here as a subclass; hypothesis drives both over random scripts, re-runs, suggestions and
takes, and the two documents must be equal, and undo must restore the one before.
"""

from __future__ import annotations

import copy
import difflib
import itertools
import time
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studio.model import Document
from studio.model.edits import AddItem, MoveItem, RemoveItem, UpdateItem
from studio.model.entities import Scene
from studio.model.serialize import project_to_data
from studio.screenplay import parse
from studio.workflows.script import breakdown
from studio.workflows.script.breakdown import (
    PlannedScene,
    Shot,
    _key,
    _letter,
    _new,
    _Planner,
    _Slot,
)


def new_id(prefix: str) -> str:
    return breakdown.new_id(prefix)  # patched to a counter in the tests


class OldPlanner(_Planner):
    """The matching, shot and reorder steps as they were: MoveItem per moved item, lookups by
    scanning lists. Placeholders and the rest are shared with the new planner."""

    def _scenes(self) -> list[str]:
        """Match, update, add and remove scenes; return the new scenes' ids in script order."""
        old = self.project.scenes
        matcher = difflib.SequenceMatcher(
            None, [_key(s.heading) for s in old], [_key(p.heading) for p in self.planned], False
        )
        matched: dict[int, Scene] = {}
        renamed: list[tuple[int, int]] = []
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            pairs = list(zip(range(i1, i2), range(j1, j2), strict=False))
            if tag == "equal":
                matched.update((j, old[i]) for i, j in pairs)
            elif tag == "replace":
                renamed += pairs
        # A heading that moved elsewhere keeps its scene; then a changed heading in the same
        # place is the same scene renamed.
        used = {id(s) for s in matched.values()}
        spare = [s for s in old if id(s) not in used]
        for j, plan in enumerate(self.planned):
            if j not in matched:
                same = next((s for s in spare if _key(s.heading) == _key(plan.heading)), None)
                if same is not None:
                    matched[j] = same
                    spare.remove(same)
        for i, j in renamed:
            if j not in matched and old[i] in spare:
                matched[j] = old[i]
                spare.remove(old[i])
        ids = []
        for j, plan in enumerate(self.planned):
            fields = {"heading": plan.heading, "text": plan.text, "number": plan.number}
            scene = matched.get(j)
            if scene is None:
                scene = Scene(new_id("s"), **fields)
                self.edits.append(AddItem("scenes", scene))
            else:
                changed = {k: v for k, v in fields.items() if getattr(scene, k) != v}
                if changed:
                    self.edits.append(UpdateItem("scenes", scene.id, changed))
            ids.append(scene.id)
        kept = {s.id for s in matched.values()}
        for scene in old:
            if scene.id not in kept:
                for shot in self._shots_of(scene.id):
                    if shot.takes:
                        self.edits.append(UpdateItem("shots", shot.id, {"scene_id": None}))
                    else:
                        self.edits.append(RemoveItem("shots", shot.id))
                self.edits.append(RemoveItem("scenes", scene.id))
        self._reorder("scenes", [s.id for s in old if s.id in kept] + _new(ids, kept), ids)
        return ids

    def _shots(self, scene_ids: list[str]) -> list[_Slot]:
        """Update, add or remove each scene's shots; return the shots in timeline order."""
        order: list[_Slot] = []
        for plan, scene_id in zip(self.planned, scene_ids, strict=True):
            frames = [self._frames(s.seconds) for s in plan.shots]
            old = self._shots_of(scene_id)
            if plan.suggested:
                shots = self._take_suggestion(plan, scene_id, old, frames)
            else:
                shots = self._keep_shots(plan, scene_id, old, frames)
            for n, (shot_id, length, description) in enumerate(shots):
                label = plan.number + (_letter(n) if len(shots) > 1 else "")
                order.append(_Slot(shot_id, f"{label} {plan.heading}", length, description))
        wanted = [slot.shot_id for slot in order]
        removed = {e.item_id for e in self.edits if isinstance(e, RemoveItem)}
        current = [s.id for s in self.project.shots if s.id not in removed]
        listed = set(wanted)
        orphans = [shot_id for shot_id in current if shot_id not in listed]
        self._reorder("shots", current + _new(wanted, set(current)), wanted + orphans)
        return order

    def _take_suggestion(
        self, plan: PlannedScene, scene_id: str, old: list[Shot], frames: list[int]
    ):
        """A suggested shot list replaces the scene's shots, except that shots with takes
        keep their description, and are kept even when the new list is shorter."""
        out = []
        for n, length in enumerate(frames):
            if n < len(old):
                shot = old[n]
                description = shot.description if shot.takes else plan.shots[n].description
                self._update(shot, length, description)
                out.append((shot.id, length, description))
            else:
                out.append(self._add(plan.shots[n], scene_id, length))
        for shot in old[len(frames) :]:
            if shot.takes:
                out.append((shot.id, shot.duration, shot.description))
            else:
                self.edits.append(RemoveItem("shots", shot.id))
        return out

    def _shots_of(self, scene_id: str) -> list[Shot]:
        return [s for s in self.project.shots if s.scene_id == scene_id]

    def _reorder(self, list_name: str, current: list[str], wanted: list[str]) -> None:
        """MoveItem edits that turn the list order `current` (as the edits before leave it)
        into `wanted`, simulated here since the edits run only when the Macro applies."""
        current = list(current)
        for index, item_id in enumerate(wanted):
            if current[index] != item_id:
                current.remove(item_id)
                current.insert(index, item_id)
                self.edits.append(MoveItem(list_name, item_id, index))


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


def planned_and_applied(planner, project, text, suggested, store_text):
    doc = Document(copy.deepcopy(project))
    screenplay = parse(text)
    with mock.patch.object(breakdown, "new_id", counter("again")):
        planned = breakdown.plan_scenes(screenplay, suggested)
        edit = planner(doc.project, planned).edit(text if store_text else None, screenplay)
    result = doc.apply(edit)
    return doc, bool(result), result.reason


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    scripts, scripts, suggestions, suggestions, st.lists(st.booleans(), max_size=12), st.booleans()
)
def test_the_linear_planner_gives_what_the_old_one_gave(
    first, second, first_suggestions, second_suggestions, takes, store_text
):
    doc = Document()
    with mock.patch.object(breakdown, "new_id", counter("first")):
        assert breakdown.break_down(doc, parse(fountain(first)), suggestions=first_suggestions)
    for shot, has_take in zip(doc.project.shots, takes, strict=False):
        if has_take:
            shot.takes.append("a-take")
    before = project_to_data(doc.project)
    text = fountain(second)
    old, old_ok, old_reason = planned_and_applied(
        OldPlanner, doc.project, text, second_suggestions, store_text
    )
    new, new_ok, new_reason = planned_and_applied(
        _Planner, doc.project, text, second_suggestions, store_text
    )
    assert (new_ok, new_reason) == (old_ok, old_reason)
    assert project_to_data(new.project) == project_to_data(old.project)
    assert new.can_undo() == old.can_undo()
    if new.can_undo():
        assert new.undo()
        assert project_to_data(new.project) == before


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
