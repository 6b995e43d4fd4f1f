"""Score takes: what each was generated for, and bringing one onto the timeline as one edit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.engine.importer import Prepared, placement_edit, prepare_import
from studio.engine.refit import FITTED_TO
from studio.model import Asset, Project
from studio.model.edits import DeleteClips, Edit, Macro


@dataclass
class Take:
    """One generation for frames [start, end); `path` is set once its job is done."""

    number: int
    start: int
    end: int
    samples: int  # what the fitted generator was asked for: the range's exact length
    generator: str
    seed: int
    fitted_to: dict  # `cut_record` of the range when it was generated
    job: Any = None  # the engine's Job
    path: Path | None = None
    replaces: str | None = None  # the placed score clip this take refits
    failed: str = ""
    facts: dict = field(default_factory=dict)  # loudness etc., shown in the list once measured

    @property
    def frames(self) -> int:
        return self.end - self.start


def prepare_score_take(folder: Path | None, path: Path, fitted_to: dict) -> Prepared:
    """(worker) Probe a take and make its asset, its provenance noting the cut it fits."""
    from studio.engine.provenance import read_provenance

    provenance = read_provenance(path)
    record = provenance.model_dump(mode="json", by_alias=True) if provenance else {}
    record[FITTED_TO] = fitted_to
    return prepare_import(folder, [path], copy=True, provenance=record)[0]


def place_take_edit(
    project: Project, asset: Asset, start: int, end: int, replaces: str | None = None
) -> tuple[Edit, str]:
    """One undoable edit putting the take on the first audio track free over [start, end)
    (a new one if none is), exactly the range's length, removing the score it `replaces`
    if that is still there; returns the edit and the new clip's id."""
    edit, clip_ids = placement_edit(project, [asset], start, durations=[end - start])
    edits = [edit]
    if replaces is not None and project.clip(replaces) is not None:
        edits.insert(0, DeleteClips([replaces]))
    return Macro(f"Place score {asset.name}", edits), clip_ids[0]
