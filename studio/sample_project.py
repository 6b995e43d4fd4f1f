"""The sample project the first launch opens: a six-shot animatic made by our own code.

Its storyboard cards, a short moving shot and a temp score are synthesized here, so the
project ships no media and carries no rights questions. It is built whole or not at all
(see `sample_state` for what the next start does with the one it finds).
"""

from __future__ import annotations

import json
import logging
from concurrent.futures import ThreadPoolExecutor
from fractions import Fraction
from pathlib import Path

import numpy as np

from studio.errors import ProjectError
from studio.media import synth
from studio.model import Clip, Document, Scene, Settings, Shot, TrackKind, new_id
from studio.model.edits import (
    AddItem,
    AddMarker,
    InsertClip,
    Macro,
    SetClipFields,
    SetScript,
    UpdateItem,
)
from studio.model.files import creating_project
from studio.model.time import seconds_to_frames
from studio.paths import resources_dir, user_data_dir
from studio.sample_record import (
    EDITED,
    SAMPLE_NAME,
    STALE,
    UP_TO_DATE,
    keep_aside,
    remove,
    sample_state,
    write_record,
)
from studio.workflows.cast.edits import add_reference
from studio.workflows.cast.graph import SyncElements
from studio.workflows.importer import placement_edit, prepare_import

log = logging.getLogger(__name__)


def ensure_sample_project(root: Path | None = None) -> Path:
    """The sample project's folder, built on first use.

    A sample that an interrupted or older build left is rebuilt; one the user changed is
    first moved aside as "Sample (edited).storyreel", never overwritten.
    """
    folder = (root or user_data_dir()) / SAMPLE_NAME
    state = sample_state(folder)
    if state == UP_TO_DATE:
        return folder
    if state == EDITED:
        log.warning("the sample project was changed; kept as %s", keep_aside(folder))
    elif state == STALE:
        remove(folder)
    try:
        build_sample_project(folder)
    except ProjectError:
        if sample_state(folder) != UP_TO_DATE:  # not another start that built it meanwhile
            raise
    return folder


def build_sample_project(folder: Path) -> Document:
    """Build the sample at `folder`, which must not exist: it appears complete or not at all."""
    source = resources_dir() / "sample"
    spec = json.loads((source / "shots.json").read_text(encoding="utf-8"))
    script_text = (source / "sample.fountain").read_text(encoding="utf-8")
    fps = Fraction(spec["fps"])
    settings = Settings(fps=fps, width=1280, height=720, sample_rate=48000)
    settings.still_frames = seconds_to_frames(3, fps)
    with creating_project(folder, settings, finish=write_record) as doc:
        _fill(doc, spec, script_text)
    return doc


