"""What the Cast & Places panel runs in a worker process: module-level, so it pickles."""

from __future__ import annotations

from pathlib import Path


def reference_still(folder: Path | None, source: Path, crop):
    """An image asset for a reference from a picture or a video's first frame."""
    from studio.workflows.cast.references import still_from

    return still_from(folder, Path(source), crop, 0.0)


def continuity_of(project, folder: Path | None, clip_name: str, element_id: str):
    from studio.taste.models import clip_model
    from studio.workflows.cast.continuity import continuity

    return continuity(project, folder, clip_model(clip_name), {element_id})
