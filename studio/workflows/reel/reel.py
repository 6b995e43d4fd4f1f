"""The reel's layout rule: each shot owns one span of the storyboard's picture track.

Break Down lays the spans out end to end as placeholders (title cards that show the shot's
description). A shot's frame, and later its clip, replace what shows *in that span*: same
start, same length, same clip id. The shot's clips on other tracks (a clip's own sound)
sit over exactly the same frames and carry the shot's id as their link, so moving,
trimming or deleting any of them acts on all (studio.model.edits' linked edits).
See docs/reel.md.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from studio.errors import UserError
from studio.model import Asset, Clip, MediaKind, Project, Shot, Track, TrackKind, new_id
from studio.model.edits import AddTrack, DeleteClips, Edit, InsertClip
from studio.model.entities import DIALOGUE_TRACKS  # a shot's own sound never goes there
from studio.model.project import clips_in_range

PICTURE_TRACK_NAME = "Storyboard"


def picture_track(project: Project) -> Track | None:
    """The video track that holds the storyboard: the one with most shot spans, else a
    video track named Storyboard, else None (the first span then adds one, under the other
    video tracks, so the footage cut over it stays on top)."""
    shot_ids = {s.id for s in project.shots}
    # No shots, no spans: a project without a storyboard need not have its clips counted
    # (every edit asks; 100,000 clips took 12 ms an edit).
    counts = shot_ids and Counter(
        track.id
        for track in project.tracks
        if track.kind is TrackKind.VIDEO
        for clip in track.clips
        if clip.shot_id in shot_ids
    )
    if counts:
        return project.track(counts.most_common(1)[0][0])
    videos = [t for t in project.tracks if t.kind is TrackKind.VIDEO and not t.locked]
    return next((t for t in videos if t.name == PICTURE_TRACK_NAME), None)


def new_picture_track(project: Project) -> tuple[AddTrack, str]:
    """An edit adding the picture track under the other video tracks (it becomes V1)."""
    track_id = new_id("t")
    videos = [i for i, t in enumerate(project.tracks) if t.kind is TrackKind.VIDEO]
    index = videos[-1] + 1 if videos else 0
    return AddTrack(TrackKind.VIDEO, PICTURE_TRACK_NAME, index, track_id), track_id


def span_clip(project: Project, shot_id: str) -> Clip | None:
    """What shows in the shot's span (its placeholder, frame or clip), if it has a span."""
    track = picture_track(project)
    if track is None:
        return None
    return next((c for c in track.clips if c.shot_id == shot_id), None)


def spans(project: Project) -> dict[str, Clip]:
    """What shows in every shot's span, by shot id, in one pass (a list of shots asking
    `span_clip` one by one looked over every clip once per shot)."""
    track = picture_track(project)
    return {c.shot_id: c for c in track.clips if c.shot_id} if track else {}


def span(project: Project, shot_id: str) -> tuple[int, int] | None:
    clip = span_clip(project, shot_id)
    return (clip.start, clip.end) if clip else None


def shot_clips(project: Project, shot_id: str) -> list[Clip]:
    """Every clip of the shot, on any track (its span and its linked sound)."""
    return sorted(
        (c for c in project.all_clips() if c.shot_id == shot_id or c.link == shot_id),
        key=lambda c: c.start,
    )


def clips_by_shot(project: Project) -> dict[str, list[Clip]]:
    """`shot_clips` for every shot at once, in one pass over the clips."""
    found: dict[str, list[Clip]] = {}
    for clip in project.all_clips():
        for key in {clip.shot_id, clip.link} - {None}:
            found.setdefault(key, []).append(clip)
    for clips in found.values():
        clips.sort(key=lambda c: c.start)
    return found


def placeholder(shot: Shot, start: int, duration: int, name: str, clip_id: str = "") -> Clip:
    """A shot's span before it has a picture: a card with its description."""
    return Clip(
        clip_id or new_id("c"),
        None,
        start,
        duration,
        name=name,
        shot_id=shot.id,
        text=shot.description,
        link=shot.id,
    )


