"""One landing path: a finished job becomes takes in the project, and one edit places them.

Every panel, the Jobs dock's Retry and Place, the Generate dialog and the command line
land jobs here, in two halves:

- `bring_in` (any thread): the job's files move (or, when the caller keeps its own copy,
  are copied) into the project's media/ with their provenance sidecars, and become assets
  from what the job already holds: the output's size and length, the request's provenance.
  Nothing is probed.
- `landing_edit` (the document's thread): one undoable edit that adds the assets, records
  them as takes of the job's `Target` (a shot, or a score range) and places the first: in
  the shot's span (studio.workflows.reel.reel), over the score range, or at a frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studio.engine.provenance import sidecar_path, take_records, write_sidecar
from studio.errors import UserError
from studio.model import Asset, MediaKind, Project, ScoreRange, TrackKind, new_id
from studio.model.edits import (
    AddAsset,
    AddItem,
    AddTrack,
    Composite,
    DeleteClips,
    Edit,
    EditError,
    InsertClip,
    UpdateItem,
)
from studio.model.entities import Clip, is_dialogue_track
from studio.model.files import check_inside, stored_path
from studio.model.project import clips_in_range
from studio.model.time import seconds_to_frames, timecode
from studio.model.transaction import Transaction
from studio.plugins.api import Audio, Image, Text, Video
from studio.workflows.reel import reel
from studio.workflows.score.refit import FITTED_TO

if TYPE_CHECKING:
    from studio.workflows.voices import voices

DUCK_DB = -12.0  # how far a score take dips under dialogue, until its clip says otherwise


@dataclass(frozen=True)
class Target:
    """What a job's take is for. Carried by the job (and its retries) to where it lands.

    shot_id: a take of this shot, shown in its span.
    score: a take of the score range [start, end) (frames), placed over it; `follows`
        says what the range follows, `fitted_to` notes the cut under it (for refits) and
        `replaces` names a placed score clip this take refits.
    at: a take placed on the timeline at this frame.
    line: a take of a line of dialogue, laid out on the Dialogue track
        (studio.workflows.voices.voices).
    None of them: the take joins the project's media only.
    """

    shot_id: str | None = None
    score: tuple[int, int] | None = None
    follows: str = ""
    fitted_to: dict | None = field(default=None, hash=False, compare=False)
    replaces: str | None = None
    at: int | None = None
    line: voices.LineTake | None = None


def bring_in(folder: Path | None, job: Any, *, keep_source: bool = False) -> list[Asset]:
    """(any thread) The job's files as assets of the project in `folder`.

    Files already in media/ stay; others move there (copied when `keep_source`: the
    command line's --out file is the user's). With no folder the files stay where they are.
    """
    if not job.paths:
        raise UserError(f"job #{job.id} wrote no file")
    records = take_records(job.generator, job.request, job.output, Path(job.paths[0]))
    target = getattr(job, "target", None)
    fitted_to = target.fitted_to if isinstance(target, Target) else None
    assets = []
    for index, (path, record) in enumerate(zip(job.paths, records, strict=False)):
        if fitted_to is not None:
            record = record.model_copy(update={FITTED_TO: fitted_to})
        location = _into_media(folder, Path(path), keep_source) if folder else Path(path)
        if location != Path(path) or fitted_to is not None:
            write_sidecar(location, record)  # the record travels with the file
        data = record.model_dump(mode="json", by_alias=True)
        stored = stored_path(folder, location) if folder else str(location.resolve())
        assets.append(_asset(job.output, index, stored, location.stem, data))
    return assets


def _into_media(folder: Path, path: Path, keep_source: bool) -> Path:
    from studio.workflows.importer import copy_into_media  # probing code: not at start-up

    check_inside(Path(folder), Path(folder) / "media")  # no take copied out of the project
    media = (Path(folder) / "media").resolve()
    if path.resolve().parent == media:
        return path
    location = copy_into_media(Path(folder), path)
    if not keep_source:
        path.unlink(missing_ok=True)
        sidecar_path(path).unlink(missing_ok=True)
    return location


def _asset(output: Any, index: int, stored: str, name: str, provenance: dict) -> Asset:
    """An asset from what the generator returned (as written by studio.engine.outputs)."""
    asset = Asset(new_id("a"), MediaKind.TEXT, name, stored, provenance=provenance)
    if isinstance(output, Image):
        image = output.image if index == 0 else output.variations[index - 1]
        asset.kind = MediaKind.IMAGE
        asset.width, asset.height = image.size
    elif isinstance(output, Audio):
        asset.kind = MediaKind.AUDIO
        asset.sample_rate = output.sample_rate
        asset.samples, asset.channels = output.samples.shape[0], output.samples.shape[1]
    elif isinstance(output, Video):
        frames, height, width = output.frames.shape[:3]
        asset.kind = MediaKind.VIDEO
        # H.264 4:2:0 is written at even sizes (outputs._write_video pads).
        asset.width, asset.height = width + width % 2, height + height % 2
        asset.fps = Fraction(output.fps).limit_denominator(1001)
        asset.frames = frames
        asset.has_audio = output.audio is not None
    elif not isinstance(output, Text):
        raise UserError(f"cannot land a {type(output).__name__}")
    return asset


def landing_edit(project: Project, assets: list[Asset], target: Target | None) -> Edit:
    """One undoable edit: the assets join the project as takes of the target and the first
    is placed. It reads the project as it applies; when the target is gone (a removed shot)
    or has no room, `apply` refuses it with the reason."""
    target = target or Target()
    _name_takes(project, assets, target)
    ids = [a.id for a in assets]

    def steps(tx: Transaction) -> None:
        if not assets:
            raise EditError("nothing to land")
        first = assets[0]
        for asset in assets:
            tx.run(AddAsset(asset))
        if target.shot_id:
            shot = tx.project.item("shots", target.shot_id)
            if shot is None:
                raise EditError("its shot was removed meanwhile; the take is kept in the media bin")
            tx.run(UpdateItem("shots", shot.id, {"takes": [*shot.takes, *ids], "picked": ids[0]}))
            tx.run(reel.ShowInSpan(shot.id, first))
        elif target.score:
            _score_steps(tx, first, ids, target)
        elif target.line:
            # The voices workflow brings the screenplay parsers: only for a line's take.
            from studio.workflows.voices import voices

            tx.run(voices.RecordLineTakes(ids, target.line))
        elif target.at is not None:
            tx.run(place_existing(tx.project, first, target.at)[0])

    return Composite(_label(project, assets, target), steps)


def _label(project: Project, assets: list[Asset], target: Target) -> str:
    """The landing's name in the undo menu."""
    name = assets[0].name if assets else "take"
    if target.shot_id:
        shot = project.item("shots", target.shot_id)
        return f"Take for {(shot.description[:40] if shot else '') or 'shot'}"
    if target.score:
        return "Score take"
    if target.line:
        return f"Voice {target.line.character}"
    return f"Place {name}" if target.at is not None else f"Add {name}"


