"""Break a script down into the document's scenes and shots, with storyboard placeholders.

Lengths: dialogue at speaking pace (150 words a minute) plus action at the page-a-minute
rule applied to its printed lines (54 to a page); a scene with neither falls back to its
printed length at a page a minute, at least an eighth of a page.

Each shot gets its span on the storyboard's picture track (studio.workflows.reel.reel, the reel's
layout rule): laid end to end in script order, a placeholder card (a clip with no media,
showing the shot's description) until the shot has a frame. Cards need no media file, so
a breakdown writes nothing to disk. A re-run moves spans that hold frames or clips, and
their linked sound, with them.

Re-running after the script changed updates the document in place, as one Macro edit:
scenes are matched to the old ones by heading and order (difflib's alignment; a scene that
moved keeps its identity, and a renamed heading in the same place keeps its scene). A kept
scene keeps its shots, ids, takes and picked take, and its new length is shared among them
in their old proportions; a removed scene's shots go with it unless they have takes, which
stay, unlinked from any scene. Placeholder clips keep their ids.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass
from fractions import Fraction

from studio.model.document import Document, Result
from studio.model.edits import (
    AddItem,
    DeleteClips,
    Edit,
    InsertClip,
    Macro,
    RemoveItems,
    RemoveTrack,
    ReorderItems,
    SetScript,
    UpdateItem,
)
from studio.model.entities import Clip, Scene, Shot, TrackKind, new_id
from studio.model.project import Project
from studio.model.time import seconds_to_frames
from studio.plugins.api import Context, Generator, Request, Text
from studio.screenplay.elements import ElementType, Screenplay
from studio.screenplay.elements import Scene as ScriptScene
from studio.screenplay.fountain_writer import write_fountain
from studio.screenplay.layout import LINES_PER_PAGE, line_count
from studio.screenplay.markup import plain
from studio.workflows.cast.graph import SyncElements
from studio.workflows.reel import reel

T = ElementType
STORYBOARD_TRACK = "Storyboard"
SECONDS_PER_WORD = 60 / 150
SECONDS_PER_LINE = 60 / LINES_PER_PAGE
SHORTEST_SCENE = 60 / 8  # an eighth of a page, the smallest length a schedule counts


@dataclass(frozen=True)
class PlannedShot:
    description: str
    seconds: float


@dataclass(frozen=True)
class PlannedScene:
    heading: str
    number: str  # the scene's own number, else its position counting from 1
    text: str  # the scene as Fountain text
    seconds: float
    shots: tuple[PlannedShot, ...]
    suggested: bool = False  # shots came from a text model, so they may replace old ones


def estimate_seconds(scene: ScriptScene) -> float:
    words = sum(
        len(plain(e.text).split()) for e in scene.elements if e.type in (T.DIALOGUE, T.LYRICS)
    )
    action = sum(line_count(e) for e in scene.elements if e.type in (T.ACTION, T.CENTERED))
    seconds = words * SECONDS_PER_WORD + action * SECONDS_PER_LINE
    if seconds:
        return seconds
    printed = sum(line_count(e) + 1 for e in scene.elements)
    return max(SHORTEST_SCENE, printed * SECONDS_PER_LINE)


def scene_summaries(screenplay: Screenplay) -> list[dict]:
    """One row per scene for `storyreel script scenes --json` (line counts from 1)."""
    return [
        {
            "number": scene.label,
            "heading": scene.heading,
            "line": scene.start_line + 1,
            "estimated_seconds": round(estimate_seconds(scene), 1),
        }
        for scene in screenplay.scenes
    ]


def plan_scenes(
    screenplay: Screenplay, suggestions: dict[int, list[str]] | None = None
) -> list[PlannedScene]:
    """Scenes and their shots: one per scene, or the suggested descriptions for a scene
    (by scene index), sharing the scene's estimated length equally."""
    planned = []
    for scene in screenplay.scenes:
        seconds = estimate_seconds(scene)
        described = [d for d in (suggestions or {}).get(scene.index, []) if d.strip()]
        descriptions = described or [_default_description(scene)]
        share = seconds / len(descriptions)
        shots = tuple(PlannedShot(d, share) for d in descriptions)
        text = write_fountain(Screenplay(scene.elements)).rstrip("\n")
        planned.append(
            PlannedScene(scene.heading, scene.label, text, seconds, shots, bool(described))
        )
    return planned


