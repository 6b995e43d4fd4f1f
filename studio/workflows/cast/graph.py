"""The story graph: which characters and places the script has, and where each appears.

Rules (docs/cast.md):
- Characters come from dialogue cues and from names introduced in action ("MIRA (17)");
  a character is in every scene that cues it or names it (or an alias) in its action.
- Places come from scene headings, INT./EXT. and the time of day stripped; a place is in
  the scenes headed with it. Props are the user's; they are in the scenes that name them.
- A shot shows the places of its scene, and the characters and props its description
  names (a shot of no scene: those its description names). When no shot of a scene names
  any of the scene's characters (one shot per scene, as a first breakdown makes), every
  shot of the scene shows them all.
- An element the script no longer names, whose scenes a new name now holds, was renamed:
  it takes the new name and keeps its description, aliases and references. One the
  script no longer names goes, unless the user gave it something (then it stays, out of
  every scene, so nothing the user made is lost).
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass

from studio.model import Element, ElementKind, Project
from studio.model.edits import AddItem, Edit, RemoveItems, UpdateItem
from studio.workflows.cast.names import canonical, name_key, place_name, scene_names, word_runs

C, P, R = ElementKind.CHARACTER, ElementKind.PLACE, ElementKind.PROP
RENAME_OVERLAP = 0.5  # the share of the smaller set of scenes two names must share


def words_of(element: Element) -> list[str]:
    return [element.name, *element.aliases]


def _keys(element: Element) -> set[str]:
    return {canonical(w) for w in words_of(element) if w.strip()}


def _is_users(element: Element) -> bool:
    return bool(element.description.strip() or element.aliases or element.references)


@dataclass
class _Script:
    """What the script names, read once per sync."""

    characters: dict[str, set[str]]  # canonical name -> scene ids that cue or introduce it
    places: dict[str, set[str]]  # canonical place -> scene ids headed with it
    action: dict[str, str]  # scene id -> its action and dialogue, plain


def _read_script(project: Project) -> _Script:
    characters: dict[str, set[str]] = {}
    places: dict[str, set[str]] = {}
    action: dict[str, str] = {}
    for scene in project.scenes:
        names = scene_names(scene.text or scene.heading)
        action[scene.id] = names.action
        for name in (*names.cues, *names.introduced):
            characters.setdefault(name, set()).add(scene.id)
        place = place_name(scene.heading)
        if place:
            places.setdefault(place, set()).add(scene.id)
    return _Script(characters, places, action)


def planned_elements(project: Project) -> list[Element]:
    """The elements as the script and shots now show them: the project's own (same ids,
    renamed ones under their new name, with fresh scenes and shots), then new ones in
    script order. Pure: reads the project, changes nothing."""
    script = _read_script(project)
    found = {C: script.characters, P: script.places}
    planned: list[Element] = []
    lost: list[Element] = []  # script-made elements whose name the script no longer has
    claimed: set[tuple[ElementKind, str]] = set()
    for element in project.elements:
        keys = _keys(element)
        if element.kind is R:
            planned.append(dataclasses.replace(element))
            continue
        named = {k for k in keys if k in found[element.kind]}
        if named:
            claimed |= {(element.kind, k) for k in named}
            planned.append(dataclasses.replace(element))
        else:
            lost.append(element)
    fresh = [
        (kind, name, scenes)
        for kind in (C, P)
        for name, scenes in found[kind].items()
        if (kind, name) not in claimed
    ]
    renamed = _pair_renames(lost, fresh)
    taken = {e.id for e in project.elements}
    for kind, name, _ in fresh:
        old = renamed.get((kind, name))
        if old is not None:
            planned.append(dataclasses.replace(old, name=name))
        else:
            planned.append(Element(element_id(kind, name, taken), kind, name))
    kept_ids = {e.id for e in planned}
    planned += [dataclasses.replace(e) for e in lost if e.id not in kept_ids and _is_users(e)]
    order = {e.id: n for n, e in enumerate(project.elements)}
    planned.sort(key=lambda e: order.get(e.id, len(order)))  # the project's order, new last
    _place(project, script, planned)
    return planned


def _pair_renames(lost: list[Element], fresh: list[tuple]) -> dict[tuple, Element]:
    """New names that took over a lost element's scenes, best overlap first. Only names
    sharing a scene are compared, so a revision of thousands of scenes stays linear."""
    by_scene: dict[str, list[tuple]] = {}
    for entry in fresh:
        for scene_id in entry[2]:
            by_scene.setdefault(scene_id, []).append(entry)
    scored = []
    for element in lost:
        before = set(element.scenes)
        seen: set[tuple] = set()
        for scene_id in before:
            for kind, name, scenes in by_scene.get(scene_id, ()):
                if kind is element.kind and (kind, name) not in seen:
                    seen.add((kind, name))
                    overlap = len(before & scenes) / min(len(before), len(scenes))
                    if overlap >= RENAME_OVERLAP:
                        scored.append((-overlap, len(scored), element, kind, name))
    scored.sort(key=lambda s: s[:2])
    pairs: dict[tuple, Element] = {}
    used: set[str] = set()
    for _, _, element, kind, name in scored:
        if element.id not in used and (kind, name) not in pairs:
            pairs[(kind, name)] = element
            used.add(element.id)
    return pairs


def element_id(kind: ElementKind, name: str, taken: set[str]) -> str:
    """A new element's id, from its kind and name: the same script gives the same ids on
    every run (a command that shows a graph it does not save shows stable ids)."""
    base = "e" + hashlib.sha1(f"{kind.value}:{name}".encode()).hexdigest()[:12]
    candidate, n = base, 1
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def _place(project: Project, script: _Script, elements: list[Element]) -> None:
    """Fill each element's scenes and shots (in script and story order). Each text is read
    into its set of word runs once; then every check is a set lookup, so a sync stays a few
    milliseconds for hundreds of scenes and elements."""
    shots_of: dict[str, list] = {}
    for shot in project.shots:
        if shot.scene_id:
            shots_of.setdefault(shot.scene_id, []).append(shot)
    # Key → the characters and props it names, so each text is matched once against all.
    named_by: dict[str, list[Element]] = {}
    for element in elements:
        if element.kind is not P:
            for key in filter(None, map(name_key, words_of(element))):
                named_by.setdefault(key, []).append(element)
    every_key = frozenset(named_by)
    longest = max((k.count(" ") + 1 for k in every_key), default=0)

    def named_in(text: str) -> set[str]:
        """The ids of the characters and props `text` names."""
        if not longest:
            return set()  # nobody to look for: no text is read
        return {e.id for key in word_runs(text, longest) & every_key for e in named_by[key]}

    naming: dict[str, set[str]] = {}  # element id → the scenes whose action names it
    for scene_id, text in script.action.items():
        for named_id in named_in(text):
            naming.setdefault(named_id, set()).add(scene_id)
    scene_order = {s.id: n for n, s in enumerate(project.scenes)}
    shot_order = {s.id: n for n, s in enumerate(project.shots)}
    here_of: dict[str, list[Element]] = {}  # scene id → its elements, in the graph's order
    for element in elements:
        if element.kind is P:
            where = set().union(*(script.places.get(k, set()) for k in _keys(element)))
        else:
            where = set(naming.get(element.id, ()))
            if element.kind is C:
                where |= set().union(*(script.characters.get(k, set()) for k in _keys(element)))
        element.scenes = sorted(where, key=scene_order.__getitem__)
        for scene_id in element.scenes:
            here_of.setdefault(scene_id, []).append(element)
    shots: dict[str, set[str]] = {e.id: set() for e in elements}
    for scene in project.scenes:
        here = here_of.get(scene.id, [])
        scene_shots = shots_of.get(scene.id, [])
        cast = {e.id for e in here if e.kind is C}
        named = {shot.id: named_in(shot.description) for shot in scene_shots}
        named_any = any(ids & cast for ids in named.values())
        for shot in scene_shots:
            for element in here:
                if (
                    element.kind is P
                    or (element.kind is C and not named_any)
                    or element.id in named[shot.id]
                ):
                    shots[element.id].add(shot.id)
    for shot in project.shots:  # a shot of no scene shows whom its description names
        if shot.scene_id not in script.action:
            for named_id in named_in(shot.description):
                shots[named_id].add(shot.id)
    for element in elements:
        element.shots = sorted(shots[element.id], key=shot_order.__getitem__)


class SyncElements(Edit):
    """Bring the story graph in line with the script and shots as they are when it runs,
    so it can end a Macro that changed them (a breakdown, a shot edit)."""

    label = "Update cast and places"

    def run(self, tx) -> None:
        project = tx.project
        planned = planned_elements(project)
        current = {e.id: e for e in project.elements}
        wanted = {e.id for e in planned}
        gone = [e.id for e in project.elements if e.id not in wanted]
        if gone:
            RemoveItems("elements", gone).run(tx)
        for element in planned:
            old = current.get(element.id)
            if old is None:
                AddItem("elements", element).run(tx)
                continue
            changed = {
                name: getattr(element, name)
                for name in ("name", "scenes", "shots")
                if getattr(old, name) != getattr(element, name)
            }
            if changed:
                UpdateItem("elements", element.id, changed).run(tx)


def with_sync(edit: Edit) -> Edit:
    """`edit`, then the story graph brought in line with it: one undo step."""
    from studio.model.edits import Macro

    return Macro(edit.label, [edit, SyncElements()])
