"""Which script scene each document scene is, and which timeline clips show a scene (no Qt).

The document's scenes come from the last breakdown, the script's from the latest parse;
they are matched by heading, the n-th "INT. KITCHEN - DAY" to the n-th, so a scene added
or removed since the breakdown does not shift every scene after it. A heading found in
only one of them falls back to its position.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from studio.model.entities import Scene
from studio.model.project import Project
from studio.workflows.script.analysis import SceneRow, heading_key


def link_scenes(scenes: Sequence[Scene], rows: Sequence[SceneRow]) -> dict[str, int]:
    """Document scene id → the index of the script scene it stands for."""
    by_key: dict[tuple[str, int], int] = {}
    seen: Counter[str] = Counter()
    for row in rows:
        by_key[(row.key, seen[row.key])] = row.index
        seen[row.key] += 1
    seen.clear()
    links: dict[str, int] = {}
    for position, scene in enumerate(scenes):
        key = heading_key(scene.heading)
        found = by_key.get((key, seen[key]))
        seen[key] += 1
        if found is None and position < len(rows):
            found = position
        if found is not None:
            links[scene.id] = found
    return links


def clips_of_scene(project: Project, scene_id: str) -> list[str]:
    """Every timeline clip showing one of the scene's shots (placeholders and takes)."""
    shots = {s.id for s in project.shots if s.scene_id == scene_id}
    return sorted(c.id for c in project.all_clips() if c.shot_id in shots)


def scene_of_clips(project: Project, clip_ids: Sequence[str]) -> str | None:
    """The scene of the first selected clip that shows a shot."""
    shots = {s.id: s for s in project.shots}
    for clip_id in clip_ids:
        clip = project.clip(clip_id)
        shot = shots.get(clip.shot_id) if clip is not None and clip.shot_id else None
        if shot is not None and shot.scene_id:
            return shot.scene_id
    return None