def breakdown_edit(
    project: Project,
    screenplay: Screenplay,
    suggestions: dict[int, list[str]] | None = None,
    script_text: str | None = None,
) -> Macro:
    """The one undoable edit that brings scenes, shots and placeholders in line with
    `screenplay`; with `script_text`, it also stores the script's text."""
    return _Planner(project, plan_scenes(screenplay, suggestions)).edit(script_text, screenplay)


def break_down(document: Document, screenplay: Screenplay, **options) -> Result:
    """Apply `breakdown_edit` to a document (see it for the options)."""
    return document.apply(breakdown_edit(document.project, screenplay, **options))


# -- text-model help -------------------------------------------------------------------------

SHOT_PROMPT = (
    "Break this screenplay scene into a numbered list of at most {most} storyboard shots. "
    "Write one line per shot: the framing and what we see.\n\n{scene}\n\nShots:\n"
)
_NUMBERING = re.compile(r"^\s*(?:(?:\d+[.):]|[-*\u2022])\s*)+")


def shot_prompt(scene_text: str, most: int = 6) -> str:
    return SHOT_PROMPT.format(scene=scene_text.strip(), most=most)


def parse_shot_list(text: str, most: int = 6) -> list[str]:
    """Shot descriptions from a model's answer: numbered or bulleted lines; prose is dropped."""
    shots = []
    for line in text.splitlines():
        match = _NUMBERING.match(line)
        if match and line[match.end() :].strip():
            shots.append(line[match.end() :].strip())
    return shots[:most]


def suggest_shots(
    scene_text: str, generator: Generator, ctx: Context, *, seed: int = 0, most: int = 6, **params
) -> list[str]:
    """Ask a loaded text generator for a scene's shots, through the plugin API.

    Runs on a worker thread; an empty list means the answer held no shot list (the
    breakdown then keeps one shot for the scene)."""
    request = Request(
        prompt=shot_prompt(scene_text, most), params=type(generator).Params(**params), seed=seed
    )
    output = generator.generate(request, ctx)
    if not isinstance(output, Text):
        raise TypeError(f"{type(generator).__name__} made {output.kind.value}, not text")
    return parse_shot_list(output.text, most)


# -- the edit --------------------------------------------------------------------------------


def _default_description(scene: ScriptScene) -> str:
    action = next((e for e in scene.elements if e.type is T.ACTION and e.text.strip()), None)
    if action is None:
        return scene.heading
    first = plain(action.text).strip().split("\n")[0]
    sentence = re.split(r"(?<=[.!?])\s", first, maxsplit=1)[0]
    return sentence[:200]


@dataclass(frozen=True)
class _Slot:
    """A shot's place on the storyboard track."""

    shot_id: str
    name: str
    frames: int
    description: str


def _key(heading: str) -> str:
    return " ".join(heading.casefold().split())


