"""The fused request for a storyboard shot: what its scene, description, style and characters
say, at the project's aspect, as an editable prompt the panel shows before it runs."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from studio.errors import UserError
from studio.model import Project, Shot
from studio.model.aspect import Aspect, nearest_aspect
from studio.model.files import media_path
from studio.model.time import frames_to_seconds
from studio.plugins.api import ELEMENT, REFERENCE, Kind, Media, Request
from studio.workflows.styles import NO_STYLE, Style

# CLIP reads 77 tokens: the shot comes first and the scene's text is cut short, so that
# truncation drops context rather than the subject or the style's words.
SCENE_CONTEXT_CHARS = 100
_HEADING = re.compile(r"^(INT\./EXT\.|INT/EXT|I/E|INT\.?|EXT\.?|EST\.?)\s+(.*)$", re.IGNORECASE)
_PLACES = {"INT": "interior", "EXT": "exterior", "EST": "exterior"}


@dataclass(frozen=True)
class FusedRequest:
    """A shot's request before it runs; `parts` says where each piece of the prompt came from."""

    prompt: str
    negative_prompt: str
    width: int
    height: int
    aspect: str
    duration: float
    fps: float
    inputs: tuple[Media, ...] = ()
    parts: dict[str, str] = field(default_factory=dict)

    def edited(self, prompt: str | None = None, negative_prompt: str | None = None):
        """The same request with the user's edit of the prompt or negative prompt."""
        changes = {"prompt": prompt, "negative_prompt": negative_prompt}
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    def to_request(self, params: BaseModel, seed: int, variation_of: Path | None = None) -> Request:
        """The generator request; `variation_of` (a take's file) makes it image→image."""
        inputs = self.inputs
        if variation_of is not None:
            inputs = (Media(Kind.IMAGE, Path(variation_of), role="init-image"), *inputs)
        return Request(
            prompt=self.prompt,
            negative_prompt=self.negative_prompt,
            params=params,
            seed=seed,
            width=self.width,
            height=self.height,
            duration=self.duration,
            fps=self.fps,
            inputs=inputs,
        )


def fuse_shot(
    project: Project,
    shot_id: str,
    *,
    style: Style = NO_STYLE,
    characters: Mapping[str, str] | None = None,
    aspect: Aspect | None = None,
    area: int = 512 * 512,
    multiple: int = 64,
    folder: Path | None = None,
    neighbours: bool = False,
    cast: bool = True,
) -> FusedRequest:
    """Build the request for one shot.

    characters: name → note; a note is used when its name appears in the shot or its scene.
    aspect: None takes the preset nearest the project's frame size. area: the model's native
    pixel count (512² for SD 1.5, 1024² for SDXL). neighbours: with the project `folder`,
    pass the picked takes of the shots before and after as inputs ("previous-shot",
    "next-shot") for generators that use them. cast: the descriptions of the characters,
    places and props in the shot (the story graph) join the prompt and go in as ELEMENT
    inputs, and, with `folder`, their reference pictures as REFERENCE inputs.
    """
    shot = project.item("shots", shot_id)
    if shot is None:
        raise UserError(f"there is no shot {shot_id}")
    scene = project.item("scenes", shot.scene_id) if shot.scene_id else None
    settings = project.settings
    aspect = aspect or nearest_aspect(settings.width, settings.height)
    width, height = aspect.size(area, multiple)

    parts = {"shot": shot.description.strip()}
    if scene is not None:
        parts["setting"] = describe_heading(scene.heading)
        parts["scene"] = first_sentences(scene.text, SCENE_CONTEXT_CHARS)
    context = " ".join(filter(None, (shot.description, scene.text if scene else "")))
    notes = characters_in(context, characters or {})
    cast_inputs: tuple[Media, ...] = ()
    if cast:
        described, cast_inputs = cast_of(project, shot, folder)
        # The story graph's description wins over a loose note under the same name.
        notes = {n: v for n, v in notes.items() if n.upper() not in described}
        if described:
            parts["cast"] = "; ".join(f"{name}: {text}" for name, text in described.items())
        pictures = [m.label for m in cast_inputs if m.role == REFERENCE]
        if pictures:
            counts = {name: pictures.count(name) for name in dict.fromkeys(pictures)}
            parts["references"] = ", ".join(f"{n} ({c})" for n, c in counts.items())
    if notes:
        parts["characters"] = "; ".join(f"{name}: {note}" for name, note in notes.items())
    order = ("shot", "cast", "characters", "setting", "scene")
    # Sentences joined once: a description that ends in a full stop gets no second one.
    subject = ". ".join(parts[k].rstrip(". ") for k in order if parts.get(k))
    prompt, negative = style.apply(subject)
    parts["style"] = style.name
    return FusedRequest(
        prompt=prompt,
        negative_prompt=negative,
        width=width,
        height=height,
        aspect=aspect.id,
        duration=float(frames_to_seconds(shot.duration, settings.fps)),
        fps=float(settings.fps),
        inputs=(_neighbour_inputs(project, shot, folder) if neighbours and folder else ())
        + cast_inputs,
        parts=parts,
    )


