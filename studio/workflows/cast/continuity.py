"""Continuity: which shots show an element least like its references, from image embeddings.

Each shot an element is in is represented by its picked take's picture; its score is the
cosine similarity of that picture's embedding to the mean of the element's reference
embeddings (a CLIP model's, when one is configured). Drift is 1 - similarity: the shots
that drift furthest come first. An element without references is compared with the mean of
its own appearances instead, and the report says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from studio.model import MediaKind, Project


@dataclass(frozen=True)
class Drift:
    shot_id: str
    asset_id: str
    similarity: float
    drift: float


@dataclass(frozen=True)
class ContinuityReport:
    element_id: str
    name: str
    against: str  # "references" | "appearances" | "" (nothing to compare)
    shots: tuple[Drift, ...]  # furthest first


def rank_drift(references: np.ndarray, appearances: dict[str, tuple[str, np.ndarray]]) -> list:
    """Shots (id → (asset id, embedding)) by how far each is from the references' mean,
    furthest first; ties keep the given order. Pure arithmetic on the vectors."""
    if len(references) == 0 or not appearances:
        return []
    centre = _unit(np.mean(np.asarray(references, np.float64), axis=0))
    out = []
    for shot_id, (asset_id, vector) in appearances.items():
        similarity = float(np.dot(_unit(np.asarray(vector, np.float64)), centre))
        out.append(Drift(shot_id, asset_id, round(similarity, 6), round(1.0 - similarity, 6)))
    order = {shot_id: n for n, shot_id in enumerate(appearances)}
    return sorted(out, key=lambda d: (-d.drift, order[d.shot_id]))


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm > 0 else vector


def appearances_of(project: Project, element_id: str) -> dict[str, str]:
    """Shot id → the picked take that shows it, for every shot of the element with a picture."""
    element = project.item("elements", element_id)
    out = {}
    for shot_id in element.shots if element else ():
        shot = project.item("shots", shot_id)
        asset = project.assets.get(shot.picked) if shot and shot.picked else None
        if asset is not None and asset.kind in (MediaKind.IMAGE, MediaKind.VIDEO):
            out[shot_id] = asset.id
    return out


def continuity(project: Project, folder: Path | None, clip, element_ids=None) -> list:
    """A report per element (all, or those named), embedding pictures with `clip` (a
    studio.taste ClipModel). Reads files and runs a model: call it off the GUI thread."""
    from studio.model.files import media_path
    from studio.taste.embeddings import Source, embed_pictures

    chosen = [e for e in project.elements if element_ids is None or e.id in element_ids]
    wanted: dict[str, Source] = {}
    for element in chosen:
        for asset_id in [*element.references, *appearances_of(project, element.id).values()]:
            asset = project.assets.get(asset_id)
            if asset is not None and not asset.offline and folder is not None:
                path = media_path(Path(folder), asset)
                wanted[asset_id] = Source(asset_id, asset.name, path, asset.kind)
    vectors = embed_pictures(list(wanted.values()), folder, clip) if wanted else {}
    reports = []
    for element in chosen:
        shown = {
            shot_id: (asset_id, vectors[asset_id])
            for shot_id, asset_id in appearances_of(project, element.id).items()
            if asset_id in vectors
        }
        refs = [vectors[a] for a in element.references if a in vectors]
        against = "references" if refs else ("appearances" if len(shown) > 1 else "")
        if not refs and against:
            refs = [v for _, v in shown.values()]
        ranked = rank_drift(np.array(refs), shown) if against else []
        reports.append(ContinuityReport(element.id, element.name, against, tuple(ranked)))
    return reports