def _name_takes(project: Project, assets: list[Asset], target: Target) -> None:
    """Name new takes as a person would: what they are for and which take, not a hash."""
    if target.shot_id and (shot := project.item("shots", target.shot_id)) is not None:
        number = project.shots.index(shot) + 1
        head = f"Shot {number}" + (f" {_words(shot.description)}" if shot.description else "")
        first = len(shot.takes) + 1
    elif target.score:
        found = [r for r in project.score_ranges if (r.start, r.end) == target.score]
        fps = project.settings.fps
        start, end = (timecode(f, fps) for f in target.score)
        head, first = f"Score {start}–{end}", (len(found[0].takes) + 1 if found else 1)
    elif target.line:
        line = project.item("lines", target.line.line_id)
        head = f"{target.line.character}: {_words(target.line.text)}"
        first = len(line.takes) + 1 if line is not None else 1
    else:
        for asset in assets:
            prompt = (asset.provenance or {}).get("prompt", "")
            asset.name = _words(prompt) or asset.name
        return
    for n, asset in enumerate(assets, start=first):
        asset.name = f"{head}, take {n}"


def _words(text: str, most: int = 6) -> str:
    """The first words of a description or prompt, for a name."""
    words = text.split()
    short = " ".join(words[:most]).rstrip(".,;:")
    return short + ("…" if len(words) > most else "")