class _Planner:
    def __init__(self, project: Project, planned: list[PlannedScene]) -> None:
        self.project = project
        self.planned = planned
        self.fps = project.settings.fps
        self.edits: list[Edit] = []
        self._by_scene: dict[str | None, list[Shot]] | None = None
        self._removed_shots: list[str] = []  # removed in one pass, before the shots reorder

    def edit(self, script_text: str | None, screenplay: Screenplay) -> Macro:
        if script_text is not None and script_text != self.project.script.text:
            self.edits.append(SetScript(script_text, screenplay.title or None))
        scene_ids = self._scenes()
        shot_order = self._shots(scene_ids)
        self._placeholders(shot_order)
        # The story graph follows the new scenes and shots (studio.workflows.cast).
        return Macro("Break down script", [*self.edits, SyncElements()])

    def _frames(self, seconds: float) -> int:
        return max(1, seconds_to_frames(Fraction(seconds).limit_denominator(1000), self.fps))

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
        # A heading that moved elsewhere keeps its scene (the first spare one with that
        # heading, in the old order); then a changed heading in the same place is the same
        # scene renamed. Spare scenes are kept by heading so each lookup is one dict access.
        used = {id(s) for s in matched.values()}
        spare: dict[int, Scene] = {id(s): s for s in old if id(s) not in used}
        by_heading: dict[str, list[Scene]] = {}
        for s in reversed(spare.values()):
            by_heading.setdefault(_key(s.heading), []).append(s)  # reversed: pop() is first
        for j, plan in enumerate(self.planned):
            if j not in matched:
                alike = by_heading.get(_key(plan.heading))
                if alike:
                    same = alike.pop()
                    matched[j] = same
                    del spare[id(same)]
        for i, j in renamed:
            if j not in matched and id(old[i]) in spare:
                matched[j] = old[i]
                del spare[id(old[i])]
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
        removed_scenes = []
        for scene in old:
            if scene.id not in kept:
                for shot in self._shots_of(scene.id):
                    if shot.takes:
                        self.edits.append(UpdateItem("shots", shot.id, {"scene_id": None}))
                    else:
                        self._removed_shots.append(shot.id)
                removed_scenes.append(scene.id)
        if removed_scenes:
            self.edits.append(RemoveItems("scenes", removed_scenes))
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
        removed = set(self._removed_shots)
        if removed:
            self.edits.append(RemoveItems("shots", self._removed_shots))
        current = [s.id for s in self.project.shots if s.id not in removed]
        listed = set(wanted)
        orphans = [shot_id for shot_id in current if shot_id not in listed]
        self._reorder("shots", current + _new(wanted, set(current)), wanted + orphans)
        return order

    def _keep_shots(self, plan: PlannedScene, scene_id: str, old: list[Shot], frames: list[int]):
        """The default plan: a scene's existing shots stay, sharing its new length."""
        if not old:
            return [self._add(plan.shots[n], scene_id, length) for n, length in enumerate(frames)]
        lengths = _share(sum(frames), [s.duration for s in old])
        out = []
        for shot, length in zip(old, lengths, strict=True):
            self._update(shot, length, shot.description or plan.shots[0].description)
            out.append((shot.id, length, shot.description or plan.shots[0].description))
        return out

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
                self._removed_shots.append(shot.id)
        return out

    def _add(self, planned: PlannedShot, scene_id: str, length: int):
        shot = Shot(new_id("sh"), scene_id, planned.description, length)
        self.edits.append(AddItem("shots", shot))
        return (shot.id, length, planned.description)

    def _update(self, shot: Shot, length: int, description: str) -> None:
        changed: dict = {}
        if shot.duration != length:
            changed["duration"] = length
        if shot.description != description:
            changed["description"] = description
        if changed:
            self.edits.append(UpdateItem("shots", shot.id, changed))

    def _placeholders(self, order: list[_Slot]) -> None:
        """Lay the shots' spans end to end on the picture track in script order (the reel's
        rule, studio.workflows.reel.reel): a shot without a picture gets a card with its
        description; one with a picture keeps it (a video no longer than its media); the
        shot's linked clips on other tracks follow its span. The cards of projects broken
        down before the rule, on a text track, go."""
        project = self.project
        track = reel.picture_track(project)
        if track is None:
            add, track_id = reel.new_picture_track(project)
            self.edits.append(add)
            spans: dict[str, Clip] = {}
        else:
            track_id = track.id
            spans = {c.shot_id: c for c in track.clips if c.shot_id}
        legacy = [
            c
            for t in project.tracks
            if t.kind is TrackKind.TEXT and t.name == STORYBOARD_TRACK
            for c in t.clips
            if c.shot_id
        ]
        old: list[Clip] = list(legacy)
        clips_of = reel.clips_by_shot(project)  # one pass: a breakdown stays linear in shots
        new: list[tuple[str, Clip]] = []
        start = 0
        for slot in order:
            shown = spans.get(slot.shot_id)
            length = slot.frames
            if shown is None:
                clip = Clip(new_id("c"), None, start, length, name=slot.name, shot_id=slot.shot_id)
                clip.text, clip.link = slot.description, slot.shot_id
            else:
                length = min(length, _room(project, shown))
                clip = dataclasses.replace(shown, start=start, duration=length, link=slot.shot_id)
                if shown.asset_id is None:
                    clip.name, clip.text = slot.name, slot.description
                old.append(shown)
            new.append((track_id, clip))
            for linked in clips_of.get(slot.shot_id, ()):
                if linked is not shown and project.track_of(linked.id).kind is not TrackKind.TEXT:
                    moved = dataclasses.replace(linked, start=start, duration=length)
                    new.append((project.track_of(linked.id).id, moved))
                    old.append(linked)
            start += length
        # Shots that left the order (removed, or kept for their takes with no scene) leave
        # the timeline with their linked clips; their takes stay in the project.
        placed = {slot.shot_id for slot in order}
        for shot_id, shown in spans.items():
            if shot_id not in placed:
                old += [shown, *(c for c in clips_of.get(shot_id, ()) if c is not shown)]
        before = {c.id: c for c in old}
        unchanged = len(before) == len(new) and all(before.get(c.id) == c for _, c in new)
        if unchanged and not legacy:
            return  # a re-run with nothing new adds no undo step
        if old:
            self.edits.append(DeleteClips(list(before), linked=False))
        self.edits += [InsertClip(tid, clip) for tid, clip in new]
        gone = {c.id for c in legacy}
        self.edits += [
            RemoveTrack(t.id)
            for t in project.tracks
            if t.kind is TrackKind.TEXT and t.clips and all(c.id in gone for c in t.clips)
        ]

    def _shots_of(self, scene_id: str) -> list[Shot]:
        # The project does not change while the edit is planned: group its shots once.
        if self._by_scene is None:
            self._by_scene = {}
            for shot in self.project.shots:
                self._by_scene.setdefault(shot.scene_id, []).append(shot)
        return list(self._by_scene.get(scene_id, ()))

    def _reorder(self, list_name: str, current: list[str], wanted: list[str]) -> None:
        """The edit that turns the list order `current` (as the edits before leave it) into
        `wanted`: one reorder of the whole list, if the order changes at all."""
        if list(current) != list(wanted):
            self.edits.append(ReorderItems(list_name, list(wanted)))


def _room(project: Project, clip: Clip) -> int:
    """How long a span showing `clip` can be: a video no longer than its media."""
    asset = project.assets.get(clip.asset_id) if clip.asset_id else None
    length = asset.length_frames(project.settings.fps) if asset else None
    return (length - clip.source_in) if length is not None else 1 << 62


def _new(ids: list[str], known: set[str]) -> list[str]:
    return [i for i in ids if i not in known]


def _letter(n: int) -> str:
    return chr(ord("A") + n) if n < 26 else str(n + 1)


def _share(total: int, weights: list[int]) -> list[int]:
    """Split `total` frames in proportion to `weights`, summing exactly (at least 1 each)."""
    whole = sum(weights) or len(weights)
    weights = weights if sum(weights) else [1] * len(weights)
    bounds = [0]
    running = 0
    for w in weights:
        running += w
        bounds.append(round(total * running / whole))
    return [max(1, b - a) for a, b in zip(bounds, bounds[1:], strict=False)]
