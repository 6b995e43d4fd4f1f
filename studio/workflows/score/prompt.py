"""The fused score prompt for a stretch of the timeline: mood from its scenes, tempo, key, style.

The panel shows `ScorePrompt.text()` before generating; the user may change any field
(`dataclasses.replace`) or edit the text itself, which is then sent as it is.
"""

from __future__ import annotations

import re
import typing
from collections import Counter
from dataclasses import dataclass

from pydantic import BaseModel

from studio.model import Project, Scene, TrackKind
from studio.model.project import clips_in_range

# Mood: (words that suggest it, as stems; how music in that mood is described; tempo; key).
MOODS: dict[str, tuple[tuple[str, ...], str, int, str]] = {
    "tense": (
        (
            "suspens",
            "danger",
            "dread",
            "creep",
            "threat",
            "hide",
            "hiding",
            "gun",
            "knife",
            "footstep",
            "whisper",
            "shadow",
            "nervous",
            "afraid",
            "fear",
            "tense",
        ),
        "tense, suspenseful",
        96,
        "C minor",
    ),
    "action": (
        (
            "chase",
            "fight",
            "punch",
            "explo",
            "crash",
            "battle",
            "escape",
            "race",
            "shoot",
            "sprint",
            "run",
            "attack",
            "fire",
        ),
        "driving, energetic, percussive",
        140,
        "D minor",
    ),
    "sad": (
        (
            "grief",
            "griev",
            "loss",
            "tear",
            "cry",
            "crie",
            "funeral",
            "alone",
            "lonely",
            "goodbye",
            "death",
            "dead",
            "die",
            "mourn",
            "sad",
            "rain",
        ),
        "melancholic, somber",
        66,
        "A minor",
    ),
    "mysterious": (
        (
            "myster",
            "strange",
            "fog",
            "mist",
            "unknown",
            "secret",
            "ancient",
            "ghost",
            "dark",
            "night",
            "moon",
        ),
        "mysterious, ethereal",
        80,
        "E minor",
    ),
    "hopeful": (
        (
            "hope",
            "sunrise",
            "dawn",
            "smile",
            "joy",
            "laugh",
            "reunion",
            "embrace",
            "bright",
            "triumph",
            "victory",
            "home",
        ),
        "hopeful, uplifting",
        100,
        "D major",
    ),
    "romantic": (
        ("love", "kiss", "heart", "tender", "gentle", "dance", "wedding", "hold"),
        "tender, romantic",
        76,
        "F major",
    ),
    "calm": (
        ("quiet", "peace", "still", "morning", "breeze", "sleep", "calm", "garden", "sea"),
        "calm, gentle",
        72,
        "C major",
    ),
}
DEFAULT_MOOD = "calm"

# Style presets for music: a template with {prompt}, as the image styles are.
STYLES: dict[str, str] = {
    "orchestral": "cinematic orchestral film score, {prompt}, strings, brass, timpani",
    "piano": "solo piano film score, {prompt}, intimate, felt piano",
    "ambient": "ambient soundscape, {prompt}, evolving synth pads, no drums",
    "electronic": "electronic film score, {prompt}, analog synthesizers, pulsing bass",
    "acoustic": "acoustic guitar and strings, {prompt}, warm, folk film score",
    "hybrid": "hybrid trailer score, {prompt}, orchestra with synths and big percussion",
}
DEFAULT_STYLE = "orchestral"

_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class ScorePrompt:
    """What the score for a stretch is asked to be; `text()` is the prompt itself."""

    moods: tuple[str, ...]
    tempo: int
    key: str
    style: str = DEFAULT_STYLE
    scenes: tuple[str, ...] = ()  # the headings it was fused from, shown beside the prompt

    def text(self) -> str:
        described = ", ".join(MOODS[m][1] if m in MOODS else m for m in self.moods)
        inner = f"{described}, {self.tempo} BPM, {self.key}"
        return STYLES.get(self.style, "{prompt}").format(prompt=inner)

    def suggested_params(self, params_model: type[BaseModel]) -> dict:
        """Values for whichever of `tempo`, `key` and `mood` the generator's Params has,
        within its choices (the built-in temp score takes all three)."""
        fields = params_model.model_fields
        values: dict = {}
        if "tempo" in fields:
            values["tempo"] = self.tempo
        root = self.key.split()[0]
        if "key" in fields and _allowed(fields["key"].annotation, root):
            values["key"] = root
        if "mood" in fields:
            allowed = [m for m in self.moods if _allowed(fields["mood"].annotation, m)]
            if allowed:
                values["mood"] = allowed[0]
        return values


def fuse_score_prompt(
    project: Project,
    start: int,
    end: int,
    style: str = DEFAULT_STYLE,
    tempo: int | None = None,
    key: str | None = None,
) -> ScorePrompt:
    """The prompt for frames [start, end): moods from the scenes there; tempo and key from
    the leading mood unless given."""
    scenes = scenes_under(project, start, end)
    moods = mood_of(" ".join(_scene_words(project, scene) for scene in scenes))
    _, _, mood_tempo, mood_key = MOODS[moods[0]] if moods[0] in MOODS else MOODS[DEFAULT_MOOD]
    return ScorePrompt(
        moods=moods,
        tempo=tempo if tempo is not None else mood_tempo,
        key=key or mood_key,
        style=style,
        scenes=tuple(s.heading for s in scenes),
    )


def mood_of(text: str, most: int = 2) -> tuple[str, ...]:
    """The `most` moods whose words occur most often in `text` (the default mood if none)."""
    counts: Counter[str] = Counter()
    for word in _WORD.findall(text.lower()):
        for mood, (stems, *_rest) in MOODS.items():
            if word.startswith(stems):
                counts[mood] += 1
    ranked = [mood for mood, _ in counts.most_common(most)]
    return tuple(ranked) or (DEFAULT_MOOD,)


def scenes_under(project: Project, start: int, end: int) -> list[Scene]:
    """The scenes whose shots are on video tracks within [start, end), in timeline order."""
    shots = {shot.id: shot for shot in project.shots}
    scenes = {scene.id: scene for scene in project.scenes}
    found: dict[str, tuple[int, Scene]] = {}
    for track in project.tracks:
        if track.kind is not TrackKind.VIDEO:
            continue
        for clip in clips_in_range(track, start, end):
            shot = shots.get(clip.shot_id or "")
            scene = scenes.get(shot.scene_id or "") if shot else None
            if scene is not None and (scene.id not in found or clip.start < found[scene.id][0]):
                found[scene.id] = (clip.start, scene)
    return [scene for _, scene in sorted(found.values(), key=lambda pair: pair[0])]


def scene_range(project: Project, scene_id: str) -> tuple[int, int] | None:
    """Frames [start, end) spanned by the clips of a scene's shots, or None if none is placed."""
    shot_ids = {shot.id for shot in project.shots if shot.scene_id == scene_id}
    spans = [
        (clip.start, clip.end)
        for clip in project.all_clips()
        if clip.shot_id in shot_ids and project.track_of(clip.id).kind is TrackKind.VIDEO
    ]
    if not spans:
        return None
    return min(s for s, _ in spans), max(e for _, e in spans)


def _scene_words(project: Project, scene: Scene) -> str:
    shots = " ".join(s.description for s in project.shots if s.scene_id == scene.id)
    return f"{scene.heading} {scene.text} {shots}"


def _allowed(annotation: object, value: str) -> bool:
    choices = typing.get_args(annotation) if typing.get_origin(annotation) is typing.Literal else ()
    return not choices or value in choices