def _score_steps(tx: Transaction, asset: Asset, ids: list[str], target: Target) -> None:
    """Record the takes in their range (made if new), the first picked, and play it."""
    start, end = target.score
    if not 0 <= start < end:
        raise EditError(f"a score range must run forward, got {start}-{end}")
    project = tx.project
    found = next((r for r in project.score_ranges if (r.start, r.end) == (start, end)), None)
    if found is None:
        found = ScoreRange(new_id("r"), start, end, follows=target.follows)
        tx.run(AddItem("score_ranges", found))
    takes = [*found.takes, *ids]
    tx.run(UpdateItem("score_ranges", found.id, {"takes": takes, "picked": ids[0]}))
    _play_over(tx, found, asset, target.replaces)


def _play_over(
    tx: Transaction, score_range: ScoreRange, asset: Asset, replaces: str | None = None
) -> None:
    """Put `asset` over the range on the first audio track free there, in place of the
    range's previous take and of the score it refits (gone first, so their place is free)."""
    project = tx.project
    start, end = score_range.start, score_range.end
    gone = {c.id for c in score_clips(project, score_range)}
    if replaces and project.clip(replaces) is not None:
        gone.add(replaces)
    if gone:
        tx.run(DeleteClips(sorted(gone), linked=False))
    audio = [
        t
        for t in project.tracks
        if t.kind is TrackKind.AUDIO and not t.locked and not is_dialogue_track(t)
    ]
    free = next((t for t in audio if not clips_in_range(t, start, end)), None)
    if free is None:
        track_id = new_id("t")
        tx.run(AddTrack(TrackKind.AUDIO, track_id=track_id))
    else:
        track_id = free.id
    clip = Clip(new_id("c"), asset.id, start, end - start, 0, asset.name, duck_db=DUCK_DB)
    tx.run(InsertClip(track_id, clip))


def score_clips(project: Project, score_range: ScoreRange) -> list[Clip]:
    """The clips that play a range's takes over it."""
    takes = set(score_range.takes)
    return [
        c
        for c in project.all_clips()
        if c.asset_id in takes and c.start == score_range.start and c.end == score_range.end
    ]


def pick_score_take(project: Project, range_id: str, asset_id: str) -> Edit:
    """Put another of the range's takes over it."""

    def steps(tx: Transaction) -> None:
        found = tx.project.item("score_ranges", range_id)
        if found is None or asset_id not in found.takes:
            raise EditError(f"{asset_id} is not a take of this score range")
        tx.run(UpdateItem("score_ranges", found.id, {"picked": asset_id}))
        _play_over(tx, found, tx.project.assets[asset_id])

    return Composite("Pick score take", steps)


def place_existing(project: Project, asset: Asset, at: int) -> tuple[Edit, list[str]]:
    """An asset the project has, placed again at frame `at` (the Jobs dock's Place)."""
    length = None
    if asset.kind is MediaKind.IMAGE:
        seconds = (asset.provenance or {}).get("duration")
        length = seconds_to_frames(seconds, project.settings.fps) if seconds else None
    return _placement(project, asset, at, length)


def _placement(project: Project, asset: Asset, at: int, length: int | None):
    """placement_edit without adding the asset: it is in the project already."""
    from studio.workflows.importer import placement_edit

    return placement_edit(project, [asset], at, durations=[length], add_assets=False)


def land(doc: Any, job: Any, target: Target | None = None, *, keep_source: bool = False):
    """Both halves on this thread (the command line): returns the new assets."""
    assets = bring_in(doc.path, job, keep_source=keep_source)
    result = doc.apply(landing_edit(doc.project, assets, target or getattr(job, "target", None)))
    if not result:
        raise UserError(result.reason)
    return assets


__all__ = ["Target", "bring_in", "land", "landing_edit", "pick_score_take", "place_existing"]
