"""Search results and filters: plain records the UI can import without the model stack."""

from __future__ import annotations

from dataclasses import dataclass

from studio.model import Asset, MediaKind, Project


@dataclass(frozen=True)
class Hit:
    asset: str
    score: float


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[MediaKind] | None = None
    scene: str | None = None  # a scene's id, number or heading
    generator: str | None = None  # a generator id, e.g. "storyreel.procedural"

    def allowed(self, project: Project) -> list[Asset]:
        """The assets these filters let through, in project order."""
        in_scene = scene_assets(project, self.scene) if self.scene else None
        out = []
        for asset in project.assets.values():
            if self.kinds and asset.kind not in self.kinds:
                continue
            if in_scene is not None and asset.id not in in_scene:
                continue
            if self.generator and (asset.provenance or {}).get("generator") != self.generator:
                continue
            out.append(asset)
        return out


def find_scene(project: Project, ref: str):
    """The scene named by id, number ("3", "12A") or heading (case-insensitive), or None."""
    lowered = ref.strip().lower()
    for scene in project.scenes:
        if lowered in (scene.id.lower(), scene.number.lower(), scene.heading.strip().lower()):
            return scene
    return None


def scene_assets(project: Project, ref: str) -> set[str]:
    """Assets of a scene: its shots' takes and whatever its shots' clips show."""
    scene = find_scene(project, ref)
    if scene is None:
        return set()
    shots = {s.id for s in project.shots if s.scene_id == scene.id}
    assets = {take for s in project.shots if s.id in shots for take in s.takes}
    assets.update(
        c.asset_id for c in project.all_clips() if c.shot_id in shots and c.asset_id is not None
    )
    return assets


NO_FILTERS = Filters()  # every asset