def _fill(doc: Document, spec: dict, script_text: str) -> None:
    folder = doc.path
    fps = doc.project.settings.fps
    settings = doc.project.settings
    # Written straight into media/: the whole folder is published by one rename (and
    # flushed once before it), so copying each file in again only cost a first start time.
    staging = folder / "media"
    staging.mkdir(parents=True, exist_ok=True)

    scenes: dict[str, Scene] = {}
    for heading in dict.fromkeys(s["scene"] for s in spec["shots"]):
        scenes[heading] = Scene(
            new_id("s"), heading, _scene_text(script_text, heading), str(len(scenes) + 1)
        )
    edits = [SetScript(script_text, title="The Lighthouse Keeper's Daughter")]
    edits += [AddItem("scenes", scene) for scene in scenes.values()]

    # The media are made side by side: PNG and H.264 encoding and numpy's arithmetic let go
    # of the GIL, and a first start waits for the slowest of them, not for their sum.
    with ThreadPoolExecutor(4, thread_name_prefix="sample-media") as makers:
        card_jobs = []
        for number, shot in enumerate(spec["shots"], start=1):
            card = staging / f"shot-{number:02d}.png"
            label = f"{number}. {shot['description']}"
            # The first card's caption keeps to the top: the title is over its lower third.
            card_jobs.append(
                makers.submit(
                    synth.write_card, card, (1280, 720), label, shot["color"], upper=number == 1
                )
            )
        video_job = makers.submit(
            synth.write_test_video, staging / "beam.mp4", frames=48, fps=24, size=(640, 360)
        )
        score = staging / "temp-score.wav"
        total = sum(s["seconds"] for s in spec["shots"])
        pad_job = makers.submit(_write_pad, score, total, settings.sample_rate)
        cards = [job.result() for job in card_jobs]
        moving = video_job.result()
        pad_job.result()
    doc.apply(Macro("Sample script", edits))

    prepared = prepare_import(folder, [*cards, moving, score], copy=True)
    assets = [p.asset for p in prepared]
    failed = [p.error for p in prepared if p.asset is None]
    if failed:
        raise RuntimeError(f"could not build the sample project: {failed[0]}")
    card_assets, video_asset, score_asset = assets[:-2], assets[-2], assets[-1]
    v1 = next(t for t in reversed(doc.project.tracks) if t.kind is TrackKind.VIDEO)
    v2 = next(t for t in doc.project.tracks if t.kind is TrackKind.VIDEO and t is not v1)
    text = next(t for t in doc.project.tracks if t.kind is TrackKind.TEXT)
    a1 = next(t for t in doc.project.tracks if t.kind is TrackKind.AUDIO)

    lengths = [seconds_to_frames(shot["seconds"], fps) for shot in spec["shots"]]
    place, clip_ids = placement_edit(
        doc.project, card_assets, at_frame=0, track_id=v1.id, durations=lengths
    )
    doc.apply(place)
    shot_edits = []
    for shot_spec, asset, clip_id, frames in zip(
        spec["shots"], card_assets, clip_ids, lengths, strict=True
    ):
        shot = Shot(
            new_id("h"),
            scenes[shot_spec["scene"]].id,
            shot_spec["description"],
            frames,
            takes=[asset.id],
            picked=asset.id,
        )
        shot_edits.append(AddItem("shots", shot))
        shot_edits.append(SetClipFields(clip_id, {"shot_id": shot.id, "link": shot.id}))
    doc.apply(Macro("Shots", [*shot_edits, SyncElements()]))
    _describe_cast(doc, spec.get("cast", {}), card_assets)
    start = doc.project.clip(clip_ids[-1]).start
    place_video, _ = placement_edit(doc.project, [video_asset], at_frame=start, track_id=v2.id)
    place_score, _ = placement_edit(doc.project, [score_asset], at_frame=0, track_id=a1.id)
    title = Clip(new_id("c"), None, 0, seconds_to_frames(3, fps), 0, "Title", text="THE LIGHTHOUSE")
    doc.apply(
        Macro(
            "Sample media",
            [
                place_video,
                place_score,
                InsertClip(text.id, title),
                AddMarker(seconds_to_frames(10, fps), "The lamp is lit"),
            ],
        )
    )
    doc.clear_history()


def _describe_cast(doc: Document, cast: dict, cards: list) -> None:
    """The sample's cast and places described, some with a shot's card as their reference."""
    project = doc.project
    for name, about in cast.items():
        element = next(e for e in project.elements if e.name == name)
        # Described as the takes were made: none of them is out of date.
        doc.apply(UpdateItem("elements", element.id, {"description": about["description"]}))
        if "reference_shot" in about:
            card = cards[about["reference_shot"] - 1]
            doc.apply(add_reference(project, element.id, project.assets[card.id]))


def _scene_text(script: str, heading: str) -> str:
    lines = script.splitlines()
    try:
        first = lines.index(heading) + 1
    except ValueError:
        return ""
    body = []
    for line in lines[first:]:
        if line.startswith(("INT.", "EXT.", "FADE OUT")):
            break
        body.append(line)
    return "\n".join(body).strip()


def _write_pad(path: Path, seconds: float, sample_rate: int) -> None:
    """A slow minor-key pad, faded in and out: a temp score that is pleasant, not a test tone."""
    import soundfile

    # float32 throughout: half the work of float64, and a phase error far below hearing.
    t = np.arange(int(seconds * sample_rate), dtype=np.float32) / np.float32(sample_rate)
    chords = [(220.0, 261.63, 329.63), (174.61, 220.0, 261.63), (196.0, 246.94, 293.66)]
    chord_len = seconds / 6
    out = np.zeros((t.size, 2), dtype=np.float32)
    for i, chord in enumerate(chords * 2):
        mask = (t >= i * chord_len) & (t < (i + 1) * chord_len + 0.5)
        local = t[mask] - i * chord_len
        env = np.minimum(1.0, local / 0.8) * np.minimum(1.0, np.maximum(0, chord_len + 0.5 - local))
        tone = sum(
            np.sin(np.float32(2 * np.pi * f) * local)
            + np.float32(0.3) * np.sin(np.float32(4 * np.pi * f) * local)
            for f in chord
        )
        out[mask, 0] += (0.08 * env * tone).astype(np.float32)
        out[mask, 1] += (0.08 * env * np.roll(tone, 200)).astype(np.float32)
    fade = min(t.size, sample_rate)
    out[:fade] *= np.linspace(0, 1, fade, dtype=np.float32)[:, None]
    out[-fade:] *= np.linspace(1, 0, fade, dtype=np.float32)[:, None]
    soundfile.write(path, out, sample_rate, subtype="PCM_16")
