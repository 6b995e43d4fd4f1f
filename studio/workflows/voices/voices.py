"""Voices: each character's voice, the requests that voice the script's lines, where the
takes go on the Dialogue track, and timing shots to their dialogue (docs/voices.md).

Qt-free, so the Script panel and `storyreel reel voices` build the same requests and land
the same way (studio.workflows.landing, with a `LineTake` target).

Where lines go: in script order, each at its shot's span start or right after the line
before it, whichever is later, so lines never overlap; the right speech of dual dialogue
(`^`) starts with the left one, on a second track (Dialogue 2). Lines are not linked to
their shots (a shot's linked clips cover exactly its span: docs/reel.md); an edit that moves
shots lays the lines out again.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from studio.errors import UserError
from studio.model.edits import (
    AddItem,
    AddTrack,
    Composite,
    DeleteClips,
    Edit,
    InsertClip,
    UpdateItem,
)
from studio.model.entities import (
    DIALOGUE_TRACKS,
    Clip,
    DialogueLine,
    MediaKind,
    Track,
    TrackKind,
    Voice,
    new_id,
)
from studio.model.project import Project
from studio.model.transaction import Transaction
from studio.plugins.api import Request
from studio.workflows.reel import reel
from studio.workflows.voices.character_voices import voice_of, voice_record
from studio.workflows.voices.dialogue import LineState, PlannedLine, plan_lines


@dataclass(frozen=True)
class LineTake:
    """A landing target: the take says `text` for a line of `character` in `scene_id`."""

    line_id: str
    scene_id: str
    character: str
    text: str
    voice: dict[str, Any] = field(hash=False, compare=False, default_factory=dict)


@dataclass(frozen=True)
class Placement:
    """Where a line's picked take plays: lane 0 is the Dialogue track, 1 is Dialogue 2."""

    line_id: str
    asset_id: str
    lane: int
    start: int
    duration: int
    name: str


def characters(project: Project) -> list[str]:
    """The speaking characters of the broken-down script, in order of first speech."""
    return list(dict.fromkeys(p.speech.character for p in plan_lines(project)))


# -- requests --------------------------------------------------------------------------------


def voice_params(generator, voice: Voice) -> BaseModel:
    """The voice's parameters as the generator's Params; a bad one is named in one line."""
    try:
        return generator.Params.model_validate(voice.params)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first.get("loc", ())) or "params"
        raise UserError(f"the voice of {voice.id}: {where}: {first.get('msg')}") from None


def line_request(project: Project, text: str, params: BaseModel, seed: int) -> Request:
    """A request to say `text`: at the project's rate and fps (the take fills whole frames)."""
    settings = project.settings
    return Request(
        prompt=text,
        params=params,
        seed=seed,
        width=settings.width,
        height=settings.height,
        duration=max(1.0, len(text.split()) * 0.4),  # a guess: a line lasts as long as it takes
        fps=float(settings.fps),
        sample_rate=settings.sample_rate,
    )


def line_take(project: Project, planned: PlannedLine) -> LineTake:
    """The landing target for a planned line: its voiced line, or a new one."""
    line_id = planned.line.id if planned.line is not None else new_id("dl")
    voice = voice_record(voice_of(project, planned.speech.character))
    speech = planned.speech
    return LineTake(line_id, planned.scene_id, speech.character, speech.text, voice)


def to_voice(planned: list[PlannedLine], everything: bool = False) -> list[PlannedLine]:
    """The lines that need a take: never voiced or changed since (all, with `everything`),
    and placed in a shot."""
    return [
        p
        for p in planned
        if p.shot_id is not None and (everything or p.state is not LineState.CURRENT)
    ]


# -- landing a line's take -------------------------------------------------------------------


