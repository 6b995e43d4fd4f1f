"""Score takes: what each was generated for, read back from the project's score ranges."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studio.model import Project
from studio.model.files import media_path
from studio.workflows.score.refit import FITTED_TO


@dataclass(eq=False)
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
    asset_id: str | None = None  # once it is a take of a score range in the project
    range_id: str | None = None

    @property
    def frames(self) -> int:
        return self.end - self.start


def project_takes(project: Project, folder: Path | None) -> list[Take]:
    """Every take of every score range, in the ranges' order, oldest take first."""
    takes = []
    for score_range in project.score_ranges:
        for asset_id in score_range.takes:
            asset = project.assets.get(asset_id)
            if asset is None:
                continue
            record = asset.provenance or {}
            path = media_path(folder, asset) if folder is not None else Path(asset.path)
            takes.append(
                Take(
                    len(takes) + 1,
                    score_range.start,
                    score_range.end,
                    asset.samples or 0,
                    str(record.get("generator", "")),
                    int(record.get("seed", 0)),
                    record.get(FITTED_TO) or {},
                    path=path,
                    asset_id=asset.id,
                    range_id=score_range.id,
                )
            )
    return takes