def show_in_span(project: Project, shot_id: str, asset: Asset) -> list[Edit]:
    """Edits that make the shot's span show `asset` (an image, or a video with its sound
    under it), replacing what shows there now; never anywhere else, never moving others.

    A shot with no span yet gets one at the end of the picture track."""
    shot = project.item("shots", shot_id)
    if shot is None:
        raise UserError(f"there is no shot {shot_id}")
    if asset.kind not in (MediaKind.IMAGE, MediaKind.VIDEO):
        raise UserError(f"{asset.name} is {asset.kind}; a shot shows an image or a video")
    edits: list[Edit] = []
    old = span_clip(project, shot_id)
    if old is not None:
        track_id = project.track_of(old.id).id
        clip = dataclasses.replace(old, asset_id=asset.id, source_in=0, text="", link=shot_id)
        edits += [DeleteClips([old.id], linked=False), InsertClip(track_id, clip)]
    else:
        track = picture_track(project)
        if track is None:
            add, track_id = new_picture_track(project)
            edits.append(add)
            start = 0
        else:
            track_id, start = track.id, track.end
        name = shot.description[:60] or "Shot"
        clip = Clip(
            new_id("c"), asset.id, start, shot.duration, 0, name, shot_id=shot_id, link=shot_id
        )
        edits.append(InsertClip(track_id, clip))
    edits += _sound_edits(project, shot_id, asset, clip)
    return edits


def _sound_edits(project: Project, shot_id: str, asset: Asset, picture: Clip) -> list[Edit]:
    """The shot's old sound goes; a video with sound puts its own under the span."""
    old = [
        c for c in shot_clips(project, shot_id) if project.track_of(c.id).kind is TrackKind.AUDIO
    ]
    edits: list[Edit] = [DeleteClips([c.id for c in old], linked=False)] if old else []
    if asset.kind is not MediaKind.VIDEO or not asset.has_audio:
        return edits
    gone = {c.id for c in old}
    audio = [
        t
        for t in project.tracks
        if t.kind is TrackKind.AUDIO and not t.locked and t.name not in DIALOGUE_TRACKS
    ]
    free = next(
        (
            t
            for t in audio
            if all(c.id in gone for c in clips_in_range(t, picture.start, picture.end))
        ),
        None,
    )
    if free is None:
        track_id = new_id("t")
        edits.append(AddTrack(TrackKind.AUDIO, track_id=track_id))
    else:
        track_id = free.id
    sound = Clip(
        new_id("c"),
        asset.id,
        picture.start,
        picture.duration,
        0,
        f"{picture.name} (sound)",
        shot_id=shot_id,
        link=shot_id,
    )
    return [*edits, InsertClip(track_id, sound)]


def shot_picture(project: Project, shot_id: str) -> Asset | None:
    """The shot's storyboard frame: the picture in its span, else its picked take if that
    is a picture, else its newest picture take (a clip in the span keeps its frame)."""
    shot = project.item("shots", shot_id)
    if shot is None:
        return None
    shown = span_clip(project, shot_id)
    candidates = [shown.asset_id if shown else None, shot.picked, *reversed(shot.takes)]
    for asset_id in candidates:
        asset = project.assets.get(asset_id) if asset_id else None
        if asset is not None and asset.kind is MediaKind.IMAGE:
            return asset
    return None


def shows_video(project: Project, shot_id: str) -> bool:
    clip = span_clip(project, shot_id)
    asset = project.assets.get(clip.asset_id) if clip and clip.asset_id else None
    return asset is not None and asset.kind is MediaKind.VIDEO


def layout_problems(project: Project) -> list[str]:
    """Where the timeline breaks the rule (empty when it holds): a shot's clips off its
    span, spans of two shots overlapping, a shot's sound outside its span."""
    problems = []
    spans: list[tuple[int, int, str]] = []
    for shot in project.shots:
        where = span(project, shot.id)
        if where is None:
            continue
        spans.append((*where, shot.id))
        for clip in shot_clips(project, shot.id):
            if (clip.start, clip.end) != where:
                track = project.track_of(clip.id)
                problems.append(
                    f"shot {shot.id}: clip {clip.id} on {track.name} covers "
                    f"{clip.start}-{clip.end}, its span is {where[0]}-{where[1]}"
                )
    spans.sort()
    for (_, end, a), (start, _, b) in zip(spans, spans[1:], strict=False):
        if start < end:
            problems.append(f"shots {a} and {b} overlap")
    return problems