@dataclass(eq=False)
class RecordLineTakes(Edit):
    """(after AddAsset of the takes) Record the takes in their line, made if new, the first
    picked; keep the voice it was said in; lay the dialogue out again with it."""

    ids: list[str]
    take: LineTake
    label = "Voice line"

    def run(self, tx):
        project, take, ids = tx.project, self.take, self.ids
        old = project.item("lines", take.line_id)
        fields = {"text": take.text, "voice": dict(take.voice), "picked": ids[0]}
        if old is None:
            line = DialogueLine(
                take.line_id, take.scene_id, take.character, takes=list(ids), **fields
            )
            tx.run(AddItem("lines", line))
        else:
            tx.run(UpdateItem("lines", old.id, {"takes": [*old.takes, *ids], **fields}))
        if project.item("voices", take.character) is None and take.voice:
            # The voice is kept with the character from its first line on.
            record = take.voice
            voice = Voice(take.character, record["generator"], dict(record["params"]))
            tx.run(AddItem("voices", voice))
        tx.run(LayOutDialogue())


# -- the Dialogue track ----------------------------------------------------------------------


def layout(project: Project, planned: list[PlannedLine]) -> list[Placement]:
    """Where every voiced line plays (see the module's note), in the shots' spans as they
    are now."""
    fps = project.settings.fps
    spans = {shot: (c.start, c.end) for shot, c in reel.spans(project).items()}
    rows = [p for p in planned if p.shot_id in spans and p.line is not None and p.line.picked]
    rows.sort(key=lambda p: (spans[p.shot_id][0], p.order))
    out: list[Placement] = []
    cursor = 0
    left: tuple[PlannedLine, Placement] | None = None
    for p in rows:
        asset = project.assets.get(p.line.picked)
        length = asset.length_frames(fps) if asset and asset.kind is MediaKind.AUDIO else None
        if not length:
            continue
        pair = left is not None and p.speech.dual == 2 and left[0].order == p.order - 1
        start = left[1].start if pair else max(cursor, spans[p.shot_id][0])
        name = f"{p.speech.character}: {_words(p.speech.text)}"
        placed = Placement(p.line.id, asset.id, 1 if pair else 0, start, length, name)
        out.append(placed)
        cursor = max(cursor, start + length)
        left = (p, placed) if p.speech.dual == 1 else None
    return out


def dialogue_tracks(project: Project) -> list[Track | None]:
    """The Dialogue track and its second lane, where they exist."""
    found = {t.name: t for t in project.tracks if t.kind is TrackKind.AUDIO}
    return [found.get(name) for name in DIALOGUE_TRACKS]


def dialogue_clips(project: Project) -> list[Clip]:
    """The clips that play voiced lines."""
    takes = {a for line in project.lines for a in line.takes}
    return [
        c for t in dialogue_tracks(project) if t is not None for c in t.clips if c.asset_id in takes
    ]


def dialogue_edits(project: Project, placements: list[Placement]) -> list[Edit]:
    """Edits that make the Dialogue tracks play `placements`; none when they already do."""
    tracks = dialogue_tracks(project)
    old = dialogue_clips(project)
    lane_of = {t.id: n for n, t in enumerate(tracks) if t is not None}
    now = {(lane_of[project.track_of(c.id).id], c.asset_id, c.start, c.duration) for c in old}
    if now == {(p.lane, p.asset_id, p.start, p.duration) for p in placements}:
        return []
    edits: list[Edit] = [DeleteClips([c.id for c in old], linked=False)] if old else []
    track_ids = []
    for n, track in enumerate(tracks):
        if track is None and any(p.lane == n for p in placements):
            track_id = new_id("t")
            edits.append(AddTrack(TrackKind.AUDIO, DIALOGUE_TRACKS[n], track_id=track_id))
            track_ids.append(track_id)
        else:
            track_ids.append(track.id if track else "")
    edits += [
        InsertClip(track_ids[p.lane], Clip(new_id("c"), p.asset_id, p.start, p.duration, 0, p.name))
        for p in placements
    ]
    return edits


class LayOutDialogue(Edit):
    """Make the Dialogue tracks play every voiced line where the project, as it is when this
    runs, puts it (so it can end a composite edit that moved shots or added a take)."""

    label = "Lay out dialogue"

    def run(self, tx):
        for edit in dialogue_edits(tx.project, layout(tx.project, plan_lines(tx.project))):
            tx.run(edit)