def describe_heading(heading: str) -> str:
    """ "EXT. HARBOUR - DAWN" → "exterior, harbour, dawn": words a model knows."""
    match = _HEADING.match(heading.strip())
    place, rest = ("", heading) if match is None else (match[1], match[2])
    # INT./EXT. and I/E name both: no word beats a wrong one.
    words = [_PLACES.get(place.upper().rstrip("."), "")] if place else []
    words += [w.strip().lower() for w in re.split(r"\s+[-–—]\s+", rest) if w.strip()]
    return ", ".join(w for w in words if w and w != "continuous")


def first_sentences(text: str, limit: int) -> str:
    """Whole sentences from the start of `text`, up to `limit` characters (one at least)."""
    flat = " ".join(text.split())
    sentences = re.findall(r"[^.!?]+[.!?]*", flat)
    kept = ""
    for sentence in sentences:
        candidate = f"{kept} {sentence.strip()}".strip()
        if kept and len(candidate) > limit:
            break
        kept = candidate
    return kept[:limit].rstrip(" .") if kept else ""


def characters_in(text: str, characters: Mapping[str, str]) -> dict[str, str]:
    """The notes of the characters named in `text` (whole words, any case), in given order."""
    return {
        name: note.strip()
        for name, note in characters.items()
        if note.strip() and re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE)
    }


def cast_of(
    project: Project, shot: Shot, folder: Path | None
) -> tuple[dict[str, str], tuple[Media, ...]]:
    """The described elements in a shot (name → description) and their inputs: each one's
    description (ELEMENT), then every reference picture (REFERENCE), characters first, so
    the first picture is the main character's main reference."""
    rank = {"character": 0, "prop": 1, "place": 2}
    here = sorted(
        (e for e in project.elements if shot.id in e.shots), key=lambda e: rank[e.kind.value]
    )
    described = {e.name: e.description.strip() for e in here if e.description.strip()}
    texts = [Media(Kind.TEXT, text=d, role=ELEMENT, label=n) for n, d in described.items()]
    pictures = []
    if folder is not None:
        for element in here:
            for asset_id in element.references:
                asset = project.assets.get(asset_id)
                if asset is not None and asset.kind.value == "image" and not asset.offline:
                    path = media_path(folder, asset)
                    pictures.append(Media(Kind.IMAGE, path, role=REFERENCE, label=element.name))
    return described, (*texts, *pictures)


def _neighbour_inputs(project: Project, shot: Shot, folder: Path) -> tuple[Media, ...]:
    index = project.shots.index(shot)
    inputs = []
    for offset, role in ((-1, "previous-shot"), (1, "next-shot")):
        if 0 <= index + offset < len(project.shots):
            picked = project.shots[index + offset].picked
            asset = project.assets.get(picked) if picked else None
            if asset is not None and asset.kind.value == "image":
                inputs.append(Media(Kind.IMAGE, media_path(folder, asset), role=role))
    return tuple(inputs)
