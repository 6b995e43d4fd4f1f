"""The text model's instructions for each writing action (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass

from studio.screenplay import ElementType, Screenplay
from studio.screenplay.markup import plain
from studio.workflows.script.breakdown import shot_prompt

SYSTEM = (
    "You are a professional screenwriter. You write in Fountain screenplay format: scene "
    "headings like INT. ROOM - NIGHT, action in present tense, character names in capitals "
    "above their dialogue. Answer with the text asked for and nothing else."
)
MOST_CONTEXT = 6000  # characters of script a prompt quotes: small models have short windows


@dataclass(frozen=True)
class WritingTask:
    action: str  # "continue" | "rewrite" | "shots" | "logline"
    title: str  # what the suggestion box says it holds
    prompt: str
    system: str = SYSTEM


def continue_scene(scene_so_far: str) -> WritingTask:
    text = _tail(scene_so_far)
    prompt = (
        "Continue this screenplay scene from where it stops, in Fountain format. Write the "
        f"next few beats of action and dialogue.\n\n{text}\n"
    )
    return WritingTask("continue", "Continue the scene", prompt)


def rewrite(passage: str, direction: str, scene: str = "") -> WritingTask:
    context = f"The scene it belongs to:\n\n{_tail(scene)}\n\n" if scene.strip() else ""
    prompt = (
        f"{context}Rewrite this passage of the screenplay {direction.strip()}. Keep Fountain "
        f"format and keep it about as long.\n\nPassage:\n\n{passage.strip()}\n\nRewritten:\n"
    )
    return WritingTask("rewrite", f"Rewrite: {direction.strip()}", prompt)


def shots(scene: str) -> WritingTask:
    return WritingTask("shots", "Shots for the scene", shot_prompt(_tail(scene)), system="")


def logline(screenplay: Screenplay) -> WritingTask:
    prompt = (
        "Write a logline for this screenplay: one sentence that names the protagonist, "
        f"their goal and what stands in the way.\n\n{outline(screenplay)}\n\nLogline:"
    )
    return WritingTask("logline", "Logline", prompt)


def outline(screenplay: Screenplay) -> str:
    """The script in brief, for a whole-script prompt: each heading and its first action."""
    lines = [f"Title: {screenplay.title}"] if screenplay.title else []
    for scene in screenplay.scenes:
        lines.append(scene.heading)
        action = next((e for e in scene.elements if e.type is ElementType.ACTION), None)
        if action is not None:
            lines.append(plain(action.text).strip().split("\n")[0])
    return _head("\n".join(lines))


def _tail(text: str) -> str:
    # A scene's end matters most to what comes next.
    return text if len(text) <= MOST_CONTEXT else "…" + text[-MOST_CONTEXT:]


def _head(text: str) -> str:
    return text if len(text) <= MOST_CONTEXT else text[:MOST_CONTEXT] + "…"