def relayout_edit(project: Project) -> Edit | None:
    """Lay the voiced lines out again after their shots moved; None when they are in place."""
    in_place = not dialogue_edits(project, layout(project, plan_lines(project)))
    return None if in_place else LayOutDialogue()


# -- time shots to dialogue ------------------------------------------------------------------


@dataclass(frozen=True)
class Fitting:
    edit: Edit | None  # None: every shot already holds its lines
    grown: int  # how many shots grow
    short: list[str]  # shots that show a clip too short to hold their lines


def fit_shots(project: Project) -> Fitting:
    """One edit that grows each shot's span to hold its lines, moving the later shots
    right with everything linked to them, and lays the lines out in the new spans.

    A shot showing a video grows no longer than its media (it is named in `short`). The
    counts describe the project as it is now; the edit plans again as it runs."""
    moved, updates, short = _fit(project)
    if not moved:
        return Fitting(None, 0, short)

    def steps(tx: Transaction) -> None:
        moved, updates, _ = _fit(tx.project)
        if not moved:
            return
        tracks = {c.id: tx.project.track_of(c.id).id for c, _, _ in moved}
        tx.run(DeleteClips(list(tracks), linked=False))
        for c, start, duration in moved:
            tx.run(InsertClip(tracks[c.id], dataclasses.replace(c, start=start, duration=duration)))
        for edit in updates:
            tx.run(edit)
        tx.run(LayOutDialogue())  # in the spans the steps above made

    return Fitting(Composite("Time shots to dialogue", steps), len(updates), short)


def _fit(project: Project) -> tuple[list[tuple[Clip, int, int]], list[Edit], list[str]]:
    """The clips that move or grow (clip, new start, new duration), the shots whose length
    changes, and the shots too short to hold their lines."""
    planned = plan_lines(project)
    shown = reel.spans(project)
    needed: dict[str, int] = {}
    lengths = _lengths(project, planned)
    pair_left: dict[int, int] = {}
    for p in planned:
        if p.shot_id is None or p.line is None or p.line.id not in lengths:
            continue
        length = lengths[p.line.id]
        if p.speech.dual == 2 and p.order - 1 in pair_left:
            extra = max(0, length - pair_left.pop(p.order - 1))
        else:
            extra = length
        if p.speech.dual == 1:
            pair_left[p.order] = length
        needed[p.shot_id] = needed.get(p.shot_id, 0) + extra
    moved: list[tuple[Clip, int, int]] = []
    updates: list[Edit] = []
    short: list[str] = []
    shift = 0
    clips_of = reel.clips_by_shot(project)
    for shot_id, clip in sorted(shown.items(), key=lambda item: item[1].start):
        length = clip.duration
        want = needed.get(shot_id, 0)
        if want > length:
            room = _room(project, clip)
            if room < want:
                short.append(shot_id)
            length = max(length, min(want, room))
        start = clip.start + shift
        if length != clip.duration:
            updates.append(UpdateItem("shots", shot_id, {"duration": length}))
        if (start, length) != (clip.start, clip.duration):
            moved += [(c, start, length) for c in clips_of.get(shot_id, [clip])]
        shift += length - clip.duration
    return moved, updates, short


def _lengths(project: Project, planned: list[PlannedLine]) -> dict[str, int]:
    """Each voiced line's length in frames, by line id."""
    fps = project.settings.fps
    out = {}
    for p in planned:
        asset = project.assets.get(p.line.picked) if p.line and p.line.picked else None
        length = asset.length_frames(fps) if asset and asset.kind is MediaKind.AUDIO else None
        if length:
            out[p.line.id] = length
    return out


def _room(project: Project, clip: Clip) -> int:
    """How long a span showing `clip` can be: a video no longer than its media."""
    asset = project.assets.get(clip.asset_id) if clip.asset_id else None
    length = asset.length_frames(project.settings.fps) if asset else None
    return (length - clip.source_in) if length is not None else 1 << 62


def _words(text: str, most: int = 6) -> str:
    words = text.split()
    return " ".join(words[:most]) + ("…" if len(words) > most else "")
